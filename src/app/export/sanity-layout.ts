import { EXPORT_WIDTH, MARGIN, TITLE, type Rect } from './comparison-layout.ts';

/**
 * Where everything goes in the exported sanity check (1920 wide, like the comparison): the title,
 * the layers' names over the columns, a strip of maps per method (the trained model's first), then
 * the chart and, beside it, the caption. Pure numbers, for the unit test and the e2e test.
 */
const SUBTITLE = 40;
const STEP_NAMES = 170;
const METHOD_NAMES = 300;
const GAP = 4;
const CHART = { width: 1050, height: 420 };

export interface SanityLayout {
  width: number;
  height: number;
  /** Where the title, subtitle and method names start. */
  left: number;
  titleY: number;
  subtitleY: number;
  /** Per column (step 0 = trained): the x of its centre, for its name, written upwards from namesY. */
  columnCentres: number[];
  namesY: number;
  /** Per method: the baseline of its name and its cells, by step. */
  strips: { nameY: number; cells: Rect[] }[];
  chart: Rect;
  caption: Rect;
}

export function sanityLayout(methods: number, steps: number): SanityLayout {
  const columns = steps + 1;
  const left = MARGIN + METHOD_NAMES;
  const cell = Math.floor((EXPORT_WIDTH - left - MARGIN - (columns - 1) * GAP) / columns);
  const titleY = MARGIN + TITLE - 12;
  const subtitleY = titleY + SUBTITLE;
  const namesY = subtitleY + 16 + STEP_NAMES;
  const x = (column: number) => left + column * (cell + GAP);
  const strips = Array.from({ length: methods }, (_, m) => {
    const top = namesY + 12 + m * (cell + GAP);
    return { nameY: top + cell / 2 + 10, cells: Array.from({ length: columns }, (_, c) => ({ x: x(c), y: top, width: cell, height: cell })) };
  });
  const chartTop = namesY + 12 + methods * (cell + GAP) + 32;
  const chart = { x: MARGIN, y: chartTop, ...CHART };
  const caption = { x: MARGIN + CHART.width + 48, y: chartTop, width: EXPORT_WIDTH - 2 * MARGIN - CHART.width - 48, height: CHART.height };
  return {
    width: EXPORT_WIDTH, height: chartTop + CHART.height + MARGIN, left: MARGIN, titleY, subtitleY,
    columnCentres: Array.from({ length: columns }, (_, c) => x(c) + cell / 2), namesY, strips, chart, caption,
  };
}
