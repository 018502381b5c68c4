import { buildOnnx } from './build-onnx.ts';

/** ONNX files the page must refuse, each with what its message must name: an op it cannot explain, an opset out of range, a file that is not ONNX. */
export const REFUSED_ONNX: { file: string; bytes: () => Uint8Array; says: RegExp }[] = [
  {
    file: 'lstm.onnx',
    bytes: () => buildOnnx({ inputs: [{ name: 'x', dims: [1, 3, 8, 8] }], output: 'y', nodes: [{ op: 'LSTM', name: 'encoder/lstm', inputs: ['x'], outputs: ['y'] }] }),
    says: /lstm\.onnx cannot be explained here: it uses LSTM \(node "encoder\/lstm"\)/,
  },
  {
    file: 'opset7.onnx',
    bytes: () => buildOnnx({ inputs: [{ name: 'x', dims: [1, 3, 8, 8] }], output: 'y', opset: 7, nodes: [{ op: 'Flatten', inputs: ['x'], outputs: ['y'] }] }),
    says: /its opset is 7; the page reads opsets 9 to 18/,
  },
  { file: 'page.onnx', bytes: () => new TextEncoder().encode('<!doctype html><title>Not found</title>'), says: /page\.onnx cannot be explained here: it is not an ONNX model/ },
];
