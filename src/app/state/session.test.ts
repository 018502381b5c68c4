import { describe, expect, it } from 'vitest';
import { initialSession, sessionReducer, type Session } from './session.ts';

const classified = (jobId: number) => ({
  type: 'classified' as const, jobId, top: [{ index: 250, probability: 0.8 }],
  modelView: new ArrayBuffer(3), input: new ArrayBuffer(4), decodeMs: 1, forwardMs: 2, notes: [],
});
const map = (jobId: number, classIndex: number) => ({
  type: 'map' as const, jobId, classIndex, method: 'vanilla' as const, gradient: new Float32Array([jobId]).buffer, backwardMs: 3, reluRewrites: 94,
});
const submit = (session: Session, id: number, kind: 'analyze' | 'explain' = 'analyze', classIndex?: number) =>
  sessionReducer(session, { type: 'submitted', job: { id, kind, input: { name: `job ${id}` }, classIndex, startedAt: 0 } });

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
});
