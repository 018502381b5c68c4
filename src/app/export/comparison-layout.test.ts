import { describe, expect, it } from 'vitest';
import { comparisonLayout, EXPORT_WIDTH, type Rect } from './comparison-layout.ts';

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('comparisonLayout', () => {
  for (const rows of [1, 2]) {
    it(`${rows} row(s): 1920 wide, every picture inside the page, none overlapping`, () => {
      const layout = comparisonLayout(rows);
      expect(layout.width).toBe(EXPORT_WIDTH);
      const boxes = [...layout.rows.flatMap((r) => r.cells.map((c) => c.image)), layout.legend];
      expect(boxes).toHaveLength(rows * 3 + 1 + 1);
      for (const box of boxes) {
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
        expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
      }
      for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
      // Pictures at least as large as the 299-pixel maps: nothing is shrunk.
      expect(layout.rows[0]!.cells[0]!.image.width).toBeGreaterThanOrEqual(299);
      expect(layout.legendTextY).toBeLessThan(layout.height);
    });
  }
  it('puts the input only in the first row and keeps map columns aligned between rows', () => {
    const [first, second] = comparisonLayout(2).rows;
    expect(first!.cells.map((c) => c.kind)).toEqual(['input', 'vanilla', 'deconvnet', 'guided']);
    expect(second!.cells.map((c) => c.kind)).toEqual(['vanilla', 'deconvnet', 'guided']);
    expect(second!.cells.map((c) => c.image.x)).toEqual(first!.cells.slice(1).map((c) => c.image.x));
  });
});
