import { useEffect, useState } from 'react';

/** The model's 1001 class names (index 0 is background), served beside the model. */
export function useLabels(modelDirectory: string): string[] | undefined {
  const [labels, setLabels] = useState<string[]>();
  useEffect(() => {
    let cancelled = false;
    fetch(`${import.meta.env.BASE_URL}${modelDirectory}labels.json`)
      .then((response) => (response.ok ? (response.json() as Promise<string[]>) : Promise.reject(new Error(response.statusText))))
      .then((names) => !cancelled && setLabels(names))
      .catch(() => !cancelled && setLabels([]));
    return () => {
      cancelled = true;
    };
  }, [modelDirectory]);
  return labels;
}
