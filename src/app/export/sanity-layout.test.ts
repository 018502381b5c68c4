import { describe, expect, it } from 'vitest';
import { sanityLayout } from './sanity-layout.ts';

describe('the exported sanity check', () => {
  it('fits 18 columns of square cells in 1920 px, strips one under another, the chart and caption below them', () => {
    const layout = sanityLayout(3, 17);
    expect(layout.width).toBe(1920);
    const cells = layout.strips.flatMap((s) => s.cells);
    expect(cells).toHaveLength(54);
    for (const cell of cells) {
      expect(cell.width).toBe(cell.height);
      expect(cell.width).toBeGreaterThanOrEqual(70);
      expect(cell.x + cell.width).toBeLessThanOrEqual(1920 - 48);
    }
    expect(layout.strips[1]!.cells[0]!.y).toBeGreaterThan(layout.strips[0]!.cells[0]!.y + layout.strips[0]!.cells[0]!.height - 1);
    const lastRow = layout.strips.at(-1)!.cells[0]!;
    expect(layout.chart.y).toBeGreaterThan(lastRow.y + lastRow.height);
    expect(layout.caption.x).toBeGreaterThan(layout.chart.x + layout.chart.width);
    expect(layout.height).toBe(layout.chart.y + layout.chart.height + 48);
  });
});
