import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISOLATED_HEADERS, serveDist, type StaticHost } from '../e2e/static-host.ts';
import { firefoxWithFakeCamera, waitUntil, type Tab } from './drivers.ts';
import { MAPS_DONE } from './page-scripts.ts';

/** Every stream getUserMedia gives the page from now on, kept so the test can see whether its tracks ended (the light off). */
const KEEP_STREAMS = `async () => {
  window.streams = [];
  const devices = navigator.mediaDevices;
  const open = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await open(constraints);
    window.streams.push(stream);
    return stream;
  };
  return true;
}`;

/** The camera's phase, the frames whose maps were drawn, the live Grad-CAM map's colours and fingerprint, and the kept tracks' states. */
const CAMERA = `async () => {
  const bar = document.querySelector('[data-testid=camera-bar]');
  const canvas = document.querySelector('[data-testid=map-gradcam]');
  let colours = 0, sum = 0;
  if (canvas) {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4) { seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]); sum = (sum * 31 + data[i]) % 1000000007; }
    colours = seen.size;
  }
  return {
    phase: bar?.dataset.phase,
    frames: Number(document.querySelector('[data-testid=camera-rate]')?.dataset.frames ?? 0),
    colours, sum,
    tracks: (window.streams ?? []).flatMap((s) => s.getTracks().map((t) => t.readyState)),
  };
}`;
const CLICK = `async (selector) => { document.querySelector(selector).click(); return true; }`;

interface CameraState { phase: string; frames: number; colours: number; sum: number; tracks: string[] }

/** The camera in Firefox ESR (its fake camera), cross-origin isolated, the real Inception V3 on WebAssembly: start, live maps, stop. */
describe('firefox, the camera', () => {
  let host: StaticHost;
  let tab: Tab;
  beforeAll(async () => {
    host = await serveDist(4393, ISOLATED_HEADERS);
    tab = await firefoxWithFakeCamera();
  });
  afterAll(async () => {
    await tab?.close();
    await host?.close();
  });

  it('Camera draws live Grad-CAM maps that change with the picture, and turning it off ends its tracks', async () => {
    await tab.goto(`${host.origin}/?example=dog`);
    await waitUntil(tab, MAPS_DONE, 'the first maps');
    await tab.run(KEEP_STREAMS);
    await tab.run(CLICK, '[data-testid=camera-toggle]');
    const first = await waitUntil<CameraState>(tab, `async () => { const s = await (${CAMERA})(); return s.frames >= 2 && s; }`, 'two live frames');
    expect(first.phase).toBe('live');
    expect(first.colours).toBeGreaterThan(50);
    const later = await waitUntil<CameraState>(tab, `async (n) => { const s = await (${CAMERA})(); return s.frames >= n && s; }`, 'two more live frames', 180_000, first.frames + 2);
    expect(later.sum).not.toBe(first.sum);
    await tab.press('w');
    const off = await waitUntil<CameraState>(tab, `async () => { const s = await (${CAMERA})(); return s.phase === 'off' && s; }`, 'the camera off');
    expect(off.tracks.length).toBeGreaterThan(0);
    expect(off.tracks.every((t) => t === 'ended')).toBe(true);
  });
});
