import { INSECURE_PAGE } from './camera-problems.ts';

/** The browser's camera: opening one, listing them, stopping one, and reading its frames. Frames never leave the page. */

export interface CameraChoice {
  deviceId: string;
  label: string;
}

export interface OpenCamera {
  stream: MediaStream;
  deviceId?: string;
  /** A camera facing the person (a laptop's, a tablet's front one) is shown mirrored, as a mirror would. */
  facesUser: boolean;
}

/** A camera's frames are read at most this long on their longer side: the model sees 299×299, and a smaller frame is quicker to hand over. */
const FRAME_LONG_SIDE = 640;

export class CameraUnavailable extends Error {}

/** The camera asked for (by id), else the one facing the person; throws getUserMedia's error, or CameraUnavailable on an insecure page. */
export async function openCamera(deviceId?: string): Promise<OpenCamera> {
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) throw new CameraUnavailable(INSECURE_PAGE);
  const video: MediaTrackConstraints = deviceId ? { deviceId: { exact: deviceId } } : { facingMode: 'user' };
  const stream = await navigator.mediaDevices.getUserMedia({ video: { ...video, width: { ideal: FRAME_LONG_SIDE } }, audio: false });
  const settings = stream.getVideoTracks()[0]?.getSettings() ?? {};
  // A laptop's camera often says nothing of where it faces: it faces the person.
  return { stream, deviceId: settings.deviceId, facesUser: settings.facingMode !== 'environment' };
}

/** The device's cameras, named once the person has allowed one (before that browsers give no labels). */
export async function listCameras(): Promise<CameraChoice[]> {
  const devices = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
  return devices.filter((d) => d.kind === 'videoinput').map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
}

/** Ends every track: the camera's light goes off. */
export function stopCamera(stream: MediaStream | undefined): void {
  stream?.getTracks().forEach((track) => track.stop());
}

/**
 * The video's current picture, as the person sees it (mirrored if asked), at most FRAME_LONG_SIDE
 * on its longer side, drawn on one kept canvas. Undefined until the video has a frame.
 */
export function frameCanvas(video: HTMLVideoElement, mirror: boolean, canvas: OffscreenCanvas): OffscreenCanvas | undefined {
  const { videoWidth, videoHeight } = video;
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || videoWidth === 0 || videoHeight === 0) return undefined;
  const scale = Math.min(1, FRAME_LONG_SIDE / Math.max(videoWidth, videoHeight));
  const width = Math.round(videoWidth * scale);
  const height = Math.round(videoHeight * scale);
  if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
  const context = canvas.getContext('2d')!;
  context.setTransform(mirror ? -1 : 1, 0, 0, 1, mirror ? width : 0, 0);
  context.drawImage(video, 0, 0, width, height);
  return canvas;
}
