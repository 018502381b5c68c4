import { useEffect, useState } from 'react';
import { isModel } from '../../shared/model-formats.ts';

export interface PickedImage {
  kind: 'image';
  file: File;
  /** Said to the person when more than one file came in. */
  notice?: string;
}

/**
 * A model's files (model.json, its weights, metadata.json or a labels file; every file that came with
 * it but an image, so the worker can name a model file it cannot read), and an image if one came with them.
 */
export interface PickedModel {
  kind: 'model';
  files: File[];
  image?: File;
}

export type PickedInput = PickedImage | PickedModel;

/**
 * Drag-and-drop anywhere on the window and paste from the clipboard, through one function, like the
 * file picker. Returns whether a drag is over the window (for the highlight).
 */
export function useWindowImageInput(onInput: (picked: PickedInput) => void, onProblem: (message: string) => void): boolean {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    let depth = 0;
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const onDragEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth++;
      setDragging(true);
    };
    const onDragOver = (event: DragEvent) => {
      if (hasFiles(event)) event.preventDefault();
    };
    const onDragLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      event.preventDefault();
      depth = 0;
      setDragging(false);
      const entries = [...(event.dataTransfer?.items ?? [])].map((item) => item.webkitGetAsEntry?.());
      if (entries.length === 1 && entries[0]?.isDirectory) {
        // A model's folder (a Teachable Machine export, unzipped): the files in it.
        void folderFiles(entries[0] as FileSystemDirectoryEntry).then((files) => deliver(pickInput(files, 'dropped')), () => onProblem('The folder could not be read.'));
        return;
      }
      deliver(pickInput(event.dataTransfer?.files, 'dropped'));
    };
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, [contenteditable="true"]')) return;
      const files = event.clipboardData?.files;
      if (!files || files.length === 0) {
        onProblem('The clipboard holds no image. Copy an image (not a link to one), then paste.');
        return;
      }
      event.preventDefault();
      deliver(pickInput(files, 'pasted'));
    };
    const deliver = (result: PickedInput | string) => (typeof result === 'string' ? onProblem(result) : onInput(result));
    window.addEventListener('dragenter', onDragEnter);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('dragenter', onDragEnter);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('paste', onPaste);
    };
  }, [onInput, onProblem]);

  return dragging;
}

/** A model's files when a model.json, .tflite or .onnx is among them (with the first image, if any), else the first image; a message when there is none. */
export function pickInput(files: FileList | readonly File[] | null | undefined, verb: string): PickedInput | string {
  const all = files ? [...files] : [];
  if (all.length === 0) return `Nothing was ${verb}: a link is not an image file.`;
  const images = all.filter((f) => f.type.startsWith('image/'));
  if (all.some((f) => isModel(f.name))) return { kind: 'model', files: all.filter((f) => !images.includes(f)), image: images[0] };
  const file = images[0] ?? all[0]!;
  const notice = all.length > 1 ? `${all.length} files were ${verb}; showing the first image, ${file.name}.` : undefined;
  return { kind: 'image', file, notice };
}

/** The files directly in a dropped folder. */
async function folderFiles(folder: FileSystemDirectoryEntry): Promise<File[]> {
  const reader = folder.createReader();
  const entries: FileSystemEntry[] = [];
  for (let batch = await readBatch(reader); batch.length > 0; batch = await readBatch(reader)) entries.push(...batch);
  const files = entries.filter((e): e is FileSystemFileEntry => e.isFile);
  return Promise.all(files.map((entry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject))));
}

const readBatch = (reader: FileSystemDirectoryReader) => new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
