import { useEffect, useRef } from 'react';
import { cascadeMethods, type Method } from '../../shared/methods.ts';
import { lastStepDone } from '../sanity-summary.ts';
import type { InputLabel, NewJob, Session } from '../state/session.ts';

interface Options {
  on: boolean;
  session: Session;
  methods: Method[];
  seed: number;
  /** The CAMs' layer: the cascade runs again when it changes. */
  layer?: string;
  submit: (job: NewJob, input: InputLabel) => void;
  stop: () => void;
}

/**
 * While the sanity check is on, it runs for the image and class on screen once their maps are
 * done, and again when the class, the image or the methods change, or when a newer job cut it
 * short. Turned off, a running cascade stops (the worker restores the trained weights).
 */
export function useSanityCheck({ on, session, methods, seed, layer, submit, stop }: Options) {
  const { shown, job, error } = session;
  const sanity = shown?.sanity;
  const wanted = cascadeMethods(methods).join();
  /** The layer the cascade on screen was asked for. */
  const ranAt = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!on || !shown || job || error || wanted === '') return;
    const current = sanity && sanity.classIndex === shown.classIndex && sanity.methods.join() === wanted && lastStepDone(sanity) === sanity.steps.length && ranAt.current === layer;
    if (current) return;
    ranAt.current = layer;
    submit({ type: 'sanity', classIndex: shown.classIndex, input: shown.modelInput, methods, seed, layer }, shown.input);
  }, [on, shown?.classIndex, shown?.input, sanity, job, error, wanted, layer]);
  useEffect(() => {
    if (!on && job?.request.type === 'sanity') stop();
  }, [on, job]);
}
