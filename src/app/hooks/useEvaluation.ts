import { useEffect } from 'react';
import type { Method } from '../../shared/methods.ts';
import { innerStepsDone } from '../evaluation-summary.ts';
import type { InputLabel, MapResult, Session } from '../state/session.ts';

interface Options {
  on: boolean;
  session: Session;
  methods: Method[];
  seed: number;
  evaluate: (classIndex: number, input: InputLabel, modelInput: Float32Array, maps: Partial<Record<Method, MapResult>>, seed: number) => void;
  stop: () => void;
}

/**
 * While the faithfulness test is on, it runs for the first class's maps on screen once they are
 * done, and again when they change (another class, image, method or setting), with another seed
 * (its random order), or when a newer job cut it short. Turned off, a running test stops.
 */
export function useEvaluation({ on, session, methods, seed, evaluate, stop }: Options) {
  const { shown, job, error } = session;
  const evaluation = shown?.evaluation;
  useEffect(() => {
    if (!on || !shown || job || error) return;
    const maps: Partial<Record<Method, MapResult>> = Object.fromEntries(methods.flatMap((m) => {
      const map = shown.maps[m];
      return map && map.classIndex === shown.classIndex ? [[m, map]] : [];
    }));
    const tested = Object.keys(maps) as Method[];
    if (tested.length === 0) return;
    const current = evaluation && evaluation.classIndex === shown.classIndex && evaluation.seed === seed && evaluation.methods.join() === tested.join()
      && tested.every((m) => evaluation.of[m] === maps[m]) && innerStepsDone(evaluation) === evaluation.fractions.length - 2;
    if (!current) evaluate(shown.classIndex, shown.input, shown.modelInput, maps, seed);
  }, [on, shown?.maps, shown?.classIndex, evaluation, job, error, methods.join(), seed]);
  useEffect(() => {
    if (!on && job?.kind === 'evaluate') stop();
  }, [on, job]);
}
