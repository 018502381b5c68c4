import { familiesOf, familyMethods, METHOD_INFO, type Method } from '../shared/methods.ts';

/**
 * Presentation mode's grid: how large a map is, from the screen's size and the lines of maps on it.
 *
 * Under the top bar the screen holds the input's column (the model's view, its classes, the colour
 * legends) and the maps: per class a block of lines, one per family of methods on screen, three
 * columns each (the compare view's second class, then the row of the first rather than the second,
 * each a block too; a block spans only the columns its methods take). The blocks go in rows of 1, 2, ... across, whichever gives the larger maps. A
 * map's side is the largest that both
 *  - the width allows: the screen less its padding, the input column's least width and the gaps,
 *    shared by the columns side by side;
 *  - the height allows: the screen less the top bar, each row of blocks' class heading, each line's
 *    titles (the compare view's block stacked under the first has none: it sits under the same
 *    columns; the contrast block keeps its own, its lines being fewer) and the lines of text
 *    under its maps (the colour range, the progress, each wrapped at the map's width), and the room
 *    of a panel under the maps (the faithfulness test), shared by the lines stacked.
 * A block's heading takes one line: its type shrinks from 28 px until the widest heading fits the
 * block's width, down to 15 px (an ellipsis then, the whole heading in its tooltip).
 * Titles take one line: their type shrinks from 28 px until the widest title on screen fits the
 * map's width, and below 15 px they take two lines of 15 px instead. The input column takes the
 * width the maps leave (at least SIDE_MIN); its picture shrinks to the height its classes and the
 * legends leave (CSS). IG's completeness sits in its line's free column and costs no height.
 *
 * The heights below are the ones presentation mode's CSS sets (styles.css reads them as variables).
 */
export const TOP_BAR = 70;
export const PADDING_X = 16;
export const SIDE_MIN = 240;
export const SIDE_GAP = 16;
export const COLUMN_GAP = 12;
export const CLASS_GAP = 28;
export const HEADING = 40;
export const LINE_GAP = 8;
export const PANEL_GAP = 4;
export const HEADING_MAX = 28;
export const HEADING_MIN = 15;
export const TITLE_MAX = 28;
export const TITLE_MIN = 15;
export const TITLE_LINE = 1.25;
export const NOTE_SIZE = 16;
export const NOTE_LINE = 22;
/** Text left out of the budget at the bottom of the screen: rounding, a font a little wider than measured. */
const SLACK = 8;

/** A text's width in ems (its width at 1 px type), bold or not, in the page's font. */
export type MeasureText = (text: string, bold: boolean) => number;

export interface LineContent {
  /** The widest text lines under one of its maps (the colour range, the progress), in ems. */
  notes: number[];
}

export interface PresentationContent {
  /** Class blocks: 1, 2 in the compare view, 3 with the row of the first class rather than the second. */
  classes: number;
  /** The columns of maps each line spans (columnsOf). */
  columns: number;
  /** The widest block heading (a class and its probability; "A rather than B"), in ems of bold type. */
  heading: number;
  /** Each block's lines. */
  lines: LineContent[];
  /** The widest title on screen, in ems of bold type. */
  title: number;
  /** A panel under the maps (the faithfulness test): its height, and the least width it needs. */
  below: { height: number; width: number };
}

export const NO_PANEL = { height: 0, width: 0 };

/** The widest colour range a map shows (mapRange's longest form), and its progress with the largest count a setting allows. */
const RANGE_TEXT = 'colours 0 … 8.8e-8';
const progressText = (what: string) => `· 256 of 256 ${what}`;

/**
 * The columns the lines of these methods take: up to the last column a method on screen sits in
 * (the live camera's Grad-CAM alone takes one, as large as the screen allows); a line with IG keeps
 * its free column for the completeness.
 */
export function columnsOf(methods: readonly Method[]): number {
  if (methods.some((m) => METHOD_INFO[m].computed.kind === 'integrated')) return 3;
  return Math.max(1, ...methods.map((m) => METHOD_INFO[m].column + 1));
}

/** What presentation mode has to place for these methods: a line per family, the text under its maps, the widest title. */
export function presentationContent(methods: readonly Method[], headings: readonly string[], measure: MeasureText, below = NO_PANEL): PresentationContent {
  const lines = familiesOf(methods).map((family) => {
    const progress = familyMethods(family).filter((m) => methods.includes(m)).flatMap((m) => METHOD_INFO[m].progress ?? []);
    return { notes: [measure(RANGE_TEXT, false), ...(progress.length > 0 ? [Math.max(...progress.map((p) => measure(progressText(p), false)))] : [])] };
  });
  const heading = Math.max(0, ...headings.map((h) => measure(h, true)));
  return { classes: headings.length, columns: columnsOf(methods), heading, lines, title: Math.max(0, ...methods.map((m) => measure(METHOD_INFO[m].title, true))), below };
}

export interface PresentationGrid {
  cell: number;
  side: number;
  /** The maps' column: the maps, or the panel under them where it is wider. */
  mapsWidth: number;
  /** Blocks in a row across the maps' column (the others below them). */
  across: number;
  /** Columns of maps in each block. */
  columns: number;
  titleSize: number;
  titleLines: number;
  /** The blocks' headings' type: the widest in one line of a block's width, down to HEADING_MIN (then an ellipsis). */
  headingSize: number;
}

