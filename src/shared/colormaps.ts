import { rgb } from 'd3-color';
import { interpolateInferno, interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

/**
 * 256-entry RGB lookup tables. Magnitude maps use viridis (perceptually uniform, readable with
 * colour-vision deficiencies and in greyscale). Signed maps use ColorBrewer's RdBu, flipped so
 * negative is blue and positive red: a colour-blind-safe diverging scheme, white at zero, with
 * lightness symmetric about the centre (d3 ships no strictly uniform diverging map). Heat maps
 * (Grad-CAM) use inferno: uniform too, and unlike viridis, so it is never read on the gradients' scale.
 */
export type ColormapName = 'viridis' | 'blueRed' | 'inferno';

const INTERPOLATORS: Record<ColormapName, (t: number) => string> = {
  viridis: interpolateViridis,
  blueRed: (t) => interpolateRdBu(1 - t),
  inferno: interpolateInferno,
};
export type Lut = Uint8ClampedArray;

export const LUT_SIZE = 256;

function buildLut(interpolate: (t: number) => string): Lut {
  const lut = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const c = rgb(interpolate(i / (LUT_SIZE - 1)));
    lut.set([c.r, c.g, c.b], i * 3);
  }
  return lut;
}

const luts: Partial<Record<ColormapName, Lut>> = {};

export function colormap(name: ColormapName): Lut {
  luts[name] ??= buildLut(INTERPOLATORS[name]);
  return luts[name];
}

/** CSS colour stops for a legend bar. */
export function cssGradient(name: ColormapName, stops = 16): string {
  const lut = colormap(name);
  const parts = Array.from({ length: stops }, (_, k) => {
    const i = Math.round((k / (stops - 1)) * (LUT_SIZE - 1));
    return `rgb(${lut[i * 3]} ${lut[i * 3 + 1]} ${lut[i * 3 + 2]}) ${((100 * k) / (stops - 1)).toFixed(1)}%`;
  });
  return `linear-gradient(to right, ${parts.join(', ')})`;
}
