import { forwardRef, useId, useMemo, useState } from 'react';
import type { ModelDescriptor } from '../../shared/model-descriptor.ts';
import { classOptions, findClass } from '../class-names.ts';

interface Props {
  label: string;
  /** The model on screen: its class names, and whether index 0 is a background class. */
  model: Pick<ModelDescriptor, 'labels' | 'background'> | undefined;
  onPick: (index: number) => void;
  /** The field lost the keyboard (a pick, Esc, or a click elsewhere). */
  onLeave?: () => void;
  testId?: string;
}

/**
 * Type-ahead over the model's classes (the browser's own suggestion list, so it works with the
 * keyboard and screen readers). Picking a suggestion or pressing Enter explains that class and
 * leaves the field, so the lesson's shortcuts work again at once (Esc leaves it too).
 */
export const ClassSearch = forwardRef<HTMLInputElement, Props>(function ClassSearch({ label, model, onPick, onLeave, testId }, ref) {
  const id = useId();
  const options = useMemo(() => classOptions(model?.labels ?? [], model?.background ?? false), [model]);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string>();
  const pick = (field: HTMLInputElement, typed: string, fromList: boolean) => {
    const found = findClass(options, typed);
    if (found && (!fromList || found.text.toLowerCase() === typed.trim().toLowerCase())) {
      setText('');
      setProblem(undefined);
      field.blur();
      onPick(found.index);
    } else if (!fromList) {
      setProblem(`No single class matches “${typed.trim()}”; type more of its name.`);
    }
  };
  return (
    <div className="class-search">
      <label htmlFor={id}>{label}</label>
      <input
        ref={ref} id={id} type="search" list={`${id}-list`} value={text} autoComplete="off" spellCheck={false}
        placeholder={`e.g. ${options.slice(0, 2).map((o) => o.text).join(', ')}`} data-testid={testId} disabled={options.length === 0}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onBlur={onLeave}
        onChange={(e) => {
          setText(e.target.value);
          setProblem(undefined);
          // Choosing from the suggestions fills in a whole name: explain it at once.
          if ((e.nativeEvent as InputEvent).inputType === 'insertReplacementText' || !(e.nativeEvent instanceof InputEvent)) pick(e.target, e.target.value, true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') pick(e.currentTarget, text, false);
          if (e.key === 'Escape') {
            setText('');
            setProblem(undefined);
            e.currentTarget.blur();
          }
        }}
      />
      <datalist id={`${id}-list`}>
        {options.map((o) => <option key={o.index} value={o.text} />)}
      </datalist>
      {problem && <p id={`${id}-problem`} className="field-problem" role="alert">{problem}</p>}
    </div>
  );
});
