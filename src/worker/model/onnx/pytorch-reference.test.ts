import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureOnnxExports, FAMILIES as ALL_FAMILIES, nchwToNhwc, pytorchReference, type Family } from '../../../../test-support/onnx-exports.ts';
import { loadModel, netOf } from '../load-model.ts';
import { saliencyMaps } from '../../methods/saliency.ts';
import { registerSaliencyKernels } from '../../gradients/register-kernels.ts';

/**
 * torchvision classifiers with seeded random weights, exported by torch.onnx.export, dropped as a
 * person drops them and run by the app on wasm: the same top-5 as PyTorch, and vanilla and guided
 * maps equal to PyTorch's float64 maps of the same input tensor (guided backprop on every ReLU).
 * float32 flips a few ReLU masks where a pre-activation rounds across 0, so the maps are compared
 * by correlation (≥ 0.9999) and by the 99.9th percentile of the error, not by their largest
 * difference: ≤ 1 % of the map's maximum, or 3× PyTorch's own float32 error where that is larger
 * (PyTorch float32 itself is 1.07 % off its float64 vanilla map of ResNet-18 on this input).
 */
const FAMILIES: readonly Family[] = ALL_FAMILIES;

/** The activations each export holds, counted in the .onnx files by onnx's Python API (Clip [0, 6] is a ReLU6; HardSwish exports as HardSigmoid · x). */
const ACTIVATIONS: Record<Family, { relus: number; otherActivations: Record<string, number> }> = {
  resnet18: { relus: 17, otherActivations: {} },
  squeezenet1_1: { relus: 26, otherActivations: {} },
  mobilenet_v2: { relus: 35, otherActivations: {} },
  densenet121: { relus: 121, otherActivations: {} },
  mobilenet_v3_small: { relus: 14, otherActivations: { ClipByValue: 28 } },
  efficientnet_b0: { relus: 0, otherActivations: { Sigmoid: 65 } },
  shufflenet_v2_x0_5: { relus: 37, otherActivations: {} },
  googlenet: { relus: 57, otherActivations: {} },
};

beforeAll(async () => {
  ensureOnnxExports(FAMILIES);
  registerSaliencyKernels();
  await tf.setBackend('wasm');
}, 600_000);

describe('a PyTorch export gives PyTorch\'s classes and maps', () => {
  it.each(FAMILIES)('%s', async (family) => {
    const ref = pytorchReference(family);
    const loaded = await loadModel({ kind: 'files', files: [new File([ref.onnx as Uint8Array<ArrayBuffer>], `${family}.onnx`)] }, () => undefined);
    const [, , h, w] = ref.shape;
    const x = tf.tensor4d(nchwToNhwc(ref.input, ref.shape), [1, h, w, 3]);
    try {
      expect(loaded.descriptor).toMatchObject({ classCount: 1000, input: { height: h, width: w, channels: 3, preprocessing: 'torchvision' }, relus: ACTIVATIONS[family].relus });
      expect(loaded.descriptor.otherActivations).toEqual(ACTIVATIONS[family].otherActivations);
      const logits = tf.tidy(() => loaded.model.execute(x, loaded.nodes.logits) as tf.Tensor).dataSync();
      const top5 = [...logits.keys()].sort((a, b) => logits[b]! - logits[a]!).slice(0, 5);
      expect(top5).toEqual(ref.top5);
      const maps = new Map<string, Float32Array>();
      for await (const map of saliencyMaps(netOf(loaded), x, ref.classIndex, ['vanilla', 'guided'])) maps.set(map.method, map.values);
      for (const [method, expected] of [['vanilla', ref.vanilla], ['guided', ref.guided]] as const) {
        const got = maps.get(method)!;
        const want = nchwToNhwc(expected, ref.shape);
        expect(pearson(got, want), method).toBeGreaterThanOrEqual(0.9999);
        expect(percentileError(got, want, 0.999), method).toBeLessThanOrEqual(Math.max(1e-2, 3 * ref.float32Error[method]));
      }
    } finally {
      x.dispose();
      loaded.model.dispose();
    }
  }, 600_000);
});

function pearson(a: Float32Array, b: Float32Array): number {
  let ma = 0, mb = 0;
  for (let i = 0; i < a.length; i++) { ma += a[i]!; mb += b[i]!; }
  ma /= a.length; mb /= b.length;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { const x = a[i]! - ma, y = b[i]! - mb; ab += x * y; aa += x * x; bb += y * y; }
  return ab / Math.sqrt(aa * bb);
}

/** The q-quantile of |a − b|, over the reference's largest magnitude. */
function percentileError(a: Float32Array, b: Float32Array, q: number): number {
  const scale = b.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const errors = a.map((v, i) => Math.abs(v - b[i]!)).sort();
  return errors[Math.floor(q * (errors.length - 1))]! / scale;
}
