import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { MODEL_SIZE } from '../../shared/preprocess.ts';

interface Props {
  rgba: Uint8ClampedArray | undefined;
  /** [width, height] of the pixels; the model's input size unless said. */
  size?: readonly [number, number];
  /** Text alternative: what the picture shows. */
  label: string;
  testId?: string;
}

/** A canvas showing RGBA pixels at their own size, scaled by CSS with crisp pixels. */
export const PixelCanvas = forwardRef<HTMLCanvasElement | null, Props>(function PixelCanvas({ rgba, size, label, testId }, ref) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, height] = size ?? [MODEL_SIZE, MODEL_SIZE];
  useImperativeHandle(ref, () => canvas.current!, []);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    if (!rgba) {
      context.clearRect(0, 0, width, height);
      return;
    }
    context.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  }, [rgba, width, height]);
  return <canvas ref={canvas} width={width} height={height} className="pixels" role="img" aria-label={label} data-testid={testId} />;
});
