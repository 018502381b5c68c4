import * as tf from '@tensorflow/tfjs';
import { upsampledCam, type GradCam } from './grad-cam.ts';

/** Power iterations at most, and the change of the unit vector between two that ends them earlier. */
const MAX_ITERATIONS = 1000;
const TOLERANCE = 1e-10;

/**
 * Eigen-CAM (Muhammad & Yeasin 2020), as pytorch-grad-cam computes it: the feature map A [1, h, w, K]
 * as an (h w) × K matrix, each channel centred over the places, projected on its first right singular
 * vector, ReLU, upsampled. The projection X v₁ = s₁ u₁ is found from the (h w) × (h w) Gram matrix X Xᵀ
 * (at most 35² places, against up to 2048 channels) by power iteration in float64. An SVD's sign is
 * arbitrary (pytorch-grad-cam keeps NumPy's); here it is the one whose projection agrees with the
 * channels' summed activation, so the map lights where the features are strong.
 */
export async function eigenCam(features: tf.Tensor4D, size: readonly [number, number]): Promise<GradCam> {
  const [, h, w, k] = features.shape;
  const places = h * w;
  const values = await features.data();
  const centred = new Float64Array(places * k);
  for (let c = 0; c < k; c++) {
    let mean = 0;
    for (let p = 0; p < places; p++) mean += values[p * k + c]!;
    mean /= places;
    for (let p = 0; p < places; p++) centred[p * k + c] = values[p * k + c]! - mean;
  }
  const gram = new Float64Array(places * places);
  for (let i = 0; i < places; i++) {
    for (let j = i; j < places; j++) {
      let dot = 0;
      for (let c = 0; c < k; c++) dot += centred[i * k + c]! * centred[j * k + c]!;
      gram[i * places + j] = dot;
      gram[j * places + i] = dot;
    }
  }
  const { vector, value } = topEigenvector(gram, places);
  const strength = Array.from({ length: places }, (_, p) => { let s = 0; for (let c = 0; c < k; c++) s += values[p * k + c]!; return s; });
  const sign = vector.reduce((sum, u, p) => sum + u * strength[p]!, 0) < 0 ? -1 : 1;
  const scale = sign * Math.sqrt(Math.max(value, 0));
  const projection = Float32Array.from(vector, (u) => Math.max(0, u * scale));
  return tf.tidy(() => upsampledCam(tf.tensor4d(projection, [1, h, w, 1]), size));
}

/** The eigenvector of the largest eigenvalue of a symmetric positive semi-definite n × n matrix, unit length, and that eigenvalue. */
export function topEigenvector(matrix: Float64Array, n: number): { vector: Float64Array; value: number } {
  let vector = Float64Array.from({ length: n }, (_, i) => 1 + i / n);
  let value = 0;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += matrix[i * n + j]! * vector[j]!;
      next[i] = sum;
    }
    const norm = Math.hypot(...next);
    if (norm === 0) return { vector: new Float64Array(n), value: 0 };
    for (let i = 0; i < n; i++) next[i]! /= norm;
    const settled = Math.hypot(...next.map((x, i) => x - vector[i]!)) <= TOLERANCE;
    vector = next;
    value = norm;
    if (settled) break;
  }
  return { vector, value };
}
