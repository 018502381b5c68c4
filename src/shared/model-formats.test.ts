import { describe, expect, it } from 'vitest';
import { isModel, MODEL_PICKER_ACCEPT, READABLE_MODELS } from './model-formats.ts';

describe('the model formats the page reads', () => {
  it('are said in one sentence', () => {
    expect(READABLE_MODELS).toBe('a TF.js model (model.json with its weight files), a TF Lite file (.tflite) or an ONNX export of a PyTorch model (.onnx)');
  });

  it('tell a model from what comes with it, and from an image', () => {
    for (const name of ['model.json', 'model_unquant.tflite', 'resnet18.ONNX']) expect(isModel(name), name).toBe(true);
    for (const name of ['group1-shard1of1.bin', 'labels.txt', 'cat.png', 'checkpoint.pt', 'model.json.png']) expect(isModel(name), name).toBe(false);
  });

  it('give the picker every file a model may come with', () => {
    expect(MODEL_PICKER_ACCEPT.split(',').sort()).toEqual(['.bin', '.json', '.onnx', '.tflite', '.txt']);
  });
});
