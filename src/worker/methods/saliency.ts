// The methods room: each family of maps in a file of its own (the rules and Grad-CAM from the image's recorded
// pass here; SmoothGrad, Integrated Gradients, occlusion; the sanity cascade; the faithfulness curves), all on
// net.ts. Imports gradients/, engine/, and shared/.
import * as tf from '@tensorflow/tfjs';
import { contrastMethods, FEATURE_MAP_KINDS, ingredients, METHOD_INFO, withIngredients, type Computation, type Method } from '../../shared/methods.ts';
import { SETTINGS_DEFAULTS, type MapSettings } from '../../shared/map-settings.ts';
import type { ForwardTape } from '../gradients/forward-tape.ts';
import { captureRelu, takeCapturedRelu, takeRewriteCount } from '../gradients/gradient-rules.ts';
import { InputError } from '../input-error.ts';
import { eigenCam } from './eigen-cam.ts';
import { gradCam, type GradCam } from './grad-cam.ts';
import { integratedGradients } from './integrated-gradients.ts';
import { backwardPass, download, recordNet, tapGradients, type ManyPassMaps, type MapContext, type MapValues, type Net, type SaliencyMap, type Target } from './net.ts';
import { occlusion } from './occlusion.ts';
import { reluWindow } from './relu-window.ts';
import { scoreCam } from './score-cam.ts';
import { smoothGrad } from './smooth-grad.ts';

/** The kinds of map made from the image's own recorded pass, one class at a time; the others are made of many passes. */
type FromTapeKind = 'backward' | 'cam' | 'product' | 'eigen';
type ManyPassKind = Exclude<Computation['kind'], FromTapeKind>;

/** What one class's maps from the recorded pass share: the tape, the maps made so far, Grad-CAM's inputs. */
interface ClassPass {
  tape: ForwardTape;
  target: Target;
  row: number;
  size: readonly [number, number];
  done: Map<Method, MapValues>;
  /** Backward passes whose feature-map gradient Grad-CAM reads. */
  camSources: ReadonlySet<Method>;
  /** Backward passes whose map at the input is shown or multiplied; the others stop at the feature map. */
  neededAtInput: ReadonlySet<Method>;
  camInputs?: { features: tf.Tensor4D; gradient: tf.Tensor4D };
  /** Whether the first class's vanilla map carries a window of the ReLU nearest the input. */
  reluSample: boolean;
}

type MapFields = Omit<SaliencyMap, 'method' | 'classIndex' | 'row' | 'versus'>;

/** A pass that only Grad-CAM reads gives no map of its own. */
type MapMade = MapFields | undefined;

/** How each kind of map is made from the recorded pass (table order computes ingredients first). */
const FROM_TAPE: { [K in FromTapeKind]: (computation: Extract<Computation, { kind: K }>, method: Method, pass: ClassPass) => Promise<MapMade> } = {
  async backward({ rule }, method, pass) {
    const withTaps = pass.camSources.has(method);
    if (!pass.neededAtInput.has(method)) {
      // Grad-CAM alone: the gradient at the feature map, not the rest of the way to the input.
      pass.camInputs = { features: pass.tape.taps[0] as tf.Tensor4D, gradient: tapGradients(pass.tape, rule, pass.target)[0] as tf.Tensor4D };
      return undefined;
    }
    takeRewriteCount();
    const sampled = pass.reluSample && rule === 'vanilla' && pass.row === 0;
    if (sampled) captureRelu();
    const walked = backwardPass(pass.tape, rule, pass.target, withTaps);
    const captured = sampled ? takeCapturedRelu() : undefined;
    if (withTaps) pass.camInputs = { features: pass.tape.taps[0] as tf.Tensor4D, gradient: walked.taps[0] as tf.Tensor4D };
    const map = { ...(await download(walked.input)), reluRewrites: takeRewriteCount() };
    if (!captured) return map;
    try {
      return { ...map, reluSample: await reluWindow(captured.x, captured.dy) };
    } finally {
      tf.dispose([captured.x, captured.dy]);
    }
  },
  async cam({ weighting }, _method, { camInputs, size }) {
    return camMap(gradCam(camInputs!.features, camInputs!.gradient, size, weighting));
  },
  async eigen(_computation, _method, { tape, size }) {
    return camMap(await eigenCam(tape.taps[0] as tf.Tensor4D, size));
  },
  async product({ of: [a, b] }, _method, { done }) {
    return multiplyMaps(done.get(a)!, done.get(b)!);
  },
};

/** The families of maps made of many passes, each after every class's maps from the recorded pass. */
const MANY_PASSES: Record<ManyPassKind, ManyPassMaps> = {
  smooth: smoothGrad,
  integrated: integratedGradients,
  occlusion,
  score: scoreCam,
};

/** A CAM's maps read back: upsampled to the input, and at the feature map's size. */
const camMap = async (cam: GradCam): Promise<MapFields> => ({ ...(await download(cam.upsampled)), coarse: await download(cam.coarse) });

const isFromTape = (kind: Computation['kind']): kind is FromTapeKind => kind in FROM_TAPE;


