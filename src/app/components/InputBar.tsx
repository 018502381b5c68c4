import { EXAMPLES } from '../../shared/examples.ts';
import { MODEL_PICKER_ACCEPT } from '../../shared/model-formats.ts';

interface Props {
  currentExample?: string;
  /** An image, or a model's files (model.json, its weights, metadata.json or a labels file). */
  onFiles: (files: FileList | null) => void;
  onExample: (id: string) => void;
}

/** The file pickers (an image; a model's files) and the example gallery (drop and paste work anywhere on the window). */
export function InputBar({ currentExample, onFiles, onExample }: Props) {
  return (
    <section className="input-bar" aria-label="Choose an image">
      <label className="file-picker">
        <input type="file" accept="image/*" onChange={(e) => { onFiles(e.target.files); e.target.value = ''; }} />
        <span>Open an image…</span>
      </label>
      <span className="hint">or drop or paste one</span>
      <label className="file-picker">
        <input type="file" multiple accept={MODEL_PICKER_ACCEPT} data-testid="model-picker" onChange={(e) => { onFiles(e.target.files); e.target.value = ''; }} />
        <span>Your model…</span>
      </label>
      <ul className="gallery" aria-label="Examples">
        {EXAMPLES.map((example) => (
          <li key={example.id}>
            <button type="button" aria-pressed={example.id === currentExample} onClick={() => onExample(example.id)} data-example={example.id}>
              <img src={`${import.meta.env.BASE_URL}examples/${example.file}`} alt={example.alt} width={64} height={48} />
              <span>{example.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
