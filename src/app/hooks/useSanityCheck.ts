import { useEffect } from 'react';
import { cascadeMethods, type Method } from '../../shared/methods.ts';
import { lastStepDone } from '../sanity-summary.ts';
import type { InputLabel, NewJob, Session } from '../state/session.ts';

interface Options {
  on: boolean;
  session: Session;
  methods: Method[];
  seed: number;
  submit: (job: NewJob, input: InputLabel) => void;
  stop: () => void;
}

/**
 * While the sanity check is on, it runs for the image and class on screen once their maps are
 * done, and again when the class, the image or the methods change, or when a newer job cut it
 * short. Turned off, a running cascade stops (the worker restores the trained weights).
 */
export function useSanityCheck({ on, session, methods, seed, submit, stop }: Options) {
  const { shown, job, error } = session;
  const sanity = shown?.sanity;
  const wanted = cascadeMethods(methods).join();
  useEffect(() => {
    if (!on || !shown || job || error || wanted === '') return;
    const current = sanity && sanity.classIndex === shown.classIndex && sanity.methods.join() === wanted && lastStepDone(sanity) === sanity.steps.length;
    if (!current) submit({ type: 'sanity', classIndex: shown.classIndex, input: shown.modelInput, methods, seed }, shown.input);
  }, [on, shown?.classIndex, shown?.input, sanity, job, error, wanted]);
  useEffect(() => {
    if (!on && job?.request.type === 'sanity') stop();
  }, [on, job]);
}
