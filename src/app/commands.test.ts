import { describe, expect, it } from 'vitest';
import { COMMANDS, commandFor, nextView, stepExample } from './commands.ts';

const key = (k: string, modifiers: Partial<Record<'ctrlKey' | 'altKey' | 'metaKey', boolean>> = {}) => ({ key: k, ctrlKey: false, altKey: false, metaKey: false, ...modifiers });

describe('keyboard commands', () => {
  it('maps each key to one command, and no key to two', () => {
    const keys = COMMANDS.flatMap((c) => c.keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(commandFor(key('ArrowRight'), false)?.id).toBe('nextExample');
    expect(commandFor(key('3'), false)?.id).toBe('pickClass');
    expect(commandFor(key('M'), false)?.id).toBe('cycleView');
    expect(commandFor(key('?'), false)?.id).toBe('help');
    expect(commandFor(key('P'), false)?.id).toBe('present');
    expect(commandFor(key('c'), false)?.id).toBe('compare');
    expect(commandFor(key('/'), false)?.id).toBe('findClass');
    expect(commandFor(key('e'), false)?.id).toBe('exportPng');
    expect(commandFor(key('w'), false)?.id).toBe('camera');
    expect(commandFor(key(' '), false)?.id).toBe('camera');
    expect(commandFor(key('x'), false)?.id).toBe('contrast');
    expect(commandFor(key('q'), false)).toBeUndefined();
  });
  it('stays out of the way while typing or with a modifier (Ctrl+F is the browser\'s find)', () => {
    expect(commandFor(key('f'), true)).toBeUndefined();
    expect(commandFor(key('f', { ctrlKey: true }), false)).toBeUndefined();
    expect(commandFor(key('s', { metaKey: true }), false)).toBeUndefined();
  });
  it('M cycles magnitude, signed, magnitude on the image, and back', () => {
    const base = { view: 'magnitude', overlay: false, scale: 'map' } as const;
    const second = nextView(base);
    expect(second).toEqual({ ...base, view: 'signed' });
    const third = nextView(second);
    expect(third).toEqual({ ...base, overlay: true });
    expect(nextView(third)).toEqual(base);
    expect(nextView({ view: 'signed', overlay: true, scale: 'shared' })).toEqual({ view: 'magnitude', overlay: false, scale: 'shared' });
  });
  it('steps through the examples with wrap-around', () => {
    const ids = ['dog', 'eagle', 'coffee'];
    expect(stepExample(ids, 'dog', 1)).toBe('eagle');
    expect(stepExample(ids, 'coffee', 1)).toBe('dog');
    expect(stepExample(ids, 'dog', -1)).toBe('coffee');
    expect(stepExample(ids, undefined, 1)).toBe('dog');
  });
});
