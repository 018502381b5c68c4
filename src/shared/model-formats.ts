/**
 * The model formats the page reads, as a person picks or drops them: the file that is the model and
 * the files that may come with it (weights, a labels file, Teachable Machine's metadata.json). The
 * model picker, the drop and every message that says what the page reads come from this table.
 */
export const MODEL_FORMATS = [
  { title: 'a TF.js model (model.json with its weight files)', model: 'json', with: ['bin', 'txt'] },
  { title: 'a TF Lite file (.tflite)', model: 'tflite', with: ['txt', 'json'] },
  { title: 'an ONNX export of a PyTorch model (.onnx)', model: 'onnx', with: ['txt', 'json'] },
] as const;

const titles = MODEL_FORMATS.map((f) => f.title);
/** "a TF.js model (…), a TF Lite file (.tflite) or an ONNX export of a PyTorch model (.onnx)". */
export const READABLE_MODELS = `${titles.slice(0, -1).join(', ')} or ${titles.at(-1)}`;

const ALL_EXTENSIONS = [...new Set(MODEL_FORMATS.flatMap((f) => [f.model, ...f.with]))];
const MODEL_FILE = new RegExp(`\\.(${MODEL_FORMATS.map((f) => f.model).join('|')})$`, 'i');

/** A file that is a model: files that came together are a model's when one of them is. */
export const isModel = (name: string) => MODEL_FILE.test(name);

/** The model picker's file types. */
export const MODEL_PICKER_ACCEPT = ALL_EXTENSIONS.map((e) => `.${e}`).join(',');
