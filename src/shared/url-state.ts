import { DEFAULT_METHODS, inTableOrder, METHODS, type Method } from './methods.ts';
import { SETTING_KEYS, SETTINGS, SETTINGS_DEFAULTS, type MapSettings } from './map-settings.ts';
import { PRESET_IDS, type PresetId } from './preprocess.ts';
import { BACKENDS, type BackendName } from './engines.ts';
import { DEFAULT_LIVE_MAPS, LIVE_MAPS_IDS, type LiveMaps } from './live-maps.ts';
import type { MapView } from './render.ts';

/**
 * What a shared link reproduces, from a schema: every key typed and whitelisted; an unknown key or
 * an invalid value is ignored with a notice, never thrown.
 */
export type ScaleMode = 'map' | 'shared';

export interface UrlState {
  example?: string;
  /** A picture on the web (https, or http on this machine); it wins over `example`. */
  image?: string;
  classIndex?: number;
  /** A second class, shown in a row below the first (compare view). */
  compareIndex?: number;
  view: MapView;
  scale: ScaleMode;
  overlay: boolean;
  /** Presentation mode: large type, dark theme, controls in a bar. */
  present: boolean;
  /** The teaching layer: a sentence per map and the live ReLU diagram. */
  captions: boolean;
  /** The sanity check: the maps as the model's layers are randomized, from the logits down (its weights drawn from `seed`). */
  sanity: boolean;
  /** The faithfulness test: deletion and insertion curves of every map on screen. */
  evaluate: boolean;
  /** The maps shown, in table order (METHODS). */
  methods: Method[];
  /** SmoothGrad's samples, noise (σ as a fraction of the input range) and seed. */
  settings: MapSettings;
  backend?: BackendName;
  /**
   * Another model: the https address of a model.json (its weights and metadata.json beside it) or of
   * a PyTorch export's .onnx file (a labels.txt beside it), or the name of a folder this app serves
   * under models/<name>/ (docs/model.md).
   */
  model?: string;
  /** How a model without preprocessing in its metadata reads pixels (PRESETS). */
  preprocess?: PresetId;
  /** The layer the CAMs read, by its label (Mixed_6e); whether the model has it is the worker's to say. */
  layer?: string;
  /** With a second class: the row of the first rather than the second (logit A − logit B). */
  contrast: boolean;
  /** Ask for the camera when the page opens (the browser asks the person first). */
  camera: boolean;
  /** The maps the live camera draws (LIVE_MAPS). */
  live: LiveMaps;
}

export const DEFAULT_VIEW: Pick<UrlState, 'view' | 'scale' | 'overlay' | 'present' | 'captions' | 'sanity' | 'evaluate' | 'contrast' | 'methods' | 'settings' | 'camera' | 'live'> = {
  view: 'magnitude', scale: 'map', overlay: false, present: false, captions: false, sanity: false, evaluate: false, contrast: false, methods: [...DEFAULT_METHODS], settings: SETTINGS_DEFAULTS,
  camera: false, live: DEFAULT_LIVE_MAPS,
};

const MAX_IMAGE_URL = 2000;

/**
 * An address the app may fetch a picture or a model from: https anywhere, or http on this machine
 * (which browsers treat as secure too). Anything else (javascript:, data:, file:, plain http) is refused.
 */
export function imageUrl(raw: string): string | undefined {
  if (raw.length > MAX_IMAGE_URL || !URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return url.protocol === 'https:' || (url.protocol === 'http:' && local) ? url.href : undefined;
}

export interface UrlContext {
  exampleIds: readonly string[];
}

/** Class numbers a link may name; whether the model has that class is the worker's to say. */
const MAX_CLASS = 99_999;

const MAX_SHOWN = 40;
const shown = (value: string) => JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);

const oneOf = <T extends string>(values: readonly T[]) => (raw: string): T | undefined =>
  (values as readonly string[]).includes(raw) ? (raw as T) : undefined;

interface KeySpec {
  describe: string;
  apply: (state: UrlState, raw: string, context: UrlContext) => boolean;
}

const KEYS: Record<string, KeySpec> = {
  example: {
    describe: 'an example id',
    apply: (state, raw, { exampleIds }) => (exampleIds.includes(raw) ? ((state.example = raw), true) : false),
  },
  image: { describe: 'an https:// address of a picture', apply: set('image', imageUrl) },
  class: { describe: 'a class number', apply: (state, raw) => setClass(state, 'classIndex', raw) },
  compare: { describe: 'a class number', apply: (state, raw) => setClass(state, 'compareIndex', raw) },
  view: { describe: 'magnitude or signed', apply: set('view', oneOf(['magnitude', 'signed'] as const)) },
  scale: { describe: 'map or shared', apply: set('scale', oneOf(['map', 'shared'] as const)) },
  overlay: { describe: '0 or 1', apply: set('overlay', flag) },
  present: { describe: '0 or 1', apply: set('present', flag) },
  captions: { describe: '0 or 1', apply: set('captions', flag) },
  sanity: { describe: '0 or 1', apply: set('sanity', flag) },
  evaluate: { describe: '0 or 1', apply: set('evaluate', flag) },
  contrast: { describe: '0 or 1', apply: set('contrast', flag) },
  camera: { describe: '0 or 1', apply: set('camera', flag) },
  live: { describe: LIVE_MAPS_IDS.join(', '), apply: set('live', oneOf(LIVE_MAPS_IDS)) },
  backend: { describe: 'webgpu, webgl, wasm or cpu', apply: set('backend', oneOf(BACKENDS)) },
  model: { describe: 'the https:// address of a model.json or .onnx file, or a model folder name (a-z, 0-9, -)', apply: set('model', modelName) },
  preprocess: { describe: PRESET_IDS.join(', '), apply: set('preprocess', oneOf(PRESET_IDS)) },
  layer: { describe: 'a layer name (letters, digits, _ . / -)', apply: set('layer', (raw) => (/^[\w./-]{1,80}$/.test(raw) ? raw : undefined)) },
  methods: { describe: `methods from ${METHODS.join(', ')}, separated by commas`, apply: set('methods', methodList) },
  // Every setting of METHOD's many-pass maps, from its table.
  ...Object.fromEntries(SETTING_KEYS.map((key) => [key, settingKey(key)])),
};

