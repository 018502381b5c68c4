import { useCallback, useEffect, useRef, useState } from 'react';
import { LIVE_MAPS, type LiveMaps } from '../../shared/live-maps.ts';
import type { MapSettings } from '../../shared/map-settings.ts';
import { CameraUnavailable, frameCanvas, listCameras, openCamera, stopCamera, type CameraChoice } from '../camera/camera-device.ts';
import { cameraProblem } from '../camera/camera-problems.ts';
import { framePump, type LiveMeasure } from '../camera/frame-pump.ts';
import type { InputLabel, NewJob, Session } from '../state/session.ts';
import type { ModelChange } from './useSaliency.ts';

/** off; starting (the browser asks the person, the camera wakes); live (frames go to the worker); frozen (one frame is the image on screen, the camera still on). */
export type CameraPhase = 'off' | 'starting' | 'live' | 'frozen';

export const CAMERA_INPUT: InputLabel = { name: 'camera' };

interface Options {
  session: Session;
  submit: (job: NewJob, input: InputLabel) => void;
  settings: MapSettings;
  layer?: string;
  liveMaps: LiveMaps;
  /** The compare view is on: frames get a second row, and the row of the first rather than the second if contrast is on. */
  comparing: boolean;
  contrast: boolean;
  /** The frame on screen becomes a still image, with every method on screen, for the classes the live maps showed. */
  onFreeze: (image: Blob, classes: LiveClasses) => void;
  addNotice: (message: string) => void;
}

/** The classes a frame is explained for: a class picked while live stays, else the top class (and the runner-up to compare). */
export type LiveClasses = Pick<Extract<NewJob, { type: 'frame' }>, 'classIndex' | 'compareIndex' | 'contrast'>;

/**
 * The live camera: getUserMedia in the page, its frames to the worker one at a time (frame-pump.ts),
 * freeze and unfreeze. It stops (its tracks ended, the light off) when turned off, when the page is
 * hidden, when the engine restarts and when the page goes; a refusal is a notice and the screen stays.
 */
export function useCamera({ session, submit, settings, layer, liveMaps, comparing, contrast, onFreeze, addNotice }: Options) {
  const [phase, setPhase] = useState<CameraPhase>('off');
  const [stream, setStream] = useState<MediaStream>();
  const [cameras, setCameras] = useState<CameraChoice[]>([]);
  const [deviceId, setDeviceId] = useState<string>();
  const [mirror, setMirror] = useState(true);
  const [fixedClass, setFixedClass] = useState<number>();
  const [fixedCompareClass, setFixedCompareClass] = useState<number>();
  const [measure, setMeasure] = useState<LiveMeasure>();
  const video = useRef<HTMLVideoElement>(null);
  const [canvas] = useState(() => new OffscreenCanvas(1, 1));
  /** What the next frame is sent with: the latest choices, read when it is sent. */
  const latest = useRef({ mirror, settings, layer, liveMaps, stream, classes: {} as LiveClasses });
  /** Another model or preprocessing, chosen while live: it comes with the next frame. */
  const modelChange = useRef<ModelChange>({});
  const classes: LiveClasses = {
    classIndex: fixedClass,
    compareIndex: comparing ? fixedCompareClass ?? 'runner-up' : undefined,
    contrast: comparing && contrast,
  };
  latest.current = { mirror, settings, layer, liveMaps, stream, classes };

  const [pump] = useState(() => framePump({
    capture: async () => {
      const drawn = video.current && frameCanvas(video.current, latest.current.mirror, canvas);
      return drawn?.transferToImageBitmap();
    },
    send: (frame) => {
      const { classes, settings, layer, liveMaps } = latest.current;
      const change = modelChange.current;
      modelChange.current = {};
      submit({ type: 'frame', frame, ...change, ...classes, methods: [...LIVE_MAPS[liveMaps].methods], settings, layer }, CAMERA_INPUT);
    },
    now: () => performance.now(),
    measured: setMeasure,
  }));

  /** Counts the camera's starts and stops: a start that resolves after a later stop (the page hidden while the browser asked) ends its stream at once. */
  const generation = useRef(0);

  const turnOff = useCallback(() => {
    generation.current++;
    pump.stop();
    stopCamera(latest.current.stream);
    setStream(undefined);
    setPhase('off');
    setMeasure(undefined);
  }, [pump]);

  const turnOn = useCallback(async (chosen?: string) => {
    stopCamera(latest.current.stream);
    setStream(undefined);
    setPhase('starting');
    const started = ++generation.current;
    try {
      const opened = await openCamera(chosen);
      if (started !== generation.current) return stopCamera(opened.stream);
      setStream(opened.stream);
      setDeviceId(opened.deviceId);
      setMirror(opened.facesUser);
      setCameras(await listCameras());
      pump.start();
      setPhase('live');
    } catch (error) {
      if (started !== generation.current) return;
      setPhase('off');
      addNotice(error instanceof CameraUnavailable ? error.message : cameraProblem(error));
    }
  }, [pump, addNotice]);

  const { job, engine, error } = session;
  // The worker is idle: the frame sent (if any) is drawn, and the newest one goes.
  useEffect(() => {
    if (phase !== 'live') return;
    if (job) {
      if (job.request.type !== 'frame') pump.superseded();
      return;
    }
    if (engine.phase === 'ready') void pump.idle(!error);
  }, [phase, job, engine.phase]);

  // An engine restart stops the camera: a fresh worker starts from nothing, and the person starts the camera again.
  useEffect(() => {
    if (engine.phase === 'ready' || phase === 'off' || phase === 'starting') return;
    turnOff();
    addNotice('The camera was turned off while the engine restarted. Press Camera to start it again.');
  }, [engine.phase]);

  useEffect(() => {
    const onHidden = () => {
      if (document.visibilityState === 'hidden') turnOff();
    };
    document.addEventListener('visibilitychange', onHidden);
    return () => document.removeEventListener('visibilitychange', onHidden);
  }, [turnOff]);

  useEffect(() => () => stopCamera(latest.current.stream), []);

  // The video plays the camera; its first frame starts the pump if the worker was idle before it came.
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = stream ?? null;
    if (stream) element.play().catch(() => undefined);
  }, [stream]);
  const videoReady = () => {
    if (phase === 'live' && !job && engine.phase === 'ready') void pump.idle(false);
  };

  const freeze = async () => {
    const drawn = video.current && frameCanvas(video.current, mirror, canvas);
    if (phase !== 'live' || !drawn) return;
    pump.stop();
    const still = await drawn.convertToBlob({ type: 'image/png' });
    // Frozen and the still's job together: the screen never shows "frozen" over the last frame's job.
    setPhase('frozen');
    onFreeze(still, classes);
  };
  const unfreeze = () => {
    if (phase !== 'frozen') return;
    pump.start();
    setPhase('live');
  };

  return {
    phase, cameras, deviceId, mirror, fixedClass, measure, video,
    fixedCompareClass: comparing ? fixedCompareClass : undefined,
    turnOn, turnOff, freeze, unfreeze, videoReady,
    toggle: () => (phase === 'off' ? void turnOn(deviceId) : turnOff()),
    toggleFreeze: () => (phase === 'frozen' ? unfreeze() : void freeze()),
    choose: (id: string) => void turnOn(id),
    setMirror,
    fixClass: setFixedClass,
    fixCompareClass: setFixedCompareClass,
    changeModel: (change: ModelChange) => {
      modelChange.current = { ...modelChange.current, ...change };
    },
  };
}

export type Camera = ReturnType<typeof useCamera>;
