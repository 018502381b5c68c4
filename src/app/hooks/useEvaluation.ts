import { useEffect } from 'react';
import type { Method } from '../../shared/methods.ts';
import { innerStepsDone } from '../evaluation-summary.ts';
import type { InputLabel, MapResult, NewJob, Session } from '../state/session.ts';

interface Options {
  on: boolean;
  session: Session;
  methods: Method[];
  seed: number;
  submit: (job: NewJob, input: InputLabel) => void;
  stop: () => void;
}

/**
 * While the faithfulness test is on, it runs for the first class's maps on screen once they are
 * done, and again when they change (another class, image, method or setting), with another seed
 * (its random order), or when a newer job cut it short. Turned off, a running test stops.
 */
export function useEvaluation({ on, session, methods, seed, submit, stop }: Options) {
  const { shown, job, error } = session;
  const evaluation = shown?.evaluation;
  useEffect(() => {
    if (!on || !shown || job || error) return;
    const maps = methods.flatMap((method) => {
      const map: MapResult | undefined = shown.maps[method];
      return map && map.classIndex === shown.classIndex ? [{ method, values: map.values, shape: map.shape }] : [];
    });
    if (maps.length === 0) return;
    const current = evaluation && evaluation.classIndex === shown.classIndex && evaluation.seed === seed && evaluation.methods.join() === maps.map((m) => m.method).join()
      && maps.every((m) => evaluation.of[m.method] === m.values) && innerStepsDone(evaluation) === evaluation.fractions.length - 2;
    if (!current) submit({ type: 'evaluate', classIndex: shown.classIndex, input: shown.modelInput, maps, seed }, shown.input);
  }, [on, shown?.maps, shown?.classIndex, evaluation, job, error, methods.join(), seed]);
  useEffect(() => {
    if (!on && job?.request.type === 'evaluate') stop();
  }, [on, job]);
}
