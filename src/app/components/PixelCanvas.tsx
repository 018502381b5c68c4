import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

interface Props {
  rgba: Uint8ClampedArray | undefined;
  /** [width, height] of the pixels (the model's input size for its view and its maps). */
  size: readonly [number, number] | undefined;
  /** Text alternative: what the picture shows. */
  label: string;
  testId?: string;
}

/** A canvas showing RGBA pixels at their own size, scaled by CSS with crisp pixels. */
export const PixelCanvas = forwardRef<HTMLCanvasElement | null, Props>(function PixelCanvas({ rgba, size, label, testId }, ref) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, height] = size ?? [1, 1];
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
