import { DEFAULT_METHODS, familiesOf, familyMethods, METHOD_INFO, type Method } from '../../shared/methods.ts';

/**
 * Where everything goes in the exported comparison: a projector-sized page (1920 wide) with a
 * title, the input, then per class row a line of maps per family on screen (each method in its
 * table column, as on the page), and the legend. Pure numbers, so it is tested
 * without a canvas and the e2e test can find each map in the PNG.
 *
 * It follows presentation mode's grid (presentation-layout.ts) in what goes where: the same lines in
 * the same columns, titles on one line (drawn no wider than their picture). It differs where a page
 * is not a screen: the page grows with its lines instead of shrinking the maps, so no picture is
 * drawn smaller than the model's pixels and two classes stay one above the other (side by side, a
 * 1920-wide page would shrink them to 233 px).
 */
export const EXPORT_WIDTH = 1920;
/** Both exports' page margin and title line. */
export const MARGIN = 48;
export const TITLE = 56;
const GAP = 32;
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
  /** Under the input's column: the heat maps' colour bar, when there are any. */
  heatLegend: Rect;
}

/** The layout for `rows` class rows (1, or 2 in the compare view) of these methods; the input appears in the first line only. */
export function comparisonLayout(rows: number, methods: readonly Method[] = DEFAULT_METHODS): ComparisonLayout {
  const columns = 4;
  const size = Math.floor((EXPORT_WIDTH - 2 * MARGIN - (columns - 1) * GAP) / columns);
  let y = MARGIN + TITLE;
  const titleY = y - 12;
  const subtitleY = y + SUBTITLE - 8;
  y += SUBTITLE + GAP / 2;
  const cellAt = (kind: CellKind, column: number, top: number): CellBox =>
    ({ kind, image: { x: MARGIN + column * (size + GAP), y: top, width: size, height: size }, titleY: top - 12 });
  const rowBoxes = Array.from({ length: rows }, (_, row) => {
    const headingY = y + ROW_HEADING - 12;
    y += ROW_HEADING;
    const cells = familiesOf(methods).flatMap((family, line) => {
      const top = y + CELL_TITLE;
      const shown = familyMethods(family).filter((m) => methods.includes(m));
      const lineCells = shown.map((m) => cellAt(m, 1 + METHOD_INFO[m].column, top));
      y = top + size + GAP;
      return row === 0 && line === 0 ? [cellAt('input', 0, top), ...lineCells] : lineCells;
    });
    return { headingY, cells };
  });
  const legend = { x: MARGIN + size + GAP, y: y + 8, width: 3 * size + 2 * GAP, height: 28 };
  const heatLegend = { x: MARGIN, y: legend.y, width: size, height: legend.height };
  return { width: EXPORT_WIDTH, height: legend.y + LEGEND + MARGIN / 2, titleY, subtitleY, rows: rowBoxes, legend, legendTextY: legend.y + legend.height + 64, heatLegend };
}
