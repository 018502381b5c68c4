import { useEffect, useRef } from 'react';
import type { Family } from '../../shared/methods.ts';

/**
 * Brings a line of maps into view when it is turned on (G, N): on a laptop the new line lands
 * below the fold, and a pressed button with nothing visible happening reads as broken. The first
 * class's line of that family is scrolled to the nearest edge, so what was on screen moves no more
 * than it must; smoothly unless the person asked for reduced motion.
 */
export function useNewRowInView(families: readonly Family[]): void {
  const previous = useRef(families);
  useEffect(() => {
    const added = families.find((f) => !previous.current.includes(f));
    previous.current = families;
    if (!added) return;
    const line = document.querySelector(`[data-testid=first-row] [data-family=${added}]`);
    const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
    line?.scrollIntoView({ block: 'nearest', behavior: smooth ? 'smooth' : 'auto' });
  }, [families.join()]);
}
