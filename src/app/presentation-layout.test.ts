import { describe, expect, it } from 'vitest';
import { RULES, type Method } from '../shared/methods.ts';
import { columnsOf, presentationContent, presentationGrid, presentationStyle, type MeasureText } from './presentation-layout.ts';

/** A font whose every character is 0.6 em bold and 0.5 em regular, so each width below is worked out by hand. */
const measure: MeasureText = (text, bold) => text.length * (bold ? 0.6 : 0.5);
const SMOOTH: Method[] = [...RULES, 'smooth-vanilla', 'smooth-deconvnet', 'smooth-guided'];
/** Blocks headed by a short class name ("dog · 1.0 %": 10 × 0.6 = 6 em, 28 px type from a 168 px block). */
const grid = (width: number, height: number, methods: readonly Method[], classes: number, below?: { height: number; width: number }) =>
  presentationGrid({ width, height }, presentationContent(methods, Array.from({ length: classes }, () => 'dog · 1.0 %'), measure, below));

describe('presentationGrid', () => {
  it('gives one line of maps a third of the width the input column and the gaps leave', () => {
    // (1280 − 2·16 padding − 240 input column − 16 gap − 2·12 column gaps) / 3 = 322.67.
    expect(grid(1280, 2000, RULES, 1)).toMatchObject({ cell: 322, side: 1280 - 32 - 16 - (3 * 322 + 24), titleSize: 28, titleLines: 1, across: 1 });
  });

  it('on a wide, low screen, gives the maps what the height leaves', () => {
    // 70 top bar + 40 heading + 35 title (28 px × 1.25) + 4 + cell + 4 + 22 range line + 8 slack ≤ 600: cell 417.
    // The range "colours 0 … 8.8e-8" is 9 em, 144 px at 16 px: one line at this width.
    const { cell, side } = grid(4000, 600, RULES, 1);
    expect(cell).toBe(417);
    expect(side).toBe(4000 - 32 - 16 - (3 * 417 + 24));
  });

  it('stacks two classes when that is larger, the second without titles, the titles\' type fitted to the map', () => {
    // Stacked: 70 + 8 slack + [40 + T + 4 + c + 4 + 22] + 8 + [40 + c + 4 + 22] ≤ 720, i.e. 2c + T ≤ 498, where
    // T = ⌈1.25 · min(28, ⌊c / 9.6⌋)⌉ ("Vanilla gradient": 16 × 0.6 em). c = 234 gives 24 px, T = 30: 498. c = 235: 500.
    // Side by side: (1280 − 32 − 240 − 16 − 2 · 24 − 28) / 6 = 152.
    expect(grid(1280, 720, RULES, 2)).toMatchObject({ cell: 234, titleSize: 24, titleLines: 1, across: 1 });
  });

  it('puts two classes side by side when four lines stacked would be smaller, and gives titles two lines rather than type under 15 px', () => {
    // Side by side at 1280 wide: 152 (above). "SmoothGrad (deconvnet)" is 13.2 em: ⌊152 / 13.2⌋ = 11 px < 15, so two lines of 15 px
    // (2 × 19 = 38). Height: gradients 38 + 4 + 152 + 4 + 22 = 220; SmoothGrad adds its progress "· 256 of 256 samples"
    // (10 em, 160 px > 152: two lines) = 264; 70 + 8 + 40 + 220 + 8 + 264 = 610 ≤ 720.
    expect(grid(1280, 720, SMOOTH, 2)).toMatchObject({ cell: 152, side: 1280 - 32 - 16 - (2 * (3 * 152 + 24) + 28), titleSize: 15, titleLines: 2, across: 2 });
  });

  it('keeps the room of a panel under the maps, and its width in the maps\' column', () => {
    // 70 + 40 + T + 4 + c + 4 + 22 + 8 + 360 + 8 ≤ 720, i.e. c + T ≤ 204: c = 181 gives 18 px, T = 23. The column is the panel's 900 px.
    expect(grid(1280, 720, RULES, 1, { height: 360, width: 900 })).toMatchObject({ cell: 181, titleSize: 18, mapsWidth: 900, side: 1280 - 32 - 16 - 900 });
  });

  it('finds the largest side that fits even where a smaller one does not', () => {
    // 320 px high: 70 + 40 + T + 4 + c + 4 + notes + 8. From c = 144 the titles fit one line of 15 px (T = 19) and the range
    // (144 px) one line (22): c ≤ 153, and at 154 the type grows to 16 px (T = 20). Below 144 both take two lines (T = 38,
    // notes 44): c ≤ 112. So 113-143 do not fit while 153 does.
    expect(grid(4000, 320, RULES, 1)).toMatchObject({ cell: 153, titleSize: 15, titleLines: 1 });
  });

  it('gives a line of one map (the live camera\'s Grad-CAM) one column, as large as the height allows', () => {
    // "Grad-CAM" is 4.8 em bold: 28 px type. 70 + 40 + 35 + 4 + c + 4 + 22 + 8 ≤ 720: c = 537; the width allows 1280 − 32 − 240 − 16 = 992.
    expect(grid(1280, 720, ['gradcam'], 1)).toMatchObject({ cell: 537, columns: 1, titleSize: 28, mapsWidth: 537, side: 1280 - 32 - 16 - 537 });
  });

  it('gives larger maps to a larger screen and never less than nothing', () => {
    const sizes = [[390, 844], [1280, 720], [1366, 768], [1920, 1080], [3840, 2160]].map(([w, h]) => grid(w!, h!, SMOOTH, 2).cell);
    expect(sizes.slice(1)).toEqual([...sizes.slice(1)].sort((a, b) => a - b));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(0);
  });
});

