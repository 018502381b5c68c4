import { useEffect, useState, type KeyboardEvent } from 'react';
import { SETTING_KEYS, SETTINGS, type MapSettings } from '../../shared/map-settings.ts';
import type { CamLayer } from '../../shared/model-descriptor.ts';

interface Props {
  settings: MapSettings;
  onChange: (settings: MapSettings) => void;
  /** The layers the model's CAMs can read, input side first (the default, its last feature map, last). */
  layers?: CamLayer[];
  layer?: string;
  onLayer: (layer: string | undefined) => void;
}

/**
 * The settings a link can carry and no switch shows (SETTINGS): SmoothGrad's samples and noise, the
 * seed, Integrated Gradients' steps, occlusion's patch and stride, Score-CAM's channels; and the
 * layer the CAMs read, from the model's own list.
 * Closed until asked for (in presentation mode too); a value counts once typed (Enter or leaving
 * the field), so typing 32 does not start a job for 3 on the way.
 */
export function SettingsPanel({ settings, onChange, layers = [], layer, onLayer }: Props) {
  const fallback = layers.at(-1)?.label;
  return (
    <details className="settings" data-testid="settings">
      <summary>Settings</summary>
      <div className="settings-fields">
        {layers.length > 1 && (
          <label>
            <span>The CAMs' layer</span>
            <select value={layer ?? fallback} data-testid="setting-layer" onChange={(e) => onLayer(e.target.value === fallback ? undefined : e.target.value)}>
              {layers.map((l) => <option key={l.label} value={l.label}>{l.label} ({l.shape.join('×')})</option>)}
            </select>
          </label>
        )}
        {SETTING_KEYS.map((name) => (
          <NumberSetting key={name} name={name} value={settings[name]} onCommit={(value) => onChange({ ...settings, [name]: value })} />
        ))}
      </div>
    </details>
  );
}

function NumberSetting({ name, value, onCommit }: { name: keyof MapSettings; value: number; onCommit: (value: number) => void }) {
  const { label, step, whole, limits: [min, max] } = SETTINGS[name];
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const commit = () => {
    const typed = Number(draft);
    if (draft.trim() === '' || !Number.isFinite(typed)) return setDraft(String(value));
    const next = Math.min(max, Math.max(min, whole ? Math.round(typed) : typed));
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
