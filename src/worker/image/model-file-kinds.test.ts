import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InputError } from '../input-error.ts';
import { inspectImage } from './image-header.ts';
import { modelFileKind } from './model-file-kinds.ts';

/** Files written by PyTorch and h5py themselves (test-support/model-files/make.py). */
const fixture = (name: string) => new Uint8Array(readFileSync(`test-support/model-files/${name}`));
const kindOf = (bytes: Uint8Array, name: string) => modelFileKind(bytes, name)?.kind;

/** The smallest PNG: 1 × 1, one grey pixel. */
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==', 'base64'));

describe('model files the page cannot read', () => {
  it.each([
    ['checkpoint.pt', 'PyTorch checkpoint'],
    ['whole-model.pth', 'PyTorch checkpoint'],
    ['legacy.pth', 'PyTorch checkpoint'],
    ['scripted.pt', 'PyTorch checkpoint'],
    ['pytorch_model.bin', 'PyTorch checkpoint'],
    ['model.h5', 'Keras model'],
    ['model.keras', 'Keras model'],
    ['saved_model.pb', 'TensorFlow SavedModel'],
    ['model.safetensors', 'other model file'],
  ])('%s is a %s', (name, kind) => {
    expect(kindOf(fixture(name), name)).toBe(kind);
  });

  it('are told from their names alone, a Hugging Face folder\'s torch.save weights too (the model path reads no bytes to name them)', () => {
    const none = new Uint8Array(0);
    expect(kindOf(none, 'pytorch_model.bin')).toBe('PyTorch checkpoint');
    expect(kindOf(none, 'pytorch_model-00001-of-00002.bin')).toBe('PyTorch checkpoint');
    expect(kindOf(none, 'model.safetensors')).toBe('other model file');
    expect(kindOf(none, 'group1-shard1of1.bin')).toBeUndefined();
    expect(kindOf(none, 'config.json')).toBeUndefined();
  });

  it('are told from their bytes when the name says nothing', () => {
    expect(kindOf(fixture('checkpoint.pt'), 'download')).toBe('PyTorch checkpoint');
    expect(kindOf(fixture('legacy.pth'), 'weights.dat')).toBe('PyTorch checkpoint');
    expect(kindOf(fixture('scripted.pt'), 'model.zip')).toBe('PyTorch checkpoint');
    expect(kindOf(fixture('model.h5'), 'download')).toBe('Keras model');
    expect(kindOf(fixture('model.keras'), 'model.zip')).toBe('Keras model');
  });

  it('leave images, other zips, TF.js weight shards, ONNX files and text alone', () => {
    expect(kindOf(PNG, 'photo.png')).toBeUndefined();
    expect(kindOf(zipSync({ 'notes/data.txt': new Uint8Array([1, 2]), 'config.json': new Uint8Array([123, 125]) }), 'lesson.zip')).toBeUndefined();
    expect(kindOf(new Uint8Array(64).fill(7), 'group1-shard1of1.bin')).toBeUndefined();
    // An ONNX file is a protobuf whose first field is ir_version (tag 0x08).
    expect(kindOf(Uint8Array.of(0x08, 0x07, 0x12, 0x07, ...Buffer.from('pytorch')), 'model.onnx')).toBeUndefined();
    expect(kindOf(new TextEncoder().encode('These are lesson notes.'), 'notes.jpg')).toBeUndefined();
  });

  it('a damaged zip is no model and no crash', () => {
    const cut = fixture('checkpoint.pt').subarray(0, 200);
    expect(kindOf(cut, 'download')).toBeUndefined();
  });
});

describe('inspectImage on a model file', () => {
  const refusal = (bytes: Uint8Array, type: string, name: string) => {
    try {
      inspectImage(bytes, type, name);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as Error).message;
    }
    throw new Error(`${name} was taken for an image`);
  };

  it('says what the file is and what to do', () => {
    expect(refusal(fixture('checkpoint.pt'), '', 'checkpoint.pt')).toMatch(/^checkpoint\.pt is a PyTorch checkpoint.*ONNX export.*torch\.onnx\.export.*docs\/model\.md/);
    expect(refusal(fixture('model.h5'), 'application/x-hdf5', 'model.h5')).toMatch(/^model\.h5 is a Keras model.*tensorflowjs_converter --input_format=keras/);
    expect(refusal(fixture('saved_model.pb'), '', 'saved_model.pb')).toMatch(/^saved_model\.pb is part of a TensorFlow SavedModel.*tensorflowjs_converter --input_format=tf_saved_model/);
    expect(refusal(fixture('model.safetensors'), '', 'model.safetensors')).toMatch(/^model\.safetensors is a model file in a format the page cannot read\. The page reads a TF\.js model.*\.tflite/);
  });

  it('any other file is not an image, nor a model the page reads', () => {
    expect(refusal(new TextEncoder().encode('These are lesson notes.'), 'text/plain', 'notes.txt'))
      .toBe('This file is not an image the browser can decode (its type is text/plain), nor a model the page reads: a TF.js model (model.json with its weight files), a TF Lite file (.tflite) or an ONNX export of a PyTorch model (.onnx).');
  });

  it('an image is still an image', () => {
    expect(inspectImage(PNG, 'image/png', 'photo.png')).toEqual({ type: 'png', width: 1, height: 1 });
  });
});