const within = (value: number, [lo, hi]: readonly [number, number]) => (value >= lo && value <= hi ? value : undefined);

/** A comma list of method ids, each known and none twice, kept in table order. */
function methodList(raw: string): Method[] | undefined {
  const asked = raw.split(',');
  if (asked.some((m) => !(METHODS as readonly string[]).includes(m)) || new Set(asked).size !== asked.length) return undefined;
  return inTableOrder(asked as Method[]);
}

/** A setting's link key: a whole number (or a decimal of up to 4 places) within its limits. */
function settingKey(key: keyof MapSettings): KeySpec {
  const { describe, whole, limits } = SETTINGS[key];
  const pattern = whole ? /^\d{1,5}$/ : /^\d(\.\d{1,4})?$/;
  return {
    describe: `${describe} from ${limits.join(' to ')}`,
    apply: setSetting(key, (raw) => (pattern.test(raw) ? within(Number(raw), limits) : undefined)),
  };
}

function setSetting<K extends keyof MapSettings>(key: K, parse: (raw: string) => MapSettings[K] | undefined) {
  return (state: UrlState, raw: string) => {
    const value = parse(raw);
    if (value === undefined) return false;
    state.settings = { ...state.settings, [key]: value };
    return true;
  };
}

function flag(raw: string): boolean | undefined {
  return raw === '1' ? true : raw === '0' ? false : undefined;
}

function modelName(raw: string): string | undefined {
  if (/^[a-z0-9][a-z0-9-]{0,39}$/.test(raw)) return raw;
  const url = imageUrl(raw);
  return url && /\.(json|onnx)$/.test(new URL(url).pathname) ? url : undefined;
}

function setClass(state: UrlState, key: 'classIndex' | 'compareIndex', raw: string): boolean {
  if (!/^\d{1,5}$/.test(raw)) return false;
  const index = Number(raw);
  if (index > MAX_CLASS) return false;
  state[key] = index;
  return true;
}

function set<K extends keyof UrlState>(key: K, parse: (raw: string) => UrlState[K] | undefined) {
  return (state: UrlState, raw: string) => {
    const value = parse(raw);
    if (value === undefined) return false;
    state[key] = value;
    return true;
  };
}

export function parseUrlState(search: string, context: UrlContext): { state: UrlState; notices: string[] } {
  const state: UrlState = { ...DEFAULT_VIEW };
  const notices: string[] = [];
  for (const [key, raw] of new URLSearchParams(search)) {
    const spec = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
    if (!spec) {
      notices.push(`Ignored the unknown link setting ${shown(key)}.`);
    } else if (!spec.apply(state, raw, context)) {
      notices.push(`Ignored ${key}=${shown(raw)} in the link: expected ${spec.describe}.`);
    }
  }
  return { state, notices };
}

/** The model.json a link names: an address as given, a folder the app serves (under its base URL), else the bundled model. */
export function modelJsonUrl(state: Pick<UrlState, 'model'>, base: string): string {
  if (state.model && URL.canParse(state.model)) return state.model;
  return new URL(state.model ? `models/${state.model}/model.json` : 'model/model.json', base).href;
}

/** Only what differs from the defaults, in a stable order. */
export function serializeUrlState(state: UrlState): string {
  const params = new URLSearchParams();
  if (state.image) params.set('image', state.image);
  else if (state.example) params.set('example', state.example);
  if (state.classIndex !== undefined) params.set('class', String(state.classIndex));
  if (state.compareIndex !== undefined) params.set('compare', String(state.compareIndex));
  if (state.view !== DEFAULT_VIEW.view) params.set('view', state.view);
  if (state.scale !== DEFAULT_VIEW.scale) params.set('scale', state.scale);
  for (const key of ['overlay', 'present', 'captions', 'sanity', 'evaluate', 'contrast', 'camera'] as const) {
    if (state[key] !== DEFAULT_VIEW[key]) params.set(key, state[key] ? '1' : '0');
  }
  if (state.methods.join() !== DEFAULT_VIEW.methods.join()) params.set('methods', state.methods.join());
  if (state.live !== DEFAULT_VIEW.live) params.set('live', state.live);
  for (const key of SETTING_KEYS) {
    if (state.settings[key] !== SETTINGS_DEFAULTS[key]) params.set(key, String(state.settings[key]));
  }
  if (state.backend) params.set('backend', state.backend);
  if (state.model) params.set('model', state.model);
  if (state.preprocess) params.set('preprocess', state.preprocess);
  if (state.layer) params.set('layer', state.layer);
  const text = params.toString();
  return text ? `?${text}` : '';
}
