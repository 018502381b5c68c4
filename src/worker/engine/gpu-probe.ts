import type { GpuCandidate, GpuProbe } from '../../shared/engine-choice.ts';

/** Renderer and adapter names of software GPUs, where WebAssembly on the CPU is ~10x faster. */
export const SOFTWARE_GPU = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic/i;

/** The few WebGPU fields read here (the DOM typings of this TypeScript predate adapter.info). */
interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null>;
}

/** The GPU engines of this browser worth timing (hardware only), and why the others are not. */
export async function probeGpus(): Promise<GpuProbe> {
  const found = await Promise.all([probeWebGpu(), probeWebGl()]);
  return {
    candidates: found.flatMap((f) => ('candidate' in f ? [f.candidate] : [])),
    skipped: found.flatMap((f) => ('skipped' in f ? [f.skipped] : [])),
  };
}

type Found = { candidate: GpuCandidate } | { skipped: string };

/** The adapter tfjs-backend-webgpu would get (it asks for high performance). */
export async function webGpuAdapter(): Promise<AdapterLike | null | undefined> {
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  return gpu?.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
}

export function adapterName(adapter: AdapterLike): string {
  const { vendor, architecture, description, device } = adapter.info ?? {};
  return [vendor, architecture, description || device].filter(Boolean).join(' ') || 'unnamed adapter';
}

async function probeWebGpu(): Promise<Found> {
  const adapter = await webGpuAdapter();
  if (adapter === undefined) return { skipped: 'WebGPU: not in this browser' };
  if (!adapter) return { skipped: 'WebGPU: no adapter' };
  const device = adapterName(adapter);
  if (adapter.info?.isFallbackAdapter || adapter.isFallbackAdapter || SOFTWARE_GPU.test(device)) {
    return { skipped: `WebGPU: a software (fallback) adapter, ${device}` };
  }
  return { candidate: { backend: 'webgpu', device } };
}

async function probeWebGl(): Promise<Found> {
  if (typeof OffscreenCanvas === 'undefined') return { skipped: 'WebGL: no OffscreenCanvas in workers' };
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return { skipped: 'WebGL: no WebGL2 context' };
  try {
    const device = webglRendererName(gl);
    return SOFTWARE_GPU.test(device) ? { skipped: `WebGL: software-rendered, ${device}` } : { candidate: { backend: 'webgl', device } };
  } finally {
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

export function webglRendererName(gl: WebGL2RenderingContext): string {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
}
