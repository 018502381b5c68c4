/**
 * What the tests read and do in the page, as plain script text: each engine's driver runs it as is
 * (a transpiled function could carry helpers the page does not have).
 */

/** The job is done and every map on screen with it. */
export const MAPS_DONE = `async () => document.querySelector('[data-testid=status]')?.textContent?.startsWith('Done')
  && [...document.querySelectorAll('[data-method]')].every((panel) => panel.dataset.state === 'done')`;

/** Each map's class, and how many colours its canvas holds (a drawn map has hundreds). */
export const MAPS = `async () => Object.fromEntries([...document.querySelectorAll('[data-method]')].map((panel) => {
  const canvas = panel.querySelector('canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const colours = new Set();
  for (let i = 0; i < data.length; i += 4) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
  return [panel.dataset.method, { class: panel.dataset.class, colours: colours.size }];
}))`;

export const ENGINE = `async () => {
  const engine = document.querySelector('[data-testid=engine]');
  return engine && { backend: engine.dataset.backend, threads: Number(engine.dataset.threads), text: engine.textContent, isolated: self.crossOriginIsolated };
}`;

/** A drop of these bytes on the page, as a person dragging a file from the desktop. */
export const DROP = `async ({ base64, name, type }) => {
  const transfer = new DataTransfer();
  transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type }));
  for (const kind of ['dragenter', 'dragover', 'drop']) document.body.dispatchEvent(new DragEvent(kind, { dataTransfer: transfer, bubbles: true, cancelable: true }));
  return true;
}`;

export const TEXT = `async (selector) => document.querySelector(selector)?.textContent ?? ''`;

/**
 * Downloads as the page starts them (a link to a blob, clicked), kept instead of saved: automation
 * cannot read a download's file in every engine, and WebKit will not fetch a blob: URL back.
 */
export const CATCH_DOWNLOADS = `async () => {
  window.downloads = [];
  const blobs = new Map();
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = (blob) => {
    const url = createObjectURL(blob);
    blobs.set(url, blob);
    return url;
  };
  HTMLAnchorElement.prototype.click = function () { window.downloads.push({ blob: blobs.get(this.href), name: this.download }); };
  return true;
}`;

/** The last download's name and, for a PNG, its size in pixels. */
export const LAST_DOWNLOAD = `async () => {
  const last = window.downloads?.at(-1);
  if (!last) return undefined;
  const bitmap = last.blob.type === 'image/png' ? await createImageBitmap(last.blob) : undefined;
  return { name: last.name, type: last.blob.type, width: bitmap?.width, height: bitmap?.height };
}`;

export const URL_NOW = `async () => location.href`;
