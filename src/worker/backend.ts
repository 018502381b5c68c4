import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendInfo, BackendName } from '../shared/protocol.ts';

// The .wasm binaries are bundled assets of this app: no CDN.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

/** Renderer names of software WebGL, where WASM on the CPU is ~10x faster (FACTS). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/**
 * Picks the backend: the one asked for (?backend=), else WebGL when it is hardware-accelerated and
 * WASM when WebGL is software-rendered or missing; cpu as the last resort. Always says why.
 */
export async function initBackend(requested?: BackendName): Promise<BackendInfo> {
  if (requested) {
    const info = await tryBackend(requested, `asked for in the link (backend=${requested})`);
    if (info) return info;
    const fallback = await initBackend();
    return { ...fallback, warning: `The ${requested} backend is not available in this browser; using ${fallback.backend} instead.` };
  }
  if (await tf.setBackend('webgl').catch(() => false)) {
    const renderer = webglRenderer();
    if (!SOFTWARE_RENDERER.test(renderer)) return { backend: 'webgl', renderer, reason: 'WebGL is hardware-accelerated here' };
    tf.removeBackend('webgl');
    const wasm = await tryBackend('wasm', `WebGL is software-rendered here (${renderer}), and WASM on the CPU is faster`);
    if (wasm) return wasm;
  }
  return (await tryBackend('wasm', 'WebGL is not available in this browser'))
    ?? (await tryBackend('cpu', 'neither WebGL nor WebAssembly is available'))!;
}

async function tryBackend(backend: BackendName, reason: string): Promise<BackendInfo | undefined> {
  const ok = await tf.setBackend(backend).catch(() => false);
  if (!ok) return undefined;
  const renderer = backend === 'webgl' ? webglRenderer()
    : backend === 'wasm' ? `WebAssembly${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? ' SIMD' : ''}, ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'multithreaded' : '1 thread'}`
      : 'JavaScript';
  return { backend, renderer, reason };
}

/**
 * Calls back when the WebGL backend's context is lost (GPU reset, driver update, the browser
 * reclaiming contexts): every texture, so the model's weights, is gone, and the worker cannot go on.
 */
export function onContextLost(callback: () => void): void {
  const canvas = webglContext()?.canvas;
  canvas?.addEventListener('webglcontextlost', (event) => {
    event.preventDefault();
    callback();
  }, { once: true });
}

function webglContext(): WebGL2RenderingContext | undefined {
  if (tf.getBackend() !== 'webgl') return undefined;
  return (tf.backend() as unknown as { gpgpu?: { gl: WebGL2RenderingContext } }).gpgpu?.gl;
}

function webglRenderer(): string {
  const gl = webglContext();
  if (!gl) return 'unknown WebGL renderer';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return `WebGL ${tf.env().getNumber('WEBGL_VERSION')}: ${String(renderer)}`;
}