/** Every title's type size and lines: the longest title on screen in one line of the map's width, or two lines at the least size. */
function titlesFor(cell: number, content: PresentationContent): { titleSize: number; titleLines: number } {
  const size = Math.min(TITLE_MAX, Math.floor(cell / Math.max(1, content.title)));
  return size >= TITLE_MIN ? { titleSize: size, titleLines: 1 } : { titleSize: TITLE_MIN, titleLines: 2 };
}

/** The height of one line of maps with this side: the titles, the picture, the text under it. */
function lineHeight(cell: number, line: LineContent, titleHeight: number): number {
  const noteLines = line.notes.reduce((sum, ems) => sum + Math.ceil((ems * NOTE_SIZE) / cell), 0);
  return titleHeight + PANEL_GAP + cell + PANEL_GAP + noteLines * NOTE_LINE;
}

/** One class block's width: its columns of maps and the gaps between them. */
const blockWidth = (cell: number, content: PresentationContent) => content.columns * cell + (content.columns - 1) * COLUMN_GAP;

/** The maps' column's width: the blocks across, or the panel under them where it is wider. */
function mapsWidth(cell: number, content: PresentationContent, across: number): number {
  return Math.max(content.below.width, across * blockWidth(cell, content) + (across - 1) * CLASS_GAP);
}

function fits(cell: number, screen: { width: number; height: number }, content: PresentationContent, across: number): boolean {
  const down = Math.ceil(content.classes / across);
  if (2 * PADDING_X + SIDE_MIN + SIDE_GAP + mapsWidth(cell, content, across) > screen.width) return false;
  const { titleSize, titleLines } = titlesFor(cell, content);
  const titleHeight = titleLines * Math.ceil(titleSize * TITLE_LINE);
  const block = (titled: boolean) => HEADING + content.lines.reduce((sum, line) => sum + lineHeight(cell, line, titled ? titleHeight : -PANEL_GAP), 0)
    + (content.lines.length - 1) * LINE_GAP;
  // The compare block stacked under the first sits under its columns: its titles would only repeat them.
  const rowTitled = (row: number) => row === 0 || Array.from({ length: across }, (_, i) => row * across + i).includes(2);
  const blocks = Array.from({ length: down }, (_, row) => block(rowTitled(row))).reduce((sum, h) => sum + h, 0) + (down - 1) * LINE_GAP;
  const height = TOP_BAR + blocks + (content.below.height > 0 ? LINE_GAP + content.below.height : 0) + SLACK;
  return height <= screen.height;
}

/**
 * The largest map side that fits this arrangement, tried from the screen's width down: the titles and
 * the text under a map take fewer lines as it grows, so a larger side may fit where a smaller one does not.
 */
function largestCell(screen: { width: number; height: number }, content: PresentationContent, across: number): number {
  for (let cell = screen.width; cell > 0; cell--) if (fits(cell, screen, content, across)) return cell;
  return 0;
}

export function presentationGrid(screen: { width: number; height: number }, content: PresentationContent): PresentationGrid {
  // Ties go to fewer blocks across: stacked blocks share their columns.
  const choices = Array.from({ length: content.classes }, (_, i) => ({ across: i + 1, cell: largestCell(screen, content, i + 1) }));
  const { across, cell } = choices.reduce((best, choice) => (choice.cell > best.cell ? choice : best));
  const maps = mapsWidth(cell, content, across);
  const headingSize = Math.max(HEADING_MIN, Math.min(HEADING_MAX, Math.floor(blockWidth(cell, content) / Math.max(1e-9, content.heading))));
  return { cell, side: Math.floor(screen.width - 2 * PADDING_X - SIDE_GAP - maps), mapsWidth: maps, across, columns: content.columns, headingSize, ...titlesFor(cell, content) };
}

/** Room kept for the faithfulness test under the maps: its title, the two curves side by side, under them their areas and what they say. */
export const EVALUATION_PANEL = { height: 360, width: 900 };
const EVALUATION_CHART = 150;

/** The grid as the CSS variables presentation mode's styles read: the sizes above live here only. */
export function presentationStyle(grid: PresentationGrid): Record<string, string> {
  const px = (v: number) => `${v}px`;
  return {
    '--cell': px(grid.cell),
    '--side': px(grid.side),
    '--title-size': px(grid.titleSize),
    '--heading-size': px(grid.headingSize),
    '--title-line': px(Math.ceil(grid.titleSize * TITLE_LINE)),
    '--title-lines': String(grid.titleLines),
    '--top-bar': px(TOP_BAR),
    '--padding-x': px(PADDING_X),
    '--side-gap': px(SIDE_GAP),
    '--column-gap': px(COLUMN_GAP),
    '--class-gap': px(CLASS_GAP),
    '--heading': px(HEADING),
    '--line-gap': px(LINE_GAP),
    '--panel-gap': px(PANEL_GAP),
    '--note-size': px(NOTE_SIZE),
    '--note-line': px(NOTE_LINE),
    '--maps-width': px(grid.mapsWidth),
    '--blocks-across': String(grid.across),
    '--columns': String(grid.columns),
    '--evaluation-height': px(EVALUATION_PANEL.height),
    '--evaluation-chart': px(EVALUATION_CHART),
  };
}
