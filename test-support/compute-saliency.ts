import type * as tf from '@tensorflow/tfjs';
import { type Method } from '../src/shared/methods.ts';
import { SETTINGS_DEFAULTS, type MapSettings } from '../src/shared/map-settings.ts';
import type { MapShape } from '../src/shared/protocol.ts';
import { forwardBatch } from '../src/worker/methods/forward-batch.ts';
import type { MapContext, Net, SaliencyMap } from '../src/worker/methods/net.ts';
import { saliencyMaps, type SaliencyOptions } from '../src/worker/methods/saliency.ts';

/** All maps of one class at once, for tests that do not stream. */
export async function computeSaliency(
  net: Net, input: tf.Tensor4D, classIndex: number, methods: readonly Method[], options: SaliencyOptions = {},
): Promise<{ gradients: Record<Method, Float32Array>; maps: Record<Method, SaliencyMap>; reluRewritesPerPass: number }> {
  // Keyed by the methods asked for (SmoothGrad: the last, full mean).
  const maps = {} as Record<Method, SaliencyMap>;
  let reluRewritesPerPass = 0;
  for await (const map of saliencyMaps(net, input, classIndex, methods, options)) {
    maps[map.method] = map;
    if (map.reluRewrites !== undefined) reluRewritesPerPass = map.reluRewrites;
  }
  const gradients = Object.fromEntries(Object.entries(maps).map(([m, map]) => [m, map.values])) as Record<Method, Float32Array>;
  return { gradients, maps, reluRewritesPerPass };
}

/** What a family made of many passes is given, for calling it alone: the image's logits from a forward pass of its own. */
export async function mapContext(net: Net, input: tf.Tensor4D, classes: readonly number[], settings: Partial<MapSettings> = {}): Promise<MapContext> {
  const [imageLogits] = await forwardBatch(net, [(await input.data()) as Float32Array], input.shape.slice(1) as MapShape);
  return { net, input, classes, imageLogits: imageLogits!, settings: { ...SETTINGS_DEFAULTS, ...settings }, inputRange: 2 };
}
