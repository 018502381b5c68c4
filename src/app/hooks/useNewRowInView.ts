import { useEffect, useRef } from 'react';

/**
 * Brings a part of the page into view when it is turned on (a line of maps: G, N, I; the
 * faithfulness test: D): on a laptop it lands below the fold, and a pressed button with nothing
 * visible happening reads as broken. Given the selectors of the parts on screen, the first one that
 * was not there before is scrolled to the nearest edge, so what was on screen moves no more than it
 * must; smoothly unless the person asked for reduced motion. What a link opens with stays put.
 */
export function useNewRowInView(parts: readonly string[]): void {
  const previous = useRef(parts);
  useEffect(() => {
    const added = parts.find((p) => !previous.current.includes(p));
    previous.current = parts;
    if (!added) return;
    const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
    document.querySelector(added)?.scrollIntoView({ block: 'nearest', behavior: smooth ? 'smooth' : 'auto' });
  }, [parts.join()]);
}
