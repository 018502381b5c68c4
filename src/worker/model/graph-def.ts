/**
 * The pieces of a TF.js graph model (`model.json`, format "graph-model") the converters write (the
 * TF Lite one in scripts/, the Keras layers one in the worker): TensorFlow GraphDef nodes in
 * protobuf-JSON form, plus the weights manifest.
 */

export type AttrValue =
  | { s: string }
  | { i: string }
  | { b: boolean }
  | { f: number }
  | { list: { i?: string[]; s?: string[] } }
  | { type: string }
  | { shape: { dim: { size: string }[] } }
  | { tensor: { dtype: string; tensorShape: { dim?: { size: string }[] } } };

export interface GraphNode {
  name: string;
  op: string;
  input: string[];
  attr: Record<string, AttrValue>;
}

export type WeightDtype = 'float32' | 'int32';

export interface WeightQuantization {
  dtype: 'uint8';
  scale: number;
  min: number;
}

export interface Weight {
  name: string;
  shape: number[];
  dtype: WeightDtype;
  quantization?: WeightQuantization;
  /** Little-endian bytes as stored in the shard: uint8 when quantized, else dtype. */
  bytes: Uint8Array;
}

export const TF_DTYPES: Record<WeightDtype, string> = { float32: 'DT_FLOAT', int32: 'DT_INT32' };

/** A weight as model.json's weights manifest lists it. */
export function manifestEntry({ name, shape, dtype, quantization }: Weight) {
  return quantization ? { name, shape, dtype, quantization } : { name, shape, dtype };
}

/** The weights' bytes one after another, in the manifest's order: what the weight files hold. */
export function concatWeights(weights: readonly Weight[]): Uint8Array<ArrayBuffer> {
  const data = new Uint8Array(weights.reduce((sum, w) => sum + w.bytes.length, 0));
  weights.reduce((offset, w) => (data.set(w.bytes, offset), offset + w.bytes.length), 0);
  return data;
}

/** Protobuf-JSON encodes `bytes` fields (string attrs) as base64. */
export const stringAttr = (value: string): AttrValue => ({ s: btoa(value) });
export const intAttr = (value: number): AttrValue => ({ i: String(value) });
export const intListAttr = (values: number[]): AttrValue => ({ list: { i: values.map(String) } });
export const stringListAttr = (values: string[]): AttrValue => ({
  list: { s: values.map((v) => btoa(v)) },
});
export const dtypeAttr = (dtype: WeightDtype): AttrValue => ({ type: TF_DTYPES[dtype] });

export function constNode(weight: Weight): GraphNode {
  return {
    name: weight.name,
    op: 'Const',
    input: [],
    attr: {
      dtype: dtypeAttr(weight.dtype),
      value: {
        tensor: {
          dtype: TF_DTYPES[weight.dtype],
          tensorShape: { dim: weight.shape.map((size) => ({ size: String(size) })) },
        },
      },
    },
  };
}

export function placeholderNode(name: string, shape: number[]): GraphNode {
  return {
    name,
    op: 'Placeholder',
    input: [],
    attr: {
      dtype: dtypeAttr('float32'),
      shape: { shape: { dim: shape.map((size) => ({ size: String(size) })) } },
    },
  };
}

export function opNode(name: string, op: string, input: string[], attr: Record<string, AttrValue> = {}): GraphNode {
  return { name, op, input, attr: { T: dtypeAttr('float32'), ...attr } };
}