describe('the blocks\' headings', () => {
  it('shrink from 28 px until the widest fits a block\'s width, and stop at 15 px', () => {
    const headed = (headings: string[]) => presentationGrid({ width: 1280, height: 720 }, presentationContent(RULES, headings, measure));
    // Two classes stacked: cell 234 (above), a block 3 × 234 + 2 × 12 = 726 px wide.
    expect(headed(['malamute · 62.3 %', 'Eskimo dog · 100.0 %']).headingSize).toBe(28);
    // Three blocks, two across (the two-class case's 152 px maps): a block is 3 × 152 + 2 × 12 = 480 px, and
    // "malamute rather than Eskimo dog" 31 × 0.6 = 18.6 em: ⌊480 / 18.6⌋ = 25 px.
    expect(headed(['malamute · 62.3 %', 'Eskimo dog · 10.0 %', 'malamute rather than Eskimo dog'])).toMatchObject({ cell: 152, across: 2, headingSize: 25 });
    expect(headed(['a'.repeat(200)]).headingSize).toBe(15);
  });
});

describe('columnsOf', () => {
  it('spans up to the last column a method on screen sits in, and keeps IG\'s free column for its completeness', () => {
    expect(columnsOf(['gradcam'])).toBe(1);
    expect(columnsOf(['vanilla', 'gradcam'])).toBe(1);
    expect(columnsOf(['vanilla', 'deconvnet'])).toBe(2);
    expect(columnsOf(RULES)).toBe(3);
    expect(columnsOf(['integrated-gradients'])).toBe(3);
  });
});

describe('presentationStyle', () => {
  it('hands the CSS the grid in pixels', () => {
    const style = presentationStyle({ cell: 234, side: 503, mapsWidth: 726, across: 1, columns: 3, titleSize: 24, titleLines: 1, headingSize: 26 });
    expect(style).toMatchObject({ '--cell': '234px', '--side': '503px', '--maps-width': '726px', '--columns': '3', '--title-size': '24px', '--heading-size': '26px', '--title-line': '30px', '--title-lines': '1' });
  });
});
