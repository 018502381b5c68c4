import { useEffect, useState } from 'react';

export interface PickedImage {
  file: File;
  /** Said to the person when more than one file came in. */
  notice?: string;
}

/**
 * Drag-and-drop anywhere on the window and paste from the clipboard, through one function, like the
 * file picker. Returns whether a drag is over the window (for the highlight).
 */
export function useWindowImageInput(onImage: (picked: PickedImage) => void, onProblem: (message: string) => void): boolean {
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
      if (entries.length > 0 && entries.every((entry) => entry?.isDirectory)) {
        onProblem('A folder was dropped: open it and drop an image file from it instead.');
        return;
      }
      deliver(pickImage(event.dataTransfer?.files, 'dropped'));
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
      deliver(pickImage(files, 'pasted'));
    };
    const deliver = (result: PickedImage | string) => (typeof result === 'string' ? onProblem(result) : onImage(result));
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
  }, [onImage, onProblem]);

  return dragging;
}

/** The first image among the files; a message when there is none. */
export function pickImage(files: FileList | null | undefined, verb: string): PickedImage | string {
  const all = files ? [...files] : [];
  if (all.length === 0) return `Nothing was ${verb}: a folder or a link is not an image file.`;
  const images = all.filter((f) => f.type.startsWith('image/'));
  const file = images[0] ?? all[0]!;
  const notice = all.length > 1 ? `${all.length} files were ${verb}; showing the first image, ${file.name}.` : undefined;
  return { file, notice };
}
