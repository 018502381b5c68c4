import { afterEach, describe, expect, it, vi } from 'vitest';
import { wasmThreadsWork } from './wasm-threads.ts';

afterEach(() => vi.unstubAllGlobals());

describe('WebAssembly threads, decided from what works', () => {
  it('work where a shared memory can be posted (Node: yes)', () => {
    expect(wasmThreadsWork()).toBe(true);
  });

  it('do not where posting a shared memory fails (WebKitGTK: DataCloneError), whatever the globals say', () => {
    class RefusingChannel {
      port1 = { postMessage: () => { throw new DOMException('The object can not be cloned.', 'DataCloneError'); }, close: () => undefined };
    }
    vi.stubGlobal('MessageChannel', RefusingChannel);
    expect(wasmThreadsWork()).toBe(false);
  });

  it('set a missing SharedArrayBuffer global from a shared memory\'s buffer where threads work', () => {
    const original = globalThis.SharedArrayBuffer;
    vi.stubGlobal('SharedArrayBuffer', undefined);
    expect(wasmThreadsWork()).toBe(true);
    expect(globalThis.SharedArrayBuffer).toBe(original);
  });
});
