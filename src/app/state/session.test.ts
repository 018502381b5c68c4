import { describe, expect, it } from 'vitest';
import type { CompareChoice } from '../../shared/protocol.ts';
import { SETTINGS_DEFAULTS } from '../../shared/map-settings.ts';
import type { Method } from '../../shared/methods.ts';
import { initialSession, selectedClass, selectedCompareClass, sessionReducer, unfinishedMethods, type JobRequest, type Session } from './session.ts';

const classified = (jobId: number) => ({
  type: 'classified' as const, jobId, top: [{ index: 250, probability: 0.8 }], probabilities: new ArrayBuffer(8),
  modelView: new ArrayBuffer(3), input: new ArrayBuffer(4), inputShape: [1, 1, 1, 1] as [number, number, number, number], decodeMs: 1, forwardMs: 2, notes: [],
});
const map = (jobId: number, classIndex: number, row = 0, method: Method = 'vanilla') => ({
  type: 'map' as const, jobId, row, classIndex, method, values: new Float32Array([jobId]).buffer, shape: [1, 1, 1] as [number, number, number],
  computeMs: 3, reluRewrites: 94,
});
const classes = (jobId: number, ...indices: number[]) => ({ type: 'classes' as const, jobId, classes: indices });
const explanation = { methods: ['vanilla' as const], settings: SETTINGS_DEFAULTS };
const submit = (session: Session, jobId: number, kind: 'analyze' | 'explain' = 'analyze', classIndex?: number, compareIndex?: CompareChoice) => {
  const request: JobRequest = kind === 'analyze'
    ? { type: 'analyze', jobId, image: new Blob([`image ${jobId}`]), classIndex, compareIndex, ...explanation }
    : { type: 'explain', jobId, classIndex: classIndex!, input: new Float32Array(1), compareIndex, ...explanation };
  return sessionReducer(session, { type: 'submitted', job: { request, input: { name: `job ${jobId}` }, startedAt: 0 } });
};
const top = [{ index: 250, probability: 0.6 }, { index: 249, probability: 0.3 }, { index: 7, probability: 0.1 }];

