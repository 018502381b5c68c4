import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { MODEL_SIZE } from '../../shared/preprocess.ts';

interface Props {
  rgba: Uint8ClampedArray | undefined;
  /** Text alternative: what the picture shows. */
  label: string;
  testId?: string;
}

/** A 299x299 canvas showing RGBA pixels, scaled by CSS with crisp pixels. */
export const PixelCanvas = forwardRef<HTMLCanvasElement | null, Props>(function PixelCanvas({ rgba, label, testId }, ref) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useImperativeHandle(ref, () => canvas.current!, []);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    if (!rgba) {
      context.clearRect(0, 0, MODEL_SIZE, MODEL_SIZE);
      return;
    }
    context.putImageData(new ImageData(new Uint8ClampedArray(rgba), MODEL_SIZE, MODEL_SIZE), 0, 0);
  }, [rgba]);
  return <canvas ref={canvas} width={MODEL_SIZE} height={MODEL_SIZE} className="pixels" role="img" aria-label={label} data-testid={testId} />;
});
