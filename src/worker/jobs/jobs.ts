import type { Job, JobRun } from './job.ts';
import { mapsJob } from './maps.ts';
import { evaluationJob, sanityJob } from './tests-of-maps.ts';

/** Each kind of job's run. */
export const JOBS: { [K in Job['type']]: JobRun<Extract<Job, { type: K }>> } = {
  analyze: mapsJob,
  explain: mapsJob,
  frame: mapsJob,
  sanity: sanityJob,
  evaluate: evaluationJob,
};

export const runOf = (job: Job): JobRun => JOBS[job.type] as JobRun;