describe('session reducer', () => {
  it('drops results of superseded jobs: a stale result never paints', () => {
    let s = submit(initialSession, 1);
    s = sessionReducer(s, classified(1));
    s = submit(s, 2, 'explain', 7);
    s = sessionReducer(s, map(1, 250)); // late result of job 1
    expect(s.shown!.maps.vanilla).toBeUndefined();
    s = sessionReducer(s, map(2, 7));
    expect(s.shown!.maps.vanilla!.classIndex).toBe(7);
    expect(s.shown!.classIndex).toBe(7);
  });
  it('keeps what is on screen when a new input fails', () => {
    let s = sessionReducer(submit(initialSession, 1), classified(1));
    s = sessionReducer(s, map(1, 250));
    const before = s.shown;
    s = submit(s, 2);
    s = sessionReducer(s, { type: 'jobError', jobId: 2, message: 'The file is empty.' });
    expect(s.shown).toBe(before);
    expect(s.error).toBe('The file is empty.');
    expect(s.job).toBeUndefined();
  });
  it('a new image replaces the old maps once it is classified', () => {
    let s = sessionReducer(submit(initialSession, 1), classified(1));
    s = sessionReducer(s, map(1, 250));
    s = submit(s, 2);
    expect(s.shown!.maps.vanilla).toBeDefined();
    s = sessionReducer(s, classified(2));
    expect(s.shown!.maps).toEqual({});
    expect(s.shown!.input.name).toBe('job 2');
  });
  it("a camera's frame keeps the maps on screen until its own come, and they replace them", () => {
    let s = sessionReducer(submit(initialSession, 1), classified(1));
    s = sessionReducer(s, map(1, 250));
    const frame = { type: 'frame' as const, jobId: 2, frame: {} as ImageBitmap, ...explanation };
    s = sessionReducer(s, { type: 'submitted', job: { request: frame, input: { name: 'camera' }, startedAt: 0 } });
    s = sessionReducer(s, classified(2));
    expect(s.shown!.input.name).toBe('camera');
    expect(s.shown!.image).toBeUndefined();
    expect([...s.shown!.maps.vanilla!.values]).toEqual([1]);
    s = sessionReducer(s, map(2, 250));
    expect([...s.shown!.maps.vanilla!.values]).toEqual([2]);
  });
  it("a camera's frame keeps only the maps it draws live, and a map kept from an earlier image is not this image's", () => {
    let s = sessionReducer(submit(initialSession, 1), classified(1));
    s = sessionReducer(s, map(1, 250));
    s = sessionReducer(s, map(1, 250, 0, 'guided'));
    expect(unfinishedMethods(s.shown!, ['vanilla', 'guided'], 250)).toEqual([]);
    const frame = { type: 'frame' as const, jobId: 2, frame: {} as ImageBitmap, ...explanation };
    s = sessionReducer(s, { type: 'submitted', job: { request: frame, input: { name: 'camera' }, startedAt: 0 } });
    s = sessionReducer(s, classified(2));
    // The photo's guided map is not the frame's: gone. Its vanilla map stays on screen until the frame's comes, but is not the frame's.
    expect(Object.keys(s.shown!.maps)).toEqual(['vanilla']);
    expect(unfinishedMethods(s.shown!, ['vanilla', 'guided'], 250)).toEqual(['vanilla', 'guided']);
    s = sessionReducer(s, map(2, 250));
    expect(unfinishedMethods(s.shown!, ['vanilla', 'guided'], 250)).toEqual(['guided']);
    expect(unfinishedMethods(s.shown!, ['vanilla'], 7)).toEqual(['vanilla']);
  });
  it('takes the classes the worker resolved, and routes each map by its row', () => {
    let s = submit(initialSession, 1, 'analyze', undefined, 'runner-up');
    s = sessionReducer(s, { ...classified(1), top });
    expect(s.shown!.compare).toBeUndefined();
    s = sessionReducer(s, classes(1, 250, 249));
    expect(s.shown!.compare).toEqual({ classIndex: 249, maps: {} });
    expect(selectedCompareClass(s)).toBe(249);
    s = sessionReducer(s, map(1, 250, 0));
    s = sessionReducer(s, map(1, 249, 1));
    expect(s.shown!.maps.vanilla!.classIndex).toBe(250);
    expect(s.shown!.compare!.maps.vanilla!.classIndex).toBe(249);
    expect(s.shown!.classIndex).toBe(250);
    // A new first class keeps the second; the old maps stay until the new ones arrive.
    s = submit(s, 2, 'explain', 7, 249);
    expect(selectedCompareClass(s)).toBe(249);
    s = sessionReducer(s, classes(2, 7, 249));
    expect(selectedClass(s)).toBe(7);
    s = sessionReducer(s, map(2, 7, 0));
    expect(s.shown!.maps.vanilla!.classIndex).toBe(7);
    expect(s.shown!.compare!.maps.vanilla!.classIndex).toBe(249);
    // A new second class heads its row at once; its old maps stay, marked stale by their class, until replaced.
    s = submit(s, 3, 'explain', 7, 'runner-up');
    s = sessionReducer(s, classes(3, 7, 250));
    expect(s.shown!.compare!.classIndex).toBe(250);
    expect(s.shown!.compare!.maps.vanilla!.classIndex).toBe(249);
  });
  it('keeps the second row as it was when the worker resolves no second class (the runner-up was the first class)', () => {
    let s = submit(initialSession, 1, 'analyze', 249, 'runner-up');
    s = sessionReducer(s, { ...classified(1), top });
    s = sessionReducer(s, classes(1, 249));
    expect(s.shown!.compare).toBeUndefined();
  });
  it('reads what a job was asked from its request: the new image\'s file, and the maps and seed a faithfulness test is of', () => {
    let s = submit(initialSession, 1);
    const image = (s.job!.request as Extract<JobRequest, { type: 'analyze' }>).image;
    s = sessionReducer(sessionReducer(s, classified(1)), map(1, 250));
    expect(s.shown!.image).toBe(image);
    const values = s.shown!.maps.vanilla!.values;
    const request: JobRequest = { type: 'evaluate', jobId: 2, classIndex: 250, input: new Float32Array(1), maps: [{ method: 'vanilla', values, shape: [1, 1, 1] }], seed: 7 };
    s = sessionReducer(s, { type: 'submitted', job: { request, input: s.shown!.input, startedAt: 0 } });
    s = sessionReducer(s, { type: 'evaluation', jobId: 2, classIndex: 250, methods: ['vanilla'], fractions: [0, 0.5, 1] });
    expect(s.shown!.evaluation!.of).toEqual({ vanilla: values });
    expect(s.shown!.evaluation!.of.vanilla).toBe(values);
    expect(s.shown!.evaluation!.seed).toBe(7);
    expect(s.shown!.image).toBe(image);
  });
});
