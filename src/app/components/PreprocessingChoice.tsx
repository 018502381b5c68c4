import { PRESET_IDS, PRESETS, type PresetId } from '../../shared/preprocess.ts';

interface Props {
  value: PresetId;
  onChange: (preset: PresetId) => void;
}

/** For a model whose metadata does not say how it reads pixels: the common presets, the one in force shown (and carried by the link). */
export function PreprocessingChoice({ value, onChange }: Props) {
  return (
    <label className="preprocessing-choice">
      <span>Pixels as the model reads them</span>
      <select value={value} onChange={(e) => onChange(e.target.value as PresetId)} data-testid="preprocessing">
        {PRESET_IDS.map((id) => <option key={id} value={id}>{PRESETS[id].title}</option>)}
      </select>
    </label>
  );
}
