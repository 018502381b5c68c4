import { dump } from 'npyjs';

/** Saves a blob under a file name, through a temporary link (no server involved). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** float32 .npy (NumPy's format), readable with numpy.load. */
export function npyBlob(values: Float32Array, shape: number[]): Blob {
  return new Blob([dump(values, shape)], { type: 'application/octet-stream' });
}

export function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The canvas could not be encoded as PNG.'))), 'image/png'),
  );
}

/** A file-name-safe slug, e.g. "mountain bike" -> "mountain-bike". */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'image';
}
