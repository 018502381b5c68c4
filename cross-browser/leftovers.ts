import { readdirSync, readFileSync } from 'node:fs';
import { STARTED_BY } from './drivers.ts';

/**
 * The processes a run's drivers started that are still running, found by the variable each carries
 * in its environment (Linux's /proc: the browsers this suite drives are Debian's). Found by
 * environment, not by parent: a process whose parent died is adopted by init.
 */
export interface Leftover {
  pid: number;
  command: string;
}

export function processesStartedBy(run: string): Leftover[] {
  const mark = `${STARTED_BY}=${run}`;
  const found: Leftover[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // A zombie's environment reads empty: it has exited, only its parent has not looked yet.
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(mark)) continue;
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').join(' ').trim() });
    } catch {
      // Gone meanwhile, or another user's.
    }
  }
  return found;
}

/** Those still running once the ones already told to stop have had `graceMs` to exit. */
export async function leftoversOf(run: string, graceMs = 10_000): Promise<Leftover[]> {
  const end = Date.now() + graceMs;
  let left = processesStartedBy(run);
  while (left.length > 0 && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    left = processesStartedBy(run);
  }
  return left;
}
