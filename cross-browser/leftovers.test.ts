import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { STARTED_BY } from './drivers.ts';
import { leftoversOf, processesStartedBy } from './leftovers.ts';

describe('the run-end check for processes left behind', () => {
  it('finds a process marked with the run, and not one marked with another run, until it exits', async () => {
    const run = `probe-${process.pid}-${Date.now()}`;
    const marked = spawn('sleep', ['60'], { env: { ...process.env, [STARTED_BY]: run }, stdio: 'ignore' });
    const other = spawn('sleep', ['61'], { env: { ...process.env, [STARTED_BY]: `${run}-other` }, stdio: 'ignore' });
    try {
      await new Promise((resolve) => marked.once('spawn', resolve));
      expect(processesStartedBy(run)).toEqual([{ pid: marked.pid, command: 'sleep 60' }]);
      marked.kill();
      expect(await leftoversOf(run)).toEqual([]);
    } finally {
      marked.kill();
      other.kill();
    }
  });
});
