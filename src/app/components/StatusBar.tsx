import { useEffect, useState } from 'react';
import { activationsInWords } from '../../shared/activations.ts';
import { METHOD_INFO, METHODS, perMethod } from '../../shared/methods.ts';
import { PRESETS } from '../../shared/preprocess.ts';
import type { PendingJob, Session } from '../state/session.ts';

const jobWhat = (job: PendingJob) => ({ analyze: `“${job.input.name}”`, explain: 'the maps for another class', frame: 'the camera\'s frame', sanity: 'the sanity check', evaluate: 'the faithfulness test' })[job.request.type];
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/**
 * Model download progress, then "computing" with elapsed time, then the total; the engine and each
 * step's time behind "details". While the camera is live it says so once, rather than a new
 * "computing" for every frame (the camera's bar gives the rate).
 */
export function StatusBar({ session, live, onRetry }: { session: Session; live: boolean; onRetry: () => void }) {
  const { engine, job, shown } = session;
  const elapsed = useElapsed(job?.startedAt);
  return (
    <section className="status" aria-label="Status">
      {session.restartNotice && <p className="notice warning" role="alert" data-testid="restart-notice">{session.restartNotice}</p>}
      <p role="status" aria-live="polite" className="status-line" data-testid="status" data-total-ms={!job ? shown?.totalMs : undefined}>
        {engine.phase === 'loading' && engine.stage !== 'warm-up' && (
          <>
            Loading the model… {Math.round(100 * engine.fraction)} %
            <progress max={1} value={engine.fraction} aria-label="Model download" />
          </>
        )}
        {engine.phase === 'loading' && engine.stage === 'warm-up' && <>Warming up the engine (compiling, first pass)…</>}
        {engine.phase === 'stalled' && (
          <>
            <span className="error" data-testid="stalled">{engine.message}</span>
            {' '}<button type="button" onClick={onRetry} data-testid="retry">Retry</button>
          </>
        )}
        {engine.phase === 'fatal' && <span className="error">{engine.message}</span>}
        {engine.phase === 'ready' && live && <>Live camera.</>}
        {engine.phase === 'ready' && !live && job && <>Computing {jobWhat(job)}… {seconds(elapsed)}</>}
        {engine.phase === 'ready' && !live && !job && shown?.totalMs !== undefined && <>Done in {seconds(shown.totalMs)}.</>}
        {engine.phase === 'ready' && !live && !job && !shown && <>Ready.</>}
      </p>
      {engine.phase === 'ready' && (
        <details className="status-details">
          <summary data-testid="engine-summary">
            {session.model && <span data-testid="model-summary">{session.model.name}, {session.model.input.width}×{session.model.input.height} · </span>}
            {engine.backend}{engine.threads > 1 ? `, ${engine.threads} threads` : ''}
            {session.engineTrials?.warming && <span data-testid="engine-warming"> · {session.engineTrials.warming} warming up</span>}: details
          </summary>
          <EngineDetails session={session} />
        </details>
      )}
    </section>
  );
}

/** The backend and why, threads and why, and the time of each step: behind the status line's disclosure. */
function EngineDetails({ session }: { session: Session }) {
  const { engine, shown, model } = session;
  if (engine.phase !== 'ready') return null;
  return (
    <>
      {model && (
        <p className="model-facts" data-testid="model-facts" data-classes={model.classCount} data-relus={model.relus} data-preprocessing={model.input.preprocessing}>
          Model: <strong>{model.name}</strong>, input {model.input.width}×{model.input.height}×{model.input.channels},
          {' '}{model.classCount} classes{model.background ? ' (0 is background)' : ''}, labels {model.labelsFrom ? `from ${model.labelsFrom}` : 'not given (class N)'};
          {' '}pixels read as {PRESETS[model.input.preprocessing].title} ({model.preprocessingFrom === 'metadata' ? 'from its metadata' : 'chosen on this page'});
          {' '}class score: {model.logitsFrom}; {model.relus} ReLU / ReLU6 activations rewritten by the rules
          {Object.keys(model.otherActivations).length > 0 && <span data-testid="other-activations">{`; deconvnet and guided backprop are applied to these ${model.relus} ReLUs only: its ${activationsInWords(model.otherActivations)} pass the plain gradient`}</span>}
          {model.featureMap ? `; Grad-CAM at ${model.featureMap.name} (${model.featureMap.shape.join('×')})` : '; no Grad-CAM (no global pool)'}
          {model.notes?.map((note) => `; ${note}`)}.
        </p>
      )}
      <p className="engine" data-testid="engine" data-backend={engine.backend} data-renderer={engine.renderer} data-threads={engine.threads}
        data-load-ms={engine.loadMs} data-warmup-ms={engine.warmupMs}>
        Backend: <strong>{engine.backend}</strong> ({engine.renderer}), because {engine.reason};
        <span data-testid="threads"> {engine.threads === 1 ? '1 thread' : `${engine.threads} threads`}: {engine.threadsReason};</span>
        {' '}one forward pass shared by the maps' backward passes.
        Model loaded in {seconds(engine.loadMs)}, warmed up in {seconds(engine.warmupMs)}.
        {engine.warning && <strong className="warning"> {engine.warning}</strong>}
      </p>
      {session.engineTrials && <EngineTrials {...session.engineTrials} />}
      {shown && (
        <p className="timings" data-testid="timings" data-forward-ms={shown.forwardMs}
          data-tensors={shown.memory?.tensors} data-tensor-bytes={shown.memory?.bytes}
          data-compute-ms={JSON.stringify(perMethod(shown.maps, (map) => map.computeMs))}>
          Decode + resize {seconds(shown.decodeMs)} · classify {seconds(shown.forwardMs)}
          {METHODS.map((m) => shown.maps[m] && <span key={m}> · {m}{shown.maps[m].progress ? ` (last of the ${METHOD_INFO[m].progress})` : ''} {seconds(shown.maps[m].computeMs)}</span>)}
          {shown.reluRewrites !== undefined && <> · <span data-testid="relu-count">{shown.reluRewrites} ReLUs rewritten</span> per pass</>}
          {shown.memory && <> · {shown.memory.tensors} tensors ({(shown.memory.bytes / 1e6).toFixed(1)} MB) held between jobs</>}
        </p>
      )}
    </>
  );
}

/** The engines timed on this device, fastest first, and the one still warming up. */
function EngineTrials({ trials, warming }: NonNullable<Session['engineTrials']>) {
  const timed = trials.filter((t) => t.passMs !== undefined).sort((a, b) => a.passMs! - b.passMs!);
  return (
    <p className="engine-trials" data-testid="engine-trials" data-trials={JSON.stringify(trials)}>
      Engines timed here (a forward and a backward pass, warm):
      {timed.map((t) => <span key={t.backend}> {t.backend} {seconds(t.passMs!)} ({t.device});</span>)}
      {trials.filter((t) => t.failed).map((t) => <span key={t.backend}> {t.backend} failed ({t.failed});</span>)}
      {warming ? ` ${warming} is warming up (loading the model and compiling) to be timed next.` : ' the fastest runs the maps.'}
    </p>
  );
}

function useElapsed(since: number | undefined): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (since === undefined) return;
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, [since]);
  return since === undefined ? 0 : Math.max(0, now - since);
}
