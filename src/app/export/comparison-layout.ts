import { METHODS, type Method } from '../../shared/methods.ts';

/**
 * Where everything goes in the exported comparison: a projector-sized page (1920 wide) with a
 * title, the input and the three maps per class row, and the legend. Pure numbers, so it is tested
 * without a canvas and the e2e test can find each map in the PNG.
 */
export const EXPORT_WIDTH = 1920;
const MARGIN = 48;
const GAP = 32;
const TITLE = 56;
const SUBTITLE = 36;
const ROW_HEADING = 48;
const CELL_TITLE = 44;
const LEGEND = 110;

export type CellKind = 'input' | Method;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CellBox {
  kind: CellKind;
  /** The picture's square. */
  image: Rect;
  /** The baseline of the cell's title, above the picture. */
  titleY: number;
}

export interface ComparisonLayout {
  width: number;
  height: number;
  titleY: number;
  subtitleY: number;
  rows: { headingY: number; cells: CellBox[] }[];
  legend: Rect;
  legendTextY: number;
}

/** The layout for `rows` class rows (1, or 2 in the compare view); the input appears in the first row only. */
export function comparisonLayout(rows: number): ComparisonLayout {
  const columns = 1 + METHODS.length;
  const size = Math.floor((EXPORT_WIDTH - 2 * MARGIN - (columns - 1) * GAP) / columns);
  let y = MARGIN + TITLE;
  const titleY = y - 12;
  const subtitleY = y + SUBTITLE - 8;
  y += SUBTITLE + GAP / 2;
  const rowBoxes = Array.from({ length: rows }, (_, row) => {
    const headingY = y + ROW_HEADING - 12;
    const top = y + ROW_HEADING + CELL_TITLE;
    const kinds: CellKind[] = row === 0 ? ['input', ...METHODS] : [...METHODS];
    const cells = kinds.map((kind) => {
      const column = kind === 'input' ? 0 : 1 + METHODS.indexOf(kind);
      const x = MARGIN + column * (size + GAP);
      return { kind, image: { x, y: top, width: size, height: size }, titleY: top - 12 };
    });
    y = top + size + GAP;
    return { headingY, cells };
  });
  const legend = { x: MARGIN + size + GAP, y: y + 8, width: 3 * size + 2 * GAP, height: 28 };
  return { width: EXPORT_WIDTH, height: legend.y + LEGEND + MARGIN / 2, titleY, subtitleY, rows: rowBoxes, legend, legendTextY: legend.y + legend.height + 64 };
}
