import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import type { BackendInfo, BackendName } from '../shared/protocol.ts';

/** WebGL on the worker's OffscreenCanvas; the cpu backend when WebGL is missing, said out loud. */
export async function initBackend(preferred: BackendName = 'webgl'): Promise<BackendInfo> {
  let fallbackReason: string | undefined;
  if (preferred === 'webgl') {
    const ok = await tf.setBackend('webgl').catch(() => false);
    if (ok) return { backend: 'webgl', renderer: webglRenderer() };
    fallbackReason = 'WebGL is not available in this browser, so the maps are computed on the CPU (much slower).';
  }
  await tf.setBackend('cpu');
  return { backend: 'cpu', renderer: 'JavaScript (tfjs cpu backend)', fallbackReason };
}

function webglRenderer(): string {
  const backend = tf.backend() as unknown as { gpgpu?: { gl: WebGL2RenderingContext } };
  const gl = backend.gpgpu?.gl;
  if (!gl) return 'unknown WebGL renderer';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return `WebGL ${tf.env().getNumber('WEBGL_VERSION')}: ${String(renderer)}`;
}
