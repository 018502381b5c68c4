import { useEffect } from 'react';
import { serializeUrlState, type UrlState } from '../../shared/url-state.ts';

/**
 * Keeps the address bar equal to the view on screen, so the address is always the lesson link
 * (replaceState: changing a class is not a new page for the Back button).
 */
export function useUrlSync(state: UrlState): void {
  const search = serializeUrlState(state);
  useEffect(() => {
    if (search !== location.search) history.replaceState(null, '', `${location.pathname}${search}`);
  }, [search]);
}
