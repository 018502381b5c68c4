import * as tf from '@tensorflow/tfjs';
import { inputRange, preprocess } from '../../shared/preprocess.ts';
import type { ClassScore, CompareChoice } from '../../shared/protocol.ts';
import type { ForwardTape } from '../gradients/forward-tape.ts';
import { decodeFrame, decodeImage } from '../image/decode-image.ts';
import { recordNet } from '../methods/net.ts';
import { saliencyMaps } from '../methods/saliency.ts';
import { buffer, type JobRun, type Outgoing } from './job.ts';
import type { ModelInUse } from './model-in-use.ts';
import { reportProgress } from './start.ts';
import { topClasses } from './top-classes.ts';

type MapsJob = Extract<Parameters<JobRun>[0], { type: 'analyze' | 'explain' | 'frame' }>;

/**
 * A new image (analyze: a file decoded; frame: a camera's frame; both classified) or another class
 * of the image on screen (explain): one tensor and one recorded forward pass serve the
 * classification and the maps, posted as they come.
 */
export const mapsJob: JobRun<MapsJob> = async function* (job, { model, say }) {
  if (job.type !== 'explain') {
    const changed = await model.use(job.model, job.preprocessing, reportProgress(say));
    if (changed) say(changed);
  }
  const image = await imageOf(job, model);
  yield undefined;
  // A link's layer is made for any model: one this model lacks gives way to its feature map before the global pool.
  const layer = image && job.layer !== undefined && !model.hasLayer(job.layer) ? undefined : job.layer;
  if (layer !== job.layer) image!.notes.push(`${model.descriptor.name} has no layer ${job.layer}: the CAMs read its last feature map.`);
  const net = model.netAt(layer);
  const layerLabel = layer ?? model.descriptor.layers?.at(-1)?.label ?? '';
  const tensor = tf.tensor4d(image?.input ?? (job as Extract<typeof job, { type: 'explain' }>).input, model.inputShape);
  let tape: ForwardTape | undefined;
  try {
    const forwardStart = performance.now();
    tape = recordNet(net, tensor);
    let top: ClassScore[] = [];
    // A new image's classes come from a link or an example, made for any model: one this model lacks gives way to its top classes.
    const missing = image ? [job.classIndex, job.compareIndex].map((c) => (typeof c === 'number' && !model.hasClass(c) ? c : undefined)) : [];
    const { name, classCount } = model.descriptor;
    for (const c of missing.filter((c) => c !== undefined)) image!.notes.push(`Class ${c} is not one of ${name}'s ${classCount} classes: its likeliest classes are shown instead.`);
    if (image) {
      const classified = await topClasses(tape.output, model.descriptor);
      top = classified.top;
      yield classifiedMessage(job.jobId, classified, image, model, performance.now() - forwardStart);
    }
    const first = missing[0] === undefined ? job.classIndex ?? top[0]!.index : top[0]!.index;
    const compareChoice = missing[1] === undefined ? job.compareIndex : 'runner-up';
    if (compareChoice === 'runner-up' && top.length === 0) top = (await topClasses(tape.output, model.descriptor)).top;
    const second = compareClass(compareChoice, top, first);
    const classes = second === undefined ? [first] : [first, second];
    classes.forEach((c) => model.checkClass(c));
    yield { message: { type: 'classes', jobId: job.jobId, classes } };
    const recorded = tape;
    tape = undefined; // the maps own it now
    const options = { recorded, settings: job.settings, inputRange: inputRange(model.descriptor.input.preprocessing), reluSample: true, contrast: job.contrast };
    // Time per map; the forward pass recorded above counts towards the first.
    let started = performance.now();
    for await (const map of saliencyMaps(net, tensor, classes, job.methods, options)) {
      const { method, classIndex, row, versus, shape, reluRewrites, progress: done, completeness, reluSample } = map;
      const values = buffer(map.values);
      const coarse = map.coarse && { values: buffer(map.coarse.values), shape: map.coarse.shape, layer: layerLabel };
      yield {
        message: { type: 'map', jobId: job.jobId, row, classIndex, versus, method, values, shape, coarse, computeMs: performance.now() - started, reluRewrites, progress: done, completeness },
        transfer: coarse ? [values, coarse.values] : [values],
      };
      if (reluSample) yield { message: { type: 'relu', jobId: job.jobId, classIndex, sample: reluSample } };
      started = performance.now();
    }
  } finally {
    tape?.dispose();
    tensor.dispose();
  }
};

/** A new image's pixels as the model reads them (none for explain: the page sends the input on screen). */
async function imageOf(job: MapsJob, model: ModelInUse) {
  if (job.type === 'explain') return undefined;
  const decodeStart = performance.now();
  const { image, notes } = job.type === 'analyze' ? await decodeImage(job.image) : { image: decodeFrame(job.frame), notes: [] };
  const { rgb, input } = preprocess(image, model.descriptor.input);
  return { rgb, input, notes, decodeMs: performance.now() - decodeStart };
}

/** What the model saw, with its top classes. */
function classifiedMessage(
  jobId: number, { top, probabilities }: { top: ClassScore[]; probabilities: Float32Array }, image: NonNullable<Awaited<ReturnType<typeof imageOf>>>,
  model: ModelInUse, forwardMs: number,
): Outgoing {
  const modelView = image.rgb.buffer as ArrayBuffer;
  const all = buffer(probabilities);
  // A copy: the cpu backend keeps the array it was given as the tensor's data, so it must not be detached.
  const input = image.input.slice().buffer;
  return {
    message: { type: 'classified', jobId, top, probabilities: all, modelView, input, inputShape: model.inputShape, decodeMs: image.decodeMs, forwardMs, notes: image.notes },
    transfer: [modelView, input, all],
  };
}

/** The class a compare choice means for an image with these top classes and this first class (none if it is the first). */
function compareClass(choice: CompareChoice | undefined, top: readonly ClassScore[], first: number): number | undefined {
  const index = choice === 'runner-up' ? top.find((c) => c.index !== first)?.index : choice;
  return index === first ? undefined : index;
}
