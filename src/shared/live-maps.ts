import { RULES, type Method } from './methods.ts';

/**
 * The maps a live camera draws, a teacher's choice. Grad-CAM is the default: on a 2-core CPU it keeps
 * up with a moving object (its backward walk stops at the feature map), while the three rules each
 * walk back to the pixels and come at a fraction of its rate (bench/results/camera.json).
 */
export const LIVE_MAPS = {
  gradcam: { title: 'Grad-CAM', methods: ['gradcam'] },
  rules: { title: 'The three rules', methods: [...RULES] },
  both: { title: 'Both', methods: [...RULES, 'gradcam'] },
} as const satisfies Record<string, { title: string; methods: readonly Method[] }>;

export type LiveMaps = keyof typeof LIVE_MAPS;
export const LIVE_MAPS_IDS = Object.keys(LIVE_MAPS) as LiveMaps[];
export const DEFAULT_LIVE_MAPS: LiveMaps = 'gradcam';
