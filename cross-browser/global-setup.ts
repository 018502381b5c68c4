import { leftoversOf } from './leftovers.ts';
import { RUN_ID, startXvfb, type XDisplay } from './drivers.ts';

/**
 * The suite's run owns what outlives a test file: the X display WebKitGTK's MiniBrowser draws on
 * (started here unless DISPLAY is set, stopped here), and the check, when the run ends, that no
 * process a driver started is still running. One that is fails the run, loudly, after being stopped.
 */
export default async function setup() {
  const run = String(process.pid);
  // Test workers inherit the environment: their drivers mark what they start with this run's id.
  process.env[RUN_ID] = run;
  let xvfb: XDisplay | undefined;
  if (!process.env.DISPLAY) {
    xvfb = await startXvfb();
    process.env.DISPLAY = xvfb.display;
  }
  return async () => {
    await xvfb?.stop();
    const left = await leftoversOf(run);
    if (left.length === 0) return;
    for (const { pid } of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Exited meanwhile.
      }
    }
    console.error(`The cross-browser suite left ${left.length} process(es) running (now stopped):\n${left.map((p) => `  ${p.pid} ${p.command}`).join('\n')}`);
    // A teardown's thrown error is printed but leaves the exit status 0.
    process.exitCode = 1;
  };
}
