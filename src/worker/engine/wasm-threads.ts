/** A WebAssembly module with a shared memory and an atomic load: it validates where WebAssembly threads are compiled. */
const THREADED_MODULE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 10, 11, 1, 9, 0, 65, 0, 254, 16, 2, 0, 26, 11,
]);

/**
 * Whether WebAssembly threads can run here, decided from what they need rather than from the
 * SharedArrayBuffer global (tfjs's own check): a shared WebAssembly.Memory that can be posted to
 * another thread, as emscripten's pthreads post theirs, and a threaded module that validates.
 * WebKitGTK 2.50, cross-origin isolated, makes shared memories without exposing the global, and
 * cannot post them (DataCloneError): no threads. Where a memory can be posted but the global is
 * missing, the global is set to the memory's own buffer type, which emscripten's glue looks for.
 */
export function wasmThreadsWork(): boolean {
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    const channel = new MessageChannel();
    channel.port1.postMessage(memory);
    channel.port1.close();
    if (!WebAssembly.validate(THREADED_MODULE)) return false;
    const global = globalThis as { SharedArrayBuffer?: unknown };
    global.SharedArrayBuffer ??= memory.buffer.constructor;
    return true;
  } catch {
    return false;
  }
}
