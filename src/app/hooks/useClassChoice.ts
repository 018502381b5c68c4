import { secondClassFor } from '../../shared/examples.ts';
import { METHODS } from '../../shared/methods.ts';
import { compareClass } from '../../shared/protocol.ts';
import type { InputLabel, Shown } from '../state/session.ts';

interface ClassChoiceState {
  shown: Shown | undefined;
  /** The first and second class asked for most recently. */
  classIndex: number | undefined;
  compareIndex: number | undefined;
  comparing: boolean;
  setComparing: (on: boolean) => void;
  explain: (classIndex: number, input: InputLabel, modelInput: Float32Array, compareIndex?: number) => void;
  addNotice: (message: string) => void;
}

/**
 * Choosing classes for the image on screen (its top-5 and search boxes belong to it): a first
 * class, a second one to compare with, and the compare view on or off. A new first class keeps the
 * second unless they would be the same, when the runner-up takes its place.
 */
export function useClassChoice({ shown, classIndex, compareIndex, comparing, setComparing, explain, addNotice }: ClassChoiceState) {
  const chooseClass = (index: number) => {
    if (!shown) return;
    const second = comparing ? compareClass(compareIndex !== undefined && compareIndex !== index ? compareIndex : 'runner-up', shown.top, index) : undefined;
    explain(index, shown.input, shown.modelInput, second);
  };
  const chooseCompareClass = (index: number) => {
    if (!shown || classIndex === undefined) return;
    if (index === classIndex) return addNotice('Pick a class other than the first one to compare with.');
    setComparing(true);
    explain(classIndex, shown.input, shown.modelInput, index);
  };
  const toggleCompare = () => {
    if (comparing) return setComparing(false);
    setComparing(true);
    if (!shown || classIndex === undefined) return;
    // Maps of a second class already computed for this image still hold.
    const kept = shown.compare;
    if (kept && kept.classIndex !== classIndex && METHODS.every((m) => kept.maps[m])) return;
    const second = compareClass(secondClassFor(shown.input.exampleId), shown.top, classIndex);
    if (second !== undefined) explain(classIndex, shown.input, shown.modelInput, second);
  };
  return { chooseClass, chooseCompareClass, toggleCompare };
}
