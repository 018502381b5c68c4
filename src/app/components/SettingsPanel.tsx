import { useEffect, useState, type KeyboardEvent } from 'react';
import { SMOOTH_LIMITS, type SmoothOptions } from '../../shared/methods.ts';

interface Props {
  smooth: SmoothOptions;
  onChange: (smooth: SmoothOptions) => void;
}

const FIELDS = [
  { name: 'samples', label: 'SmoothGrad samples', step: 1, limits: SMOOTH_LIMITS.samples },
  { name: 'noise', label: 'SmoothGrad noise σ (of the input range)', step: 0.05, limits: SMOOTH_LIMITS.noise },
  { name: 'seed', label: 'Seed (SmoothGrad\'s noise, the sanity check\'s weights)', step: 1, limits: SMOOTH_LIMITS.seed },
] as const;

/**
 * The settings a link can carry and no switch shows: SmoothGrad's samples and noise, and the seed.
 * Closed until asked for (in presentation mode too); a value counts once typed (Enter or leaving
 * the field), so typing 32 does not start a job for 3 on the way.
 */
export function SettingsPanel({ smooth, onChange }: Props) {
  return (
    <details className="settings" data-testid="settings">
      <summary>Settings</summary>
      <div className="settings-fields">
        {FIELDS.map((field) => (
          <NumberSetting key={field.name} {...field} value={smooth[field.name]} onCommit={(value) => onChange({ ...smooth, [field.name]: value })} />
        ))}
      </div>
    </details>
  );
}

function NumberSetting({ name, label, step, limits: [min, max], value, onCommit }: (typeof FIELDS)[number] & { value: number; onCommit: (value: number) => void }) {
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const commit = () => {
    const typed = Number(draft);
    if (draft.trim() === '' || !Number.isFinite(typed)) return setDraft(String(value));
    const next = Math.min(max, Math.max(min, step === 1 ? Math.round(typed) : typed));
    setDraft(String(next));
    if (next !== value) onCommit(next);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commit();
  };
  return (
    <label>
      <span>{label}</span>
      <input type="number" inputMode="decimal" min={min} max={max} step={step} value={draft} data-testid={`setting-${name}`}
        onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={onKeyDown} />
    </label>
  );
}
