import { METHOD_INFO, type Computation, type Method } from './methods.ts';

/**
 * The settings of the methods made of many passes: SmoothGrad's samples N and noise σ (a fraction of
 * the model's input range), the seed (SmoothGrad's noise, the sanity check's weights, the
 * faithfulness test's random order), Integrated Gradients' steps, occlusion's patch and stride (in
 * pixels of the model's input).
 */
export interface MapSettings {
  samples: number;
  noise: number;
  seed: number;
  steps: number;
  patch: number;
  stride: number;
  channels: number;
}

export interface SettingInfo {
  label: string;
  /** What a link's value must be, for the notice that ignores a wrong one. */
  describe: string;
  /** A whole number (else a decimal with up to 4 places). */
  whole: boolean;
  limits: readonly [number, number];
  /** The step of the field's arrows. */
  step: number;
  /** The maps it changes: a new value computes those on screen again. */
  affects: readonly Computation['kind'][];
}

/** Every setting, for the link, the settings panel and the export: one table. Occlusion's default patch is 1/8 of Inception V3's 299 px, its stride half a patch. */
export const SETTINGS: Record<keyof MapSettings, SettingInfo & { default: number }> = {
  samples: { label: 'SmoothGrad samples', describe: 'a whole number of samples', whole: true, limits: [4, 64], step: 1, default: 16, affects: ['smooth'] },
  noise: { label: 'SmoothGrad noise σ (of the input range)', describe: 'a noise level (a fraction of the input range)', whole: false, limits: [0, 0.5], step: 0.05, default: 0.15, affects: ['smooth'] },
  seed: { label: 'Seed (SmoothGrad\'s noise, the sanity check\'s weights, the random order)', describe: 'a whole number', whole: true, limits: [0, 65_535], step: 1, default: 1, affects: ['smooth'] },
  steps: { label: 'Integrated Gradients steps', describe: 'a whole number of steps', whole: true, limits: [4, 256], step: 4, default: 32, affects: ['integrated'] },
  patch: { label: 'Occlusion patch (pixels)', describe: 'a patch side in pixels', whole: true, limits: [8, 128], step: 1, default: 37, affects: ['occlusion'] },
  stride: { label: 'Occlusion stride (pixels)', describe: 'a stride in pixels', whole: true, limits: [8, 128], step: 1, default: 19, affects: ['occlusion'] },
  channels: { label: 'Score-CAM channels (the strongest)', describe: 'a whole number of channels', whole: true, limits: [4, 2048], step: 4, default: 64, affects: ['score'] },
};

/** The methods among these whose maps differ between two settings. */
export function changedBySettings(methods: readonly Method[], before: MapSettings, after: MapSettings): Method[] {
  const kinds = SETTING_KEYS.filter((k) => before[k] !== after[k]).flatMap((k) => SETTINGS[k].affects);
  return methods.filter((m) => kinds.includes(METHOD_INFO[m].computed.kind));
}

export const SETTING_KEYS = Object.keys(SETTINGS) as (keyof MapSettings)[];

export const SETTINGS_DEFAULTS: MapSettings = Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTINGS[k].default])) as unknown as MapSettings;
