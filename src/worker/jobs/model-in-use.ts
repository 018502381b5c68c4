import type { ModelDescriptor } from '../../shared/model-descriptor.ts';
import type { PresetId } from '../../shared/preprocess.ts';
import type { FromWorker, ModelSource } from '../../shared/protocol.ts';
import { forgetFilterCuts } from '../gradients/conv-input-gradient.ts';
import { InputError } from '../input-error.ts';
import type { Net } from '../methods/net.ts';
import { loadModel, netOf, type LoadedModel } from '../model/load-model.ts';
import { warmUp } from './warm-up.ts';

/** The model the worker explains, kept loaded (and warm) between jobs, with the preprocessing the person chose. */
export class ModelInUse {
  /** A model loaded, audited and warmed up (the engine's start-up does it, timing each stage), and the person's preprocessing. */
  constructor(private loaded: LoadedModel, private chosenPreprocessing: PresetId | undefined) {}

  get model(): LoadedModel {
    return this.loaded;
  }

  /** The model as the page is told it, with the preprocessing in force. */
  get descriptor(): ModelDescriptor {
    const { descriptor: known, fixedPreprocessing } = this.loaded;
    const preprocessing = fixedPreprocessing ?? this.chosenPreprocessing ?? known.input.preprocessing;
    return { ...known, input: { ...known.input, preprocessing }, preprocessingFrom: fixedPreprocessing ? 'metadata' : 'chosen' };
  }

  get inputShape(): [number, number, number, number] {
    const { height, width, channels } = this.descriptor.input;
    return [1, height, width, channels];
  }

  /** The model in use now, whichever that is when a pass runs. */
  readonly net: Net = (x) => netOf(this.loaded)(x);

  hasLayer(layer: string): boolean {
    return (this.loaded.descriptor.layers ?? []).some((l) => l.label === layer);
  }

  /** The net whose CAMs read this layer (by its label); the feature map before the global pool if none. */
  netAt(layer: string | undefined): Net {
    if (layer === undefined) return this.net;
    const { layers = [], name } = this.loaded.descriptor;
    const found = layers.find((l) => l.label === layer);
    if (!found) throw new InputError(`${name} has no feature map called ${layer}${layers.length ? `: its layers are ${layers.map((l) => l.label).join(', ')}` : ''}.`);
    return netOf(this.loaded, found.name);
  }

  /**
   * The model and preprocessing an analyze job asks for: another model is loaded, audited and warmed
   * before it replaces this one (a refused model changes nothing, the preprocessing included). The
   * message telling the page, when something changed.
   */
  async use(source: ModelSource | undefined, preprocessing: PresetId | undefined, progress: (fraction: number) => void): Promise<FromWorker | undefined> {
    const previous = this.chosenPreprocessing;
    if (!source) {
      // A choice made for one model is not another's: a new model starts from its own (or the default).
      this.chosenPreprocessing = preprocessing ?? previous;
      return this.chosenPreprocessing !== previous && !this.loaded.fixedPreprocessing ? { type: 'model', model: this.descriptor } : undefined;
    }
    const candidate = await loadWarm(source, progress);
    const old = this.loaded;
    this.loaded = candidate;
    this.chosenPreprocessing = preprocessing;
    Object.values(old.model.weights).flat().forEach(forgetFilterCuts);
    old.model.dispose();
    return { type: 'model', model: this.descriptor, source };
  }

  hasClass(classIndex: number): boolean {
    return Number.isInteger(classIndex) && classIndex >= 0 && classIndex < this.loaded.descriptor.classCount;
  }

  checkClass(classIndex: number): void {
    const { classCount, name } = this.loaded.descriptor;
    if (!this.hasClass(classIndex)) throw new InputError(`Class ${classIndex} does not exist in ${name}, which has ${classCount} classes (0 to ${classCount - 1}).`);
  }
}

async function loadWarm(source: ModelSource, progress: (fraction: number) => void): Promise<LoadedModel> {
  const candidate = await loadModel(source, progress);
  try {
    await warmUp(candidate);
  } catch (error) {
    candidate.model.dispose();
    throw error;
  }
  return candidate;
}
