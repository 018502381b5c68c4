import { describe, expect, it } from 'vitest';
import { parseUrlState, serializeUrlState } from './url-state.ts';

const context = { exampleIds: ['dog', 'eagle'], classCount: 1001 };

describe('URL state', () => {
  it('round-trips every key', () => {
    const search = '?example=eagle&class=23&view=signed&scale=shared&overlay=1&backend=cpu&passes=batched&model=e2e-tiny';
    const { state, notices } = parseUrlState(search, context);
    expect(notices).toEqual([]);
    expect(state).toEqual({ example: 'eagle', classIndex: 23, view: 'signed', scale: 'shared', overlay: true, backend: 'cpu', passes: 'batched', model: 'e2e-tiny' });
    expect(serializeUrlState(state)).toBe(search);
  });
  it('writes nothing for the defaults', () => {
    expect(serializeUrlState(parseUrlState('', context).state)).toBe('');
  });
  it('ignores hostile and invalid values with a notice, never throwing', () => {
    const hostile = `?example=<img src=x onerror=alert(1)>&class=1001&class=-1&class=1e3&view=javascript:alert(1)&zzz=1&overlay=${'x'.repeat(10_000)}&model=../../evil`;
    const { state, notices } = parseUrlState(hostile, context);
    expect(state).toEqual({ view: 'magnitude', scale: 'map', overlay: false });
    expect(notices).toHaveLength(8);
    expect(notices[0]).toContain('expected an example id');
    expect(notices.every((n) => n.length < 200)).toBe(true);
  });
  it('does not treat inherited object keys as settings', () => {
    expect(parseUrlState('?constructor=1&__proto__=1', context).notices).toHaveLength(2);
  });
});
