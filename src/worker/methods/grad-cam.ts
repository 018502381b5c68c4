import * as tf from '@tensorflow/tfjs';
import type { CamWeighting } from '../../shared/methods.ts';

export type GradCam = {
  /** The CAM at the feature map's resolution, [h, w]. */
  coarse: tf.Tensor2D;
  /** The same upsampled bilinearly (half-pixel centres, edges clamped, as OpenCV's resize) to the input's size, [H, W, 1]. */
  upsampled: tf.Tensor3D;
};

/** Added to denominators as pytorch-grad-cam does, so a channel of zeros divides to 0. */
const EPS = 1e-7;

/**
 * Each gradient CAM's map before the final ReLU, from a feature map A [1, h, w, K] and the class
 * score's gradient g there, as pytorch-grad-cam computes it (so a researcher's numbers match):
 * a channel weight w_k times A_k summed over k, or an element-wise weight.
 */
const CAM_SUMS: Record<CamWeighting, (A: tf.Tensor4D, g: tf.Tensor4D) => tf.Tensor> = {
  /** Grad-CAM (Selvaraju et al. 2017): w_k = mean over space of g_k. */
  'grad-cam': (A, g) => weightedSum(A, tf.mean(g, [1, 2], true)),
  /**
   * Grad-CAM++ (Chattopadhay et al. 2018): w_k = sum over space of relu(g) a, with
   * a = g² / (2 g² + sum_hw(A_k) g³ + eps), and a = 0 where g = 0.
   */
  'grad-cam++': (A, g) => {
    const g2 = tf.square(g);
    const g3 = tf.mul(g2, g);
    const a = tf.div(g2, tf.add(tf.add(tf.mul(g2, 2), tf.mul(tf.sum(A, [1, 2], true), g3)), EPS));
    const alpha = tf.where(tf.notEqual(g, 0), a, tf.zerosLike(a));
    return weightedSum(A, tf.sum(tf.mul(tf.relu(g), alpha), [1, 2], true));
  },
  /** XGrad-CAM (Fu et al. 2020): w_k = sum over space of g A / (sum_hw(A_k) + eps). */
  'xgrad-cam': (A, g) => weightedSum(A, tf.sum(tf.div(tf.mul(g, A), tf.add(tf.sum(A, [1, 2], true), EPS)), [1, 2], true)),
  /** HiResCAM (Draelos & Carin 2020): g A element-wise, summed over channels. */
  'hires-cam': (A, g) => tf.sum(tf.mul(g, A), 3, true),
  /** LayerCAM (Jiang et al. 2021): relu(g) A element-wise, summed over channels. */
  'layer-cam': (A, g) => tf.sum(tf.mul(tf.relu(g), A), 3, true),
};

const weightedSum = (A: tf.Tensor4D, weights: tf.Tensor): tf.Tensor => tf.sum(tf.mul(A, weights), 3, true);

/** A gradient CAM: ReLU of its weighted sum, at the feature map's size and upsampled to the input's. */
export function gradCam(features: tf.Tensor4D, gradient: tf.Tensor4D, size: readonly [number, number], weighting: CamWeighting = 'grad-cam'): GradCam {
  return tf.tidy(() => upsampledCam(tf.relu(CAM_SUMS[weighting](features, gradient)) as tf.Tensor4D, size));
}

/** A CAM [1, h, w, 1] as coarse [h, w] and upsampled [H, W, 1]. pytorch-grad-cam and PAIR-code saliency upsample as here. */
export function upsampledCam(cam: tf.Tensor4D, size: readonly [number, number]): GradCam {
  return tf.tidy(() => {
    const upsampled = tf.image.resizeBilinear(cam, [size[0], size[1]], false, true);
    return { coarse: tf.squeeze(cam, [0, 3]) as tf.Tensor2D, upsampled: tf.squeeze(upsampled, [0]) as tf.Tensor3D };
  });
}
