import { npyBlob, saveBlob } from '../download.ts';
import type { Shown } from '../state/session.ts';
import { PixelCanvas } from './PixelCanvas.tsx';
import { TopClasses } from './TopClasses.tsx';

interface Props {
  shown: Shown | undefined;
  rgba: Uint8ClampedArray | undefined;
  selected: number | undefined;
  className: (index: number) => string;
  onSelect: (index: number) => void;
  /** Every map on screen, the input tensor and what they are, as one .npz. */
  onDownloadAll: () => void;
}

/** The input's title, on the page and in the exported PNG. */
export const MODEL_VIEW_TITLE = 'The model\'s view';

/** The image as the model saw it, what was done to read it, its top-5 classes and its exact input tensor. */
export function ModelView({ shown, rgba, selected, className, onSelect, onDownloadAll }: Props) {
  return (
    <section className="model-view" aria-labelledby="model-view-title">
      <h2 id="model-view-title">{MODEL_VIEW_TITLE}</h2>
      <div className="canvas-frame">
        <PixelCanvas rgba={rgba} size={shown && [shown.inputShape[2], shown.inputShape[1]]} testId="model-view"
          label={shown ? `The image as the model saw it: ${shown.input.name}, resized to ${shown.inputShape[2]}×${shown.inputShape[1]}` : 'No image yet'} />
      </div>
      {shown && shown.notes.length > 0 && (
        <ul className="image-notes" data-testid="image-notes">{shown.notes.map((note) => <li key={note}>{note}</li>)}</ul>
      )}
      {shown && (
        <>
          <TopClasses top={shown.top} selected={selected} className={className} onSelect={onSelect} />
          <button type="button" className="link-button npy-input" onClick={() => saveBlob(npyBlob(shown.modelInput, shown.inputShape), 'model-input.npy')}>
            Input tensor .npy
          </button>
          <button type="button" className="link-button npz-all" onClick={onDownloadAll} data-testid="download-all">
            All values .npz
          </button>
        </>
      )}
    </section>
  );
}
