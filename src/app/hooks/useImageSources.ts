import { useCallback } from 'react';
import { findExample } from '../../shared/examples.ts';
import type { CompareChoice } from '../../shared/protocol.ts';
import { fetchImageUrl, imageUrlName } from '../fetch-image-url.ts';
import type { InputLabel } from '../state/session.ts';
import type { PickedImage } from './useImageInput.ts';

type Analyze = (image: Blob, input: InputLabel, classIndex?: number, compareIndex?: CompareChoice) => void;

/**
 * The three places an image comes from (the example gallery, a picture on the web named by a link,
 * the person's own file), each handed to the worker the same way; a failure is a notice and leaves
 * the screen as it was.
 */
export function useImageSources(analyze: Analyze, addNotice: (message: string) => void) {
  const openExample = useCallback(async (id: string, classIndex?: number, compare?: CompareChoice) => {
    const example = findExample(id);
    if (!example) return addNotice(`There is no example called ${JSON.stringify(id)}.`);
    try {
      const response = await fetch(`${import.meta.env.BASE_URL}examples/${example.file}`);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      analyze(await response.blob(), { name: `example: ${example.title}`, exampleId: id }, classIndex, compare);
    } catch (error) {
      addNotice(`Could not load the example ${example.file}: ${(error as Error).message}`);
    }
  }, [analyze, addNotice]);

  const openImageUrl = useCallback(async (url: string, classIndex?: number, compare?: CompareChoice) => {
    try {
      analyze(await fetchImageUrl(url), { name: imageUrlName(url), imageUrl: url }, classIndex, compare);
    } catch (error) {
      addNotice(`The picture at ${imageUrlName(url)} was not loaded: ${(error as Error).message}`);
    }
  }, [analyze, addNotice]);

  const openFile = useCallback(({ file, notice }: PickedImage, compare?: CompareChoice) => {
    if (notice) addNotice(notice);
    analyze(file, { name: file.name || 'pasted image' }, undefined, compare);
  }, [analyze, addNotice]);

  return { openExample, openImageUrl, openFile };
}
