import { describe, expect, it } from 'vitest';
import { describeTrials, deviceSignature, fastestEngine, forgetEngineMemory, readEngineMemory, writeEngineMemory, type EngineMemory } from './engine-choice.ts';

describe('fastestEngine', () => {
  it('takes the shortest pass, skips failed trials, and keeps the engine already running on a tie', () => {
    const wasm = { backend: 'wasm', device: 'WebAssembly SIMD', passMs: 880 } as const;
    const webgpu = { backend: 'webgpu', device: 'nvidia hopper', passMs: 41 } as const;
    const webgl = { backend: 'webgl', device: 'ANGLE', failed: 'context lost' } as const;
    expect(fastestEngine([wasm, webgl, webgpu])).toBe(webgpu);
    expect(fastestEngine([wasm, { ...webgpu, passMs: 2000 }])).toBe(wasm);
    expect(fastestEngine([wasm, { ...webgpu, passMs: 880 }])).toBe(wasm);
    expect(fastestEngine([webgl])).toBeUndefined();
  });

  it('says the times fastest first and why an engine is missing', () => {
    expect(describeTrials([
      { backend: 'wasm', device: 'w', passMs: 880.4 },
      { backend: 'webgpu', device: 'g', passMs: 41.26 },
      { backend: 'webgl', device: 'l', failed: 'not ready within 180 s' },
    ])).toBe('measured fastest here: webgpu 41.3 ms, wasm 880 ms for a forward and a backward pass (webgl failed: not ready within 180 s)');
  });
});

describe('the kept choice', () => {
  const memory: EngineMemory = {
    version: 'abc', devices: deviceSignature([{ backend: 'webgpu', device: 'nvidia' }, { backend: 'webgl', device: 'ANGLE' }]),
    backend: 'webgpu', trials: [{ backend: 'webgpu', device: 'nvidia', passMs: 40 }], measuredAt: '2026-12-04T10:00:00.000Z',
  };
  const store = () => {
    const items = new Map<string, string>();
    return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
  };

  it('holds for the version it was measured with, and is forgotten on request', () => {
    const storage = store();
    writeEngineMemory(storage, memory);
    expect(readEngineMemory(storage, 'abc')).toEqual(memory);
    expect(readEngineMemory(storage, 'another build')).toBeUndefined();
    forgetEngineMemory(storage);
    expect(readEngineMemory(storage, 'abc')).toBeUndefined();
  });

  it('names the devices in a fixed order, and survives storage that is missing, damaged or forbidden', () => {
    expect(memory.devices).toBe('webgl: ANGLE | webgpu: nvidia');
    const storage = store();
    storage.setItem('saliency-lens:engine', '{not json');
    expect(readEngineMemory(storage, 'abc')).toBeUndefined();
    expect(readEngineMemory(undefined, 'abc')).toBeUndefined();
    const forbidden = { setItem: () => { throw new DOMException('quota', 'QuotaExceededError'); } };
    expect(() => writeEngineMemory(forbidden, memory)).not.toThrow();
  });
});
