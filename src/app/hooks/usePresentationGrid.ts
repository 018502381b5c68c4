import { useEffect, useMemo, useState } from 'react';
import type { Method } from '../../shared/methods.ts';
import { presentationContent, presentationGrid, type MeasureText, type PresentationContent, type PresentationGrid } from '../presentation-layout.ts';

/** A text's width in ems in the page's own font, measured on a canvas (the titles' type is sized from it). */
function pageFontMeasure(): MeasureText {
  const context = document.createElement('canvas').getContext('2d');
  const family = getComputedStyle(document.documentElement).fontFamily;
  return (text, bold) => {
    if (!context) return text.length * 0.66;
    context.font = `${bold ? 'bold ' : ''}100px ${family}`;
    return context.measureText(text).width / 100;
  };
}

const viewport = () => ({ width: document.documentElement.clientWidth, height: innerHeight });

/** Presentation mode's grid for this window, these lines of maps and these blocks' headings (presentation-layout.ts), kept up as the window changes. */
export function usePresentationGrid(on: boolean, methods: readonly Method[], headings: readonly string[], below: PresentationContent['below']): PresentationGrid | undefined {
  const [screen, setScreen] = useState(viewport);
  useEffect(() => {
    const onResize = () => setScreen(viewport());
    addEventListener('resize', onResize);
    return () => removeEventListener('resize', onResize);
  }, []);
  const measure = useMemo(pageFontMeasure, []);
  return useMemo(() => (on ? presentationGrid(screen, presentationContent(methods, headings, measure, below)) : undefined),
    [on, screen.width, screen.height, methods, headings.join('\n'), below.height, below.width, measure]);
}