export interface SaliencyOptions {
  /** A forward pass of `net` over `input` already made (to classify the image); the generator owns it. */
  recorded?: ForwardTape;
  /** The settings of the methods made of many passes (defaults: SETTINGS_DEFAULTS). */
  settings?: MapSettings;
  /** max − min of the values the model takes: SmoothGrad's σ is a fraction of it. */
  inputRange?: number;
  /** The first class's vanilla map carries a window of the ReLU nearest the input (the teaching diagram). */
  reluSample?: boolean;
  /** With two classes, a third row: the maps of the first class's logit minus the second's (shared/methods.ts's CONTRAST_KINDS). */
  contrast?: boolean;
}

/**
 * The maps of each class asked for, each yielded as soon as it is ready, as METHOD_INFO says to
 * compute them: one forward pass, one backward pass per rule (and class) over it, Grad-CAM from the
 * vanilla pass's feature map and its gradient (no extra pass), products of those, then the families
 * made of many passes (MANY_PASSES), each yielded as it grows. Running a forward pass per map, or one
 * pass over a batch of three, gave the same maps and was never faster (docs/speed.md), so those modes
 * are gone. The generator frees everything it holds when it ends or its consumer stops early (a newer job).
 */
export async function* saliencyMaps(
  net: Net, input: tf.Tensor4D, classes: number | readonly number[], methods: readonly Method[], options: SaliencyOptions = {},
): AsyncGenerator<SaliencyMap> {
  const classList = typeof classes === 'number' ? [classes] : classes;
  const computed = withIngredients(methods);
  const shown = new Set(methods);
  const usedLater = new Set(computed.flatMap(ingredients));
  const neededAtInput = new Set([...methods, ...computed.flatMap((m) => { const c = METHOD_INFO[m].computed; return c.kind === 'product' ? c.of : []; })]);
  const camSources = new Set(computed.flatMap((m) => { const c = METHOD_INFO[m].computed; return c.kind === 'cam' ? [c.from] : []; }));
  const fromTape = computed.filter((m) => isFromTape(METHOD_INFO[m].computed.kind));
  const manyPass = computed.filter((m) => !isFromTape(METHOD_INFO[m].computed.kind));
  const tape = options.recorded ?? recordNet(net, input);
  const size = input.shape.slice(1, 3) as [number, number];
  let imageLogits: Float32Array | undefined;
  try {
    if (computed.some((m) => FEATURE_MAP_KINDS.includes(METHOD_INFO[m].computed.kind)) && !tape.taps[0]) throw new InputError('This model has no feature map before a global pool, so it has no Grad-CAM.');
    const rows: { target: Target; methods: Method[] }[] = classList.map((classIndex) => ({ target: classIndex, methods: fromTape }));
    if (options.contrast && classList.length === 2) {
      rows.push({ target: { classIndex: classList[0]!, versus: classList[1]! }, methods: contrastMethods(fromTape) });
    }
    for (const [row, { target, methods: rowMethods }] of rows.entries()) {
      const pass: ClassPass = { tape, target, row, size, done: new Map(), camSources, neededAtInput, reluSample: options.reluSample ?? false };
      const [classIndex, versus] = typeof target === 'number' ? [target] : [target.classIndex, target.versus];
      try {
        for (const method of rowMethods) {
          const computation = METHOD_INFO[method].computed;
          const map = await (FROM_TAPE[computation.kind as FromTapeKind] as (c: Computation, m: Method, p: ClassPass) => Promise<MapMade>)(computation, method, pass);
          if (!map) continue;
          pass.done.set(method, map);
          // The consumer may transfer what it gets (the worker does): a map still needed as an ingredient goes out as a copy.
          const values = usedLater.has(method) ? map.values.slice() : map.values;
          if (shown.has(method)) yield { method, classIndex, row, versus, ...map, values };
        }
      } finally {
        pass.camInputs?.gradient.dispose();
      }
    }
    if (manyPass.length > 0) imageLogits = (await tape.output.data()) as Float32Array;
  } finally {
    tape.dispose();
  }
  if (!imageLogits) return;
  const context: MapContext = { net, input, classes: classList, imageLogits, settings: options.settings ?? SETTINGS_DEFAULTS, inputRange: options.inputRange ?? 2 };
  const kinds = [...new Set(manyPass.map((m) => METHOD_INFO[m].computed.kind as ManyPassKind))];
  for (const kind of kinds) yield* MANY_PASSES[kind](context, manyPass.filter((m) => METHOD_INFO[m].computed.kind === kind));
}

/** a × b per pixel and channel; b may have one channel, used for every channel of a. */
export function multiplyMaps(a: MapValues, b: MapValues): MapValues {
  const [h, w, channels] = a.shape;
  const bChannels = b.shape[2];
  const values = new Float32Array(a.values.length);
  for (let p = 0; p < h * w; p++) {
    for (let c = 0; c < channels; c++) values[p * channels + c] = a.values[p * channels + c]! * b.values[p * bChannels + (bChannels === 1 ? 0 : c)]!;
  }
  return { values, shape: a.shape };
}
