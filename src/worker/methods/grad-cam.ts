import * as tf from '@tensorflow/tfjs';

export interface GradCam {
  /** ReLU(sum_k w_k A_k) at the feature map's resolution, [h, w]. */
  coarse: tf.Tensor2D;
  /** The same upsampled bilinearly (half-pixel centres, edges clamped, as OpenCV's resize) to the input's size, [H, W, 1]. */
  upsampled: tf.Tensor3D;
}

/**
 * Grad-CAM (Selvaraju et al. 2017) from a feature map A [1, h, w, K] and the gradient of the class
 * score at it: w_k = the spatial mean of dA_k, CAM = ReLU(sum_k w_k A_k). pytorch-grad-cam and
 * PAIR-code saliency compute the same, and upsample as here.
 */
export function gradCam(features: tf.Tensor4D, gradient: tf.Tensor4D, size: readonly [number, number]): GradCam {
  return tf.tidy(() => {
    const weights = tf.mean(gradient, [1, 2], true);
    const cam = tf.relu(tf.sum(tf.mul(features, weights), 3, true)) as tf.Tensor4D;
    const upsampled = tf.image.resizeBilinear(cam, [size[0], size[1]], false, true);
    return { coarse: tf.squeeze(cam, [0, 3]) as tf.Tensor2D, upsampled: tf.squeeze(upsampled, [0]) as tf.Tensor3D };
  });
}

