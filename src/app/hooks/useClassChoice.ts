import { secondClassFor } from '../../shared/examples.ts';
import type { Method } from '../../shared/methods.ts';
import type { CompareChoice } from '../../shared/protocol.ts';
import type { Shown } from '../state/session.ts';

interface ClassChoiceState {
  shown: Shown | undefined;
  /** The first and second class asked for most recently. */
  classIndex: number | undefined;
  compareIndex: number | undefined;
  comparing: boolean;
  setComparing: (on: boolean) => void;
  /** The methods on screen. */
  methods: readonly Method[];
  /** The model's class names (an example's contrast class is found by name). */
  labels: readonly string[];
  /** Maps of the image on screen for this first class and second choice (the worker resolves the choice). */
  explain: (classIndex: number, compare: CompareChoice | undefined) => void;
  addNotice: (message: string) => void;
}

/**
 * Choosing classes for the image on screen (its top-5 and search boxes belong to it): a first
 * class, a second one to compare with, and the compare view on or off. A new first class keeps the
 * second unless they would be the same, when the runner-up takes its place.
 */
export function useClassChoice({ shown, classIndex, compareIndex, comparing, setComparing, methods, labels, explain, addNotice }: ClassChoiceState) {
  const chooseClass = (index: number) => {
    if (!shown) return;
    explain(index, comparing ? (compareIndex !== undefined && compareIndex !== index ? compareIndex : 'runner-up') : undefined);
  };
  const chooseCompareClass = (index: number) => {
    if (!shown || classIndex === undefined) return;
    if (index === classIndex) return addNotice('Pick a class other than the first one to compare with.');
    setComparing(true);
    explain(classIndex, index);
  };
  const toggleCompare = () => {
    if (comparing) return setComparing(false);
    setComparing(true);
    if (!shown || classIndex === undefined) return;
    // Maps of a second class already computed for this image still hold.
    const kept = shown.compare;
    if (kept && kept.classIndex !== classIndex && methods.every((m) => kept.maps[m])) return;
    explain(classIndex, secondClassFor(shown.input.exampleId, labels));
  };
  return { chooseClass, chooseCompareClass, toggleCompare };
}
