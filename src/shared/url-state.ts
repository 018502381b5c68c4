import { BACKENDS, PASSES, type BackendName, type Passes } from './protocol.ts';
import type { MapView } from './render.ts';

/**
 * What a shared link reproduces, from a schema: every key typed and whitelisted; an unknown key or
 * an invalid value is ignored with a notice, never thrown.
 */
export type ScaleMode = 'map' | 'shared';

export interface UrlState {
  example?: string;
  classIndex?: number;
  view: MapView;
  scale: ScaleMode;
  overlay: boolean;
  backend?: BackendName;
  passes?: Passes;
  /** Another TF.js graph model served by this app under models/<name>/ (see README). */
  model?: string;
}

export const DEFAULT_VIEW: Pick<UrlState, 'view' | 'scale' | 'overlay'> = { view: 'magnitude', scale: 'map', overlay: false };

export interface UrlContext {
  exampleIds: readonly string[];
  classCount: number;
}

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
  class: {
    describe: 'a class number',
    apply: (state, raw, { classCount }) => {
      if (!/^\d{1,5}$/.test(raw)) return false;
      const index = Number(raw);
      if (index < 1 || index >= classCount) return false;
      state.classIndex = index;
      return true;
    },
  },
  view: { describe: 'magnitude or signed', apply: set('view', oneOf(['magnitude', 'signed'] as const)) },
  scale: { describe: 'map or shared', apply: set('scale', oneOf(['map', 'shared'] as const)) },
  overlay: { describe: '0 or 1', apply: set('overlay', (raw) => (raw === '1' ? true : raw === '0' ? false : undefined)) },
  backend: { describe: 'webgl, wasm or cpu', apply: set('backend', oneOf(BACKENDS)) },
  passes: { describe: 'shared, separate or batched', apply: set('passes', oneOf(PASSES)) },
  model: { describe: 'a model folder name (a-z, 0-9, -)', apply: set('model', (raw) => (/^[a-z0-9][a-z0-9-]{0,39}$/.test(raw) ? raw : undefined)) },
};

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

/** Where a model's files are served, relative to the app's base URL. */
export function modelDirectory(state: Pick<UrlState, 'model'>): string {
  return state.model ? `models/${state.model}/` : 'model/';
}

/** Only what differs from the defaults, in a stable order. */
export function serializeUrlState(state: UrlState): string {
  const params = new URLSearchParams();
  if (state.example) params.set('example', state.example);
  if (state.classIndex !== undefined) params.set('class', String(state.classIndex));
  if (state.view !== DEFAULT_VIEW.view) params.set('view', state.view);
  if (state.scale !== DEFAULT_VIEW.scale) params.set('scale', state.scale);
  if (state.overlay !== DEFAULT_VIEW.overlay) params.set('overlay', state.overlay ? '1' : '0');
  if (state.backend) params.set('backend', state.backend);
  if (state.passes) params.set('passes', state.passes);
  if (state.model) params.set('model', state.model);
  const text = params.toString();
  return text ? `?${text}` : '';
}
