import { describe, expect, it } from 'vitest';
import { legendContent, legendScales } from './legend-content.ts';

describe('legend', () => {
  const malamute = { name: 'malamute', scales: { vanilla: 0.24, deconvnet: 7.7e5, guided: 2.1 } };
  const bike = { name: 'mountain bike', scales: { vanilla: 0.3, deconvnet: 7.1e5, guided: 2 } };
  it('one scale per map, or one for all when shared', () => {
    expect(legendScales('map', [malamute]).map((s) => s.label)).toEqual(['vanilla', 'deconvnet', 'guided']);
    expect(legendScales('shared', [malamute])).toEqual([{ label: 'all maps', value: 0.24 }]);
  });
  it('names each class row when two are shown', () => {
    expect(legendScales('shared', [malamute, bike])).toEqual([{ label: 'malamute', value: 0.24 }, { label: 'mountain bike', value: 0.3 }]);
    expect(legendScales('map', [malamute, bike]).map((s) => s.label)).toContain('guided, mountain bike');
  });
  it('writes the scales into the legend text, and the ticks of each view', () => {
    const content = legendContent('signed', legendScales('map', [malamute]));
    expect(content.ticks).toEqual(['−scale', '0', '+scale']);
    expect(content.colormap).toBe('blueRed');
    expect(content.text).toContain('scale = 0.24 (vanilla), 7.7e+5 (deconvnet), 2.1 (guided).');
  });
});
