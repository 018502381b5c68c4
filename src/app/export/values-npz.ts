import { zipSync } from 'fflate';
import { dump } from 'npyjs';
import { METHOD_INFO, type Method } from '../../shared/methods.ts';
import { type MapSettings } from '../../shared/map-settings.ts';
import type { ModelDescriptor } from '../../shared/model-descriptor.ts';
import type { MapResult, Shown } from '../state/session.ts';

/** What the .npz holds beside the arrays, as metadata.json (numpy.load gives its bytes: json.loads(npz['metadata.json'])). */
export interface ValuesMetadata {
  app: 'Saliency Lens';
  image: string;
  model: { name: string; input: ModelDescriptor['input']; classScore: string };
  /** Each array's key and what it is. */
  arrays: Record<string, string>;
  classes: { row: 'first' | 'compare' | 'contrast'; index: number; label: string; probability: number }[];
  methods: Method[];
  /** The settings of the maps made of many passes (SmoothGrad, Integrated Gradients, occlusion). */
  settings: MapSettings;
  createdAt: string;
}

interface Args {
  shown: Shown;
  /** The methods on screen (maps of others stay in the session, hidden, and are left out). */
  methods: readonly Method[];
  model: ModelDescriptor;
  settings: MapSettings;
  className: (index: number) => string;
  /** Whether the compare view's second row is on screen, and the row of the first rather than the second. */
  compare: boolean;
  contrast?: boolean;
}

/**
 * Every map on screen, the exact input tensor the model saw and what they are, as one NumPy .npz
 * (a zip of float32 .npy files; `numpy.load` reads it): one download where a browser would stop
 * a page starting ten. Keys: `input`, then `<method>` for the first class's maps, `compare_<method>`
 * for the second's, `contrast_<method>` for the first rather than the second (logit A − logit B), and
 * `<method>_coarse` for a CAM at its layer's resolution.
 */
export function valuesNpz({ shown, methods, model, settings, className, compare, contrast }: Args): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const arrays: Record<string, string> = {};
  const add = (key: string, values: Float32Array, shape: readonly number[], what: string) => {
    files[`${key}.npy`] = new Uint8Array(dump(values, [...shape]));
    arrays[key] = `${what}, float32 ${shape.join('×')}`;
  };
  add('input', shown.modelInput, shown.inputShape, 'the input tensor the model saw');
  const rows: { row: 'first' | 'compare' | 'contrast'; prefix: string; classIndex: number; maps: Partial<Record<Method, MapResult>> }[] = [
    { row: 'first', prefix: '', classIndex: shown.classIndex, maps: shown.maps },
  ];
  if (compare && shown.compare) rows.push({ row: 'compare', prefix: 'compare_', classIndex: shown.compare.classIndex, maps: shown.compare.maps });
  if (compare && contrast && shown.contrast) rows.push({ row: 'contrast', prefix: 'contrast_', classIndex: shown.contrast.classIndex, maps: shown.contrast.maps });
  for (const { prefix, maps } of rows) {
    for (const method of methods) {
      const map = maps[method];
      if (!map) continue;
      const versus = map.versus !== undefined ? ` rather than ${className(map.versus)} (class ${map.versus}): of logit ${map.classIndex} − logit ${map.versus}` : '';
      const of = `${METHOD_INFO[method].title} of ${className(map.classIndex)} (class ${map.classIndex})${versus}`;
      add(`${prefix}${method}`, map.values, map.shape, `${of}${progressNote(method, map)}`);
      if (map.coarse) add(`${prefix}${method}_coarse`, map.coarse.values, map.coarse.shape, `${of} at the resolution of its layer, ${map.coarse.layer}`);
    }
  }
  const metadata: ValuesMetadata = {
    app: 'Saliency Lens',
    image: shown.input.name,
    model: { name: model.name, input: model.input, classScore: model.logitsFrom },
    arrays,
    classes: rows.map(({ row, classIndex }) => ({ row, index: classIndex, label: className(classIndex), probability: shown.probabilities[classIndex]! })),
    methods: [...methods],
    settings,
    createdAt: new Date().toISOString(),
  };
  files['metadata.json'] = new TextEncoder().encode(JSON.stringify(metadata, null, 1));
  // Stored, not deflated: float32 noise barely compresses, and numpy reads either.
  return zipSync(files, { level: 0 });
}

/** How far a map made of many passes had come, and IG's completeness. */
function progressNote(method: Method, { progress, completeness }: MapResult): string {
  const unit = METHOD_INFO[method].progress;
  const done = progress && unit ? `, after ${progress.done} of ${progress.total} ${unit}` : '';
  return completeness ? `${done}; the attributions sum to ${completeness.sum} (logit ${completeness.baseline} at the baseline, ${completeness.image} at the image)` : done;
}
