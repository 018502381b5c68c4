import type { RenderOptions } from '../../shared/render-maps.ts';

interface Props {
  options: RenderOptions;
  onChange: (options: RenderOptions) => void;
}

/** How the maps are drawn: magnitude or signed, per-map or shared scale, on the image or not. */
export function ViewControls({ options, onChange }: Props) {
  return (
    <fieldset className="view-controls">
      <legend>Show</legend>
      <label>
        <input type="radio" name="view" checked={options.view === 'magnitude'} onChange={() => onChange({ ...options, view: 'magnitude' })} />
        Magnitude
      </label>
      <label>
        <input type="radio" name="view" checked={options.view === 'signed'} onChange={() => onChange({ ...options, view: 'signed' })} />
        Signed
      </label>
      <label>
        <input type="checkbox" checked={options.scale === 'shared'} onChange={(e) => onChange({ ...options, scale: e.target.checked ? 'shared' : 'map' })} />
        Shared scale
      </label>
      <label>
        <input type="checkbox" checked={options.overlay} onChange={(e) => onChange({ ...options, overlay: e.target.checked })} />
        Overlay on image
      </label>
    </fieldset>
  );
}
