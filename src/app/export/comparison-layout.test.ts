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
  it('lays each family on its own line, each method in its column: Guided Grad-CAM under guided backprop', () => {
    const methods = ['vanilla', 'deconvnet', 'guided', 'gradcam', 'guided-gradcam', 'smooth-vanilla', 'smooth-deconvnet', 'smooth-guided'] as const;
    const layout = comparisonLayout(2, methods);
    const cell = (row: number, kind: string) => layout.rows[row]!.cells.find((c) => c.kind === kind)!.image;
    expect(layout.rows[0]!.cells).toHaveLength(1 + methods.length);
    expect(layout.rows[1]!.cells).toHaveLength(methods.length);
    expect(cell(0, 'guided-gradcam').x).toBe(cell(0, 'guided').x);
    expect(cell(0, 'gradcam').x).toBe(cell(0, 'vanilla').x);
    expect(cell(0, 'gradcam').y).toBeGreaterThan(cell(0, 'vanilla').y);
    expect(cell(0, 'smooth-guided').y).toBeGreaterThan(cell(0, 'guided-gradcam').y);
    expect(cell(1, 'vanilla').y).toBeGreaterThan(cell(0, 'smooth-vanilla').y);
    const boxes = [...layout.rows.flatMap((r) => r.cells.map((c) => c.image)), layout.legend];
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    expect(layout.legend.y + layout.legend.height).toBeLessThan(layout.height);
  });
  it('puts the input only in the first row and keeps map columns aligned between rows', () => {
    const [first, second] = comparisonLayout(2).rows;
    expect(first!.cells.map((c) => c.kind)).toEqual(['input', 'vanilla', 'deconvnet', 'guided']);
    expect(second!.cells.map((c) => c.kind)).toEqual(['vanilla', 'deconvnet', 'guided']);
    expect(second!.cells.map((c) => c.image.x)).toEqual(first!.cells.slice(1).map((c) => c.image.x));
  });
});
