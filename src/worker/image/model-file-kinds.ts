import { unzipSync } from 'fflate';
import { READABLE_MODELS } from '../../shared/model-formats.ts';

/**
 * Model files the page cannot read, dropped or picked where an image or a model goes: what each is
 * and what to do with it, told from the file's name and first bytes before any image decoder sees
 * it. ONNX files are not here: they are the model path's to read.
 */

const CONVERT = 'then open out/model.json with its weight files with "Your model…".';

export interface ModelFileKind {
  kind: string;
  /** File names that say what it is, whatever its bytes. */
  names?: RegExp;
  /** First bytes that say what it is, whatever its name. */
  magic?: readonly (readonly number[])[];
  /** A zip holding an entry matching each of these is of this kind, whatever its name. */
  zipHolds?: readonly RegExp[];
  message: (name: string) => string;
}

export const MODEL_FILE_KINDS: readonly ModelFileKind[] = [
  {
    kind: 'PyTorch checkpoint',
    // A Hugging Face folder's weights are torch.save files too, named pytorch_model.bin (or its shards).
    names: /\.(pt|pth)$|^pytorch_model(-\d+-of-\d+)?\.bin$/i,
    // torch.save before PyTorch 1.6 (and with _use_new_zipfile_serialization=False): a protocol-2
    // pickle whose first object is torch's magic number 0x1950a86a20f9469cfc6c.
    magic: [[0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]],
    // torch.save and torch.jit.save since 1.6: a zip of <name>/data.pkl and the tensors' storages.
    zipHolds: [/(^|\/)data\.pkl$/],
    message: (name) => `${name} is a PyTorch checkpoint, which the page cannot read. The page reads its ONNX export: export the model with torch.onnx.export and open the .onnx file with "Your model…" (docs/model.md in the project says how).`,
  },
  {
    kind: 'Keras model',
    names: /\.(h5|hdf5|keras)$/i,
    magic: [[0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]],
    // Keras 3's .keras file: a zip of config.json, metadata.json and model.weights.h5.
    zipHolds: [/^config\.json$/, /^model\.weights\.h5$/],
    message: (name) => `${name} is a Keras model, which the page cannot read directly. Convert it with the TF.js converter (pip install tensorflowjs): tensorflowjs_converter --input_format=keras model.h5 out/ (save a .keras model as .h5 first), ${CONVERT}`,
  },
  {
    kind: 'TensorFlow SavedModel',
    names: /^(saved_model\.pb(txt)?|keras_metadata\.pb|fingerprint\.pb|variables\.(index|data-\d+-of-\d+))$/i,
    message: (name) => `${name} is part of a TensorFlow SavedModel, which the page cannot read directly. Convert the SavedModel's folder with the TF.js converter (pip install tensorflowjs): tensorflowjs_converter --input_format=tf_saved_model saved_model_folder/ out/, ${CONVERT}`,
  },
  {
    kind: 'other model file',
    names: /\.(safetensors|ckpt|pb|caffemodel|mlmodel|mlpackage|pkl|pickle|joblib|gguf|params)$/i,
    message: (name) => `${name} is a model file in a format the page cannot read. The page reads ${READABLE_MODELS}.`,
  },
];

/** The kind of model file these bytes are, if they are one the page cannot read. */
export function modelFileKind(bytes: Uint8Array, name: string): ModelFileKind | undefined {
  let entries: string[] | undefined;
  const zipEntries = () => (entries ??= zipEntryNames(bytes));
  return MODEL_FILE_KINDS.find((kind) =>
    kind.names?.test(name)
    || kind.magic?.some((magic) => magic.every((byte, i) => bytes[i] === byte))
    || (kind.zipHolds && kind.zipHolds.every((entry) => zipEntries().some((e) => entry.test(e)))));
}

/** The names in a zip's central directory (nothing is inflated); none when the bytes are not a zip. */
function zipEntryNames(bytes: Uint8Array): string[] {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) return [];
  const names: string[] = [];
  try {
    unzipSync(bytes, { filter: (file) => (names.push(file.name), false) });
  } catch {
    return [];
  }
  return names;
}
