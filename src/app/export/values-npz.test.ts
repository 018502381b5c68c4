import { unzipSync } from 'fflate';
import { parse } from 'npyjs';
import { expect, it } from 'vitest';
import type { ModelDescriptor } from '../../shared/model-descriptor.ts';
import { SETTINGS_DEFAULTS } from '../../shared/map-settings.ts';
import type { Shown } from '../state/session.ts';
import { valuesNpz, type ValuesMetadata } from './values-npz.ts';

const model = { name: 'Tiny', input: { height: 2, width: 2, channels: 3, preprocessing: 'minus1-1' }, logitsFrom: 'logits' } as ModelDescriptor;
const map = (classIndex: number, start: number, channels = 3, extra = {}) =>
  ({ classIndex, values: Float32Array.from({ length: 4 * channels }, (_, i) => start + i / 8), shape: [2, 2, channels] as [number, number, number], computeMs: 1, ...extra });
const shown = {
  input: { name: 'dog.jpg' },
  modelInput: Float32Array.from({ length: 12 }, (_, i) => i - 6),
  inputShape: [1, 2, 2, 3],
  classIndex: 2,
  probabilities: Float32Array.from([0.1, 0.2, 0.7]),
  maps: {
    vanilla: map(2, 1),
    gradcam: map(2, 5, 1, { coarse: { values: Float32Array.from([9]), shape: [1, 1, 1], layer: 'Mixed_7c' } }),
    'smooth-guided': map(2, 7, 3, { progress: { done: 3, total: 16 } }),
    deconvnet: map(2, 3),
  },
  compare: { classIndex: 1, maps: { vanilla: map(1, -1) } },
} as unknown as Shown;
const className = (i: number) => ['background', 'cat', 'dog'][i]!;

function read(bytes: Uint8Array) {
  const files = unzipSync(bytes);
  const array = (name: string) => {
    const file = files[name]!;
    return parse(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
  };
  return { names: Object.keys(files).sort(), array, metadata: JSON.parse(new TextDecoder().decode(files['metadata.json'])) as ValuesMetadata };
}

it('holds every map on screen, both rows, Grad-CAM at both resolutions, the input tensor, and what each is', () => {
  const npz = read(valuesNpz({ shown, methods: ['vanilla', 'gradcam', 'smooth-guided'], model, settings: SETTINGS_DEFAULTS, className, compare: true }));
  // deconvnet is in the session but not on screen: left out.
  expect(npz.names).toEqual(['compare_vanilla.npy', 'gradcam.npy', 'gradcam_coarse.npy', 'input.npy', 'metadata.json', 'smooth-guided.npy', 'vanilla.npy']);
  const input = npz.array('input.npy');
  expect(input.shape).toEqual([1, 2, 2, 3]);
  expect([...(input.data as Float32Array)]).toEqual([...shown.modelInput]);
  expect([...(npz.array('vanilla.npy').data as Float32Array)]).toEqual([...map(2, 1).values]);
  expect(npz.array('gradcam.npy').shape).toEqual([2, 2, 1]);
  expect([...(npz.array('gradcam_coarse.npy').data as Float32Array)]).toEqual([9]);
  expect([...(npz.array('compare_vanilla.npy').data as Float32Array)]).toEqual([...map(1, -1).values]);
  expect(npz.metadata.classes).toEqual([
    { row: 'first', index: 2, label: 'dog', probability: Math.fround(0.7) },
    { row: 'compare', index: 1, label: 'cat', probability: Math.fround(0.2) },
  ]);
  expect(npz.metadata.arrays['smooth-guided']).toBe('SmoothGrad (guided) of dog (class 2), after 3 of 16 samples, float32 2×2×3');
  expect(npz.metadata.model.name).toBe('Tiny');
  expect(npz.metadata.settings).toEqual(SETTINGS_DEFAULTS);
});

it('leaves the second row out when the compare view is off', () => {
  const npz = read(valuesNpz({ shown, methods: ['vanilla'], model, settings: SETTINGS_DEFAULTS, className, compare: false }));
  expect(npz.names).toEqual(['input.npy', 'metadata.json', 'vanilla.npy']);
  expect(npz.metadata.classes.map((c) => c.row)).toEqual(['first']);
});
