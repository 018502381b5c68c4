import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, imageUrl, modelJsonUrl, parseUrlState, serializeUrlState } from './url-state.ts';

const context = { exampleIds: ['dog', 'eagle'] };

describe('URL state', () => {
  it('round-trips every key', () => {
    const search = '?example=eagle&class=23&compare=24&view=signed&scale=shared&overlay=1&present=1&captions=1&sanity=1&evaluate=1&contrast=1&camera=1'
      + '&methods=vanilla%2Cguided%2Cgradcam%2Cguided-gradcam%2Csmooth-guided%2Cintegrated-gradients%2Cocclusion%2Cscorecam%2Ceigencam&live=both&samples=32&noise=0.2&seed=7&steps=64&patch=24&stride=12&channels=128&backend=cpu&model=e2e-tiny&preprocess=imagenet';
    const { state, notices } = parseUrlState(search, context);
    expect(notices).toEqual([]);
    expect(state).toEqual({
      example: 'eagle', classIndex: 23, compareIndex: 24, view: 'signed', scale: 'shared', overlay: true, present: true, captions: true, sanity: true, evaluate: true, contrast: true, camera: true, live: 'both',
      methods: ['vanilla', 'guided', 'gradcam', 'guided-gradcam', 'smooth-guided', 'integrated-gradients', 'occlusion', 'scorecam', 'eigencam'], settings: { samples: 32, noise: 0.2, seed: 7, steps: 64, patch: 24, stride: 12, channels: 128 },
      backend: 'cpu', model: 'e2e-tiny', preprocess: 'imagenet',
    });
    expect(serializeUrlState(state)).toBe(search);
  });
  it('keeps methods in table order, and ignores unknown or repeated methods and SmoothGrad settings out of range', () => {
    expect(parseUrlState('?methods=gradcam,vanilla', context).state.methods).toEqual(['vanilla', 'gradcam']);
    for (const bad of ['methods=gradcam,lrp', 'methods=vanilla,vanilla', 'methods=', 'samples=2', 'samples=65', 'samples=1e1', 'noise=0.6', 'noise=-1', 'seed=70000', 'steps=3', 'steps=257', 'steps=8.5', 'patch=7', 'stride=129', 'camera=yes', 'live=all']) {
      const { state, notices } = parseUrlState(`?${bad}`, context);
      expect(notices, bad).toHaveLength(1);
      expect(serializeUrlState(state), bad).toBe('');
    }
  });
  it('an old link\'s passes= (a measured-and-dropped experiment) is ignored with a notice', () => {
    const { state, notices } = parseUrlState('?example=dog&passes=separate', context);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('passes');
    expect(serializeUrlState(state)).toBe('?example=dog');
  });
  it('round-trips an image address, which wins over an example', () => {
    const search = `?image=${encodeURIComponent('https://upload.example.org/a b/cat.jpg?x=1&y=2')}`;
    const { state, notices } = parseUrlState(search, context);
    expect(notices).toEqual([]);
    expect(state.image).toBe('https://upload.example.org/a%20b/cat.jpg?x=1&y=2');
    expect(parseUrlState(serializeUrlState(state), context).state).toEqual(state);
    expect(serializeUrlState({ ...state, example: 'dog' })).toBe(serializeUrlState(state));
  });
  it('fetches images over https, or http on this machine only', () => {
    expect(imageUrl('https://a.org/x.png')).toBe('https://a.org/x.png');
    expect(imageUrl('http://localhost:8123/x.png')).toBe('http://localhost:8123/x.png');
    expect(imageUrl('http://127.0.0.1/x.png')).toBe('http://127.0.0.1/x.png');
    for (const refused of ['http://a.org/x.png', 'javascript:alert(1)', 'data:image/png;base64,AAAA', 'file:///etc/passwd', 'x.png', `https://a.org/${'x'.repeat(2000)}`]) {
      expect(imageUrl(refused)).toBeUndefined();
    }
  });
  it('writes nothing for the defaults', () => {
    expect(serializeUrlState(parseUrlState('', context).state)).toBe('');
  });
  it('ignores hostile and invalid values with a notice, never throwing', () => {
    const hostile = `?example=<img src=x onerror=alert(1)>&class=100000&class=-1&class=1e3&view=javascript:alert(1)&zzz=1&overlay=${'x'.repeat(10_000)}&model=../../evil`;
    const { state, notices } = parseUrlState(hostile, context);
    expect(state).toEqual(DEFAULT_VIEW);
    expect(notices).toHaveLength(8);
    expect(notices[0]).toContain('expected an example id');
    expect(notices.every((n) => n.length < 200)).toBe(true);
  });
  it('opens a model from an https address of its model.json or .onnx file, a folder the app serves, or the bundled one', () => {
    for (const hosted of ['https://teachablemachine.withgoogle.com/models/abc/model.json', 'https://example.org/exports/densenet201.onnx']) {
      const { state, notices } = parseUrlState(`?model=${encodeURIComponent(hosted)}`, context);
      expect(notices).toEqual([]);
      expect(parseUrlState(serializeUrlState(state), context).state.model).toBe(hosted);
      expect(modelJsonUrl(state, 'https://app.org/lens/')).toBe(hosted);
    }
    expect(modelJsonUrl({ model: 'e2e-tiny' }, 'https://app.org/lens/')).toBe('https://app.org/lens/models/e2e-tiny/model.json');
    expect(modelJsonUrl({}, 'https://app.org/lens/')).toBe('https://app.org/lens/model/model.json');
    for (const refused of ['http://a.org/model.json', 'https://a.org/model.bin', 'javascript:alert(1)//.json']) {
      expect(parseUrlState(`?model=${encodeURIComponent(refused)}`, context).notices, refused).toHaveLength(1);
    }
  });
  it('does not treat inherited object keys as settings', () => {
    expect(parseUrlState('?constructor=1&__proto__=1', context).notices).toHaveLength(2);
  });
});
