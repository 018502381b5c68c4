import * as tf from '@tensorflow/tfjs';
import { forwardBatch, inGroups } from './forward-batch.ts';
import { upsampledCam } from './grad-cam.ts';
import { download, type ManyPassMaps } from './net.ts';

/**
 * Score-CAM (Wang et al. 2020), as pytorch-grad-cam computes it: each channel k of the feature map
 * A, upsampled bilinearly to the input and scaled to [0, 1] (min–max), masks the input (x ⊙ M_k,
 * the zero model input where the mask is 0); the weights are the softmax over the channels of the
 * class's logit on the masked inputs, and the map is ReLU(sum_k w_k A_k), upsampled. Forward passes
 * only, batched; one pass serves every class. A layer has up to 2048 channels (Inception V3's
 * Mixed_7c): all of them would take 2048 forward passes, so the `channels` setting takes the
 * channels strongest on this image (the largest mean activation); at the layer's channel count it is
 * Score-CAM exactly. The map so far (the softmax over the channels done) is yielded after each batch.
 */
export const scoreCam: ManyPassMaps = async function* ({ net, input, classes, settings }) {
  const [height, width, channels] = input.shape.slice(1) as [number, number, number];
  const features = tf.tidy(() => {
    const out = net(input);
    if (out instanceof tf.Tensor) throw new Error('this model has no feature map for Score-CAM');
    return tf.keep(out.features);
  });
  try {
    const k = features.shape[3];
    const strength = (await tf.tidy(() => tf.mean(features, [0, 1, 2])).data()) as Float32Array;
    const chosen = [...strength.keys()].sort((a, b) => strength[b]! - strength[a]!).slice(0, Math.min(settings.channels, k));
    const image = (await input.data()) as Float32Array;
    const scores = classes.map(() => [] as number[]);
    for (const group of inGroups(chosen)) {
      const masks = (await tf.tidy(() => {
        const picked = tf.gather(features, group, 3) as tf.Tensor4D;
        const upsampled = tf.image.resizeBilinear(picked, [height, width], false, true);
        const low = tf.min(upsampled, [0, 1, 2], true);
        const range = tf.sub(tf.max(upsampled, [0, 1, 2], true), low);
        return tf.divNoNan(tf.sub(upsampled, low), range);
      }).data()) as Float32Array;
      const masked = group.map((_, g) => Float32Array.from(image, (v, i) => v * masks[Math.floor(i / channels) * group.length + g]!));
      const logits = await forwardBatch(net, masked, [height, width, channels]);
      for (const [row, classIndex] of classes.entries()) scores[row]!.push(...logits.map((l) => l[classIndex]!));
      for (const [row, classIndex] of classes.entries()) {
        const done = scores[row]!.length;
        const cam = tf.tidy(() => {
          const weights = tf.softmax(tf.tensor1d(scores[row]!));
          const A = tf.gather(features, chosen.slice(0, done), 3);
          return upsampledCam(tf.relu(tf.sum(tf.mul(A, weights), 3, true)) as tf.Tensor4D, [height, width]);
        });
        const coarse = await download(cam.coarse);
        const map = await download(cam.upsampled);
        yield { method: 'scorecam', classIndex, row, ...map, coarse, progress: { done, total: chosen.length } };
      }
    }
  } finally {
    features.dispose();
  }
};
