/**
 * What a person reads when the camera cannot start, by the DOMException getUserMedia rejects with
 * (https://w3c.github.io/mediacapture-main/#dom-mediadevices-getusermedia). The image and maps on
 * screen stay; the message says what to do.
 */
const BY_ERROR_NAME: Record<string, string> = {
  NotAllowedError: 'The camera was not allowed. Allow it for this page in the browser (the camera icon in the address bar, or the site settings), then press Camera again.',
  SecurityError: 'The camera is not allowed on this page (the browser or the page that embeds it forbids it).',
  NotFoundError: 'No camera was found on this device. Connect one, then press Camera again.',
  OverconstrainedError: 'The camera chosen is no longer there. Press Camera again to use another.',
  NotReadableError: 'The camera could not be started: another application (a video call?) may be using it. Close that application, then press Camera again.',
  AbortError: 'The camera could not be started: another application (a video call?) may be using it. Close that application, then press Camera again.',
};

export const INSECURE_PAGE = 'The camera works only on a secure page (https://, or http://localhost): this page was opened over plain http, so the browser offers no camera.';

export function cameraProblem(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const known = BY_ERROR_NAME[name];
  if (known) return known;
  const detail = error instanceof Error ? error.message : String(error);
  return `The camera could not be started: ${detail || 'the browser gave no reason'}.`;
}
