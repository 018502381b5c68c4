import { useEffect } from 'react';
import { cascadeMethods, type Method } from '../../shared/methods.ts';
import { lastStepDone } from '../sanity-summary.ts';
import type { InputLabel, Session } from '../state/session.ts';

interface Options {
  on: boolean;
  session: Session;
  methods: Method[];
  seed: number;
  sanityCheck: (classIndex: number, input: InputLabel, modelInput: Float32Array, methods: Method[], seed: number) => void;
  stop: () => void;
}

/**
 * While the sanity check is on, it runs for the image and class on screen once their maps are
 * done, and again when the class, the image or the methods change, or when a newer job cut it
 * short. Turned off, a running cascade stops (the worker restores the trained weights).
 */
export function useSanityCheck({ on, session, methods, seed, sanityCheck, stop }: Options) {
  const { shown, job, error } = session;
  const sanity = shown?.sanity;
  const wanted = cascadeMethods(methods).join();
  useEffect(() => {
    if (!on || !shown || job || error || wanted === '') return;
    const current = sanity && sanity.classIndex === shown.classIndex && sanity.methods.join() === wanted && lastStepDone(sanity) === sanity.steps.length;
    if (!current) sanityCheck(shown.classIndex, shown.input, shown.modelInput, methods, seed);
  }, [on, shown?.classIndex, shown?.input, sanity, job, error, wanted]);
  useEffect(() => {
    if (!on && job?.kind === 'sanity') stop();
  }, [on, job]);
}
