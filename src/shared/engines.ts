/** The tfjs backends the app can run on, fastest first where a GPU is real; `backend=` in a link names one. */
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
