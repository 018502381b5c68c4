import { describe, expect, it } from 'vitest';
import { legendContent, legendScales, mapRange } from './legend-content.ts';

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
  it('per-map scales: each map\'s top value beside the bar, the percentile on the ticks', () => {
    const signed = legendContent('signed', legendScales('map', [malamute]));
    expect(signed.ticks).toEqual(['−99th pct.', '0', '+99th pct.']);
    expect(signed.colormap).toBe('blueRed');
    expect(signed.tops).toBe('Top colour = the 99th percentile of |gradient|, larger values clipped: vanilla ±0.24 · deconvnet ±7.7e+5 · guided ±2.1');
    expect(legendContent('magnitude', legendScales('map', [malamute])).tops).toContain('vanilla 0.24 · deconvnet 7.7e+5 · guided 2.1');
  });
  it('under each map, the value of its top colour, in both views', () => {
    expect(mapRange('magnitude', 0.24)).toBe('colours 0 … 0.24');
    expect(mapRange('signed', 7.7e5)).toBe('colours ±7.7e+5');
  });
  it('one shared scale: its numbers on the ticks, in both views', () => {
    expect(legendContent('magnitude', legendScales('shared', [malamute])).ticks).toEqual(['0', '0.24']);
    expect(legendContent('signed', legendScales('shared', [malamute])).ticks).toEqual(['−0.24', '0', '+0.24']);
    expect(legendContent('magnitude', legendScales('shared', [malamute])).tops).toContain('all maps 0.24');
  });
});
