import { useEffect, useRef, type RefObject } from 'react';
import { LIVE_MAPS, LIVE_MAPS_IDS, type LiveMaps } from '../../shared/live-maps.ts';
import type { Camera } from '../hooks/useCamera.ts';

interface Props {
  camera: Camera;
  /** The camera on or off (the W command). */
  onToggle: () => void;
  liveMaps: LiveMaps;
  onLiveMaps: (choice: LiveMaps) => void;
  className: (index: number) => string;
}

/**
 * The camera: on and off, which camera, mirrored or not, which maps it draws live, freeze, the class
 * it follows, and the live rate and latency. The preview plays here; the frames never leave the page.
 */
export function CameraBar({ camera, onToggle, liveMaps, onLiveMaps, className }: Props) {
  const { phase, cameras, deviceId, mirror, fixedClass, fixedCompareClass, measure } = camera;
  const on = phase !== 'off';
  const toggle = useRef<HTMLButtonElement>(null);
  const freeze = useRef<HTMLButtonElement>(null);
  // Pressed from the Camera button, Space would press it again (off): once live, the focus moves to Freeze, which Space presses.
  useEffect(() => {
    if (phase === 'live' && document.activeElement === toggle.current) freeze.current?.focus();
  }, [phase]);
  return (
    <section className={`camera-bar${on ? ' on' : ''}`} aria-label="Camera" data-testid="camera-bar" data-phase={phase}>
      <button ref={toggle} type="button" aria-pressed={on} aria-keyshortcuts="W" onClick={onToggle} data-testid="camera-toggle">
        {on ? 'Camera off' : 'Camera'} <kbd>W</kbd>
      </button>
      {on && (
        <>
          <Preview video={camera.video} mirror={mirror} onReady={camera.videoReady} />
          <button ref={freeze} type="button" aria-pressed={phase === 'frozen'} aria-keyshortcuts="Space" onClick={camera.toggleFreeze} disabled={phase === 'starting'} data-testid="camera-freeze">
            {phase === 'frozen' ? 'Live' : 'Freeze'} <kbd>Space</kbd>
          </button>
          {cameras.length > 1 && (
            <select aria-label="Which camera" value={deviceId} onChange={(e) => camera.choose(e.target.value)}>
              {cameras.map((c) => <option key={c.deviceId} value={c.deviceId}>{c.label}</option>)}
            </select>
          )}
          <label><input type="checkbox" checked={mirror} onChange={(e) => camera.setMirror(e.target.checked)} /> Mirror</label>
          <label>
            Live maps{' '}
            <select value={liveMaps} onChange={(e) => onLiveMaps(e.target.value as LiveMaps)} data-testid="live-maps">
              {LIVE_MAPS_IDS.map((id) => <option key={id} value={id}>{LIVE_MAPS[id].title}</option>)}
            </select>
          </label>
          {fixedClass !== undefined && (
            <button type="button" onClick={() => camera.fixClass(undefined)} data-testid="camera-follow">
              Watching “{className(fixedClass)}”: follow the top class
            </button>
          )}
          {fixedCompareClass !== undefined && (
            <button type="button" onClick={() => camera.fixCompareClass(undefined)} data-testid="camera-follow-compare">
              Compared with “{className(fixedCompareClass)}”: follow the runner-up
            </button>
          )}
          <span className="camera-rate" data-testid="camera-rate" data-frames={measure?.frames ?? 0}
            data-maps-per-second={measure?.mapsPerSecond} data-latency-ms={measure?.latencyMs}>
            {phase === 'starting' && 'Starting the camera…'}
            {phase === 'frozen' && 'Frozen'}
            {phase === 'live' && (measure?.mapsPerSecond !== undefined
              ? `${measure.mapsPerSecond.toFixed(1)} maps/s · latency ${(measure.latencyMs! / 1000).toFixed(2)} s`
              : 'Live…')}
          </span>
        </>
      )}
    </section>
  );
}

function Preview({ video, mirror, onReady }: { video: RefObject<HTMLVideoElement | null>; mirror: boolean; onReady: () => void }) {
  return <video ref={video} className={`camera-preview${mirror ? ' mirrored' : ''}`} muted playsInline onPlaying={onReady} aria-label="The camera's picture" data-testid="camera-preview" />;
}
