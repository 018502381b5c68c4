import type { CamWeighting } from '../src/shared/methods.ts';

/** Each weighting written out in float64 loops from its formula (pytorch-grad-cam's), before the ReLU. */
export function camReference(weighting: CamWeighting, A: ArrayLike<number>, g: ArrayLike<number>, [h, w, k]: readonly [number, number, number]): number[] {
  const at = (p: number, c: number) => p * k + c;
  const places = h * w;
  const eps = 1e-7;
  const sumA = Array.from({ length: k }, (_, c) => { let s = 0; for (let p = 0; p < places; p++) s += A[at(p, c)]!; return s; });
  const channelWeight = (c: number): number => {
    let s = 0;
    for (let p = 0; p < places; p++) {
      const [a, d] = [A[at(p, c)]!, g[at(p, c)]!];
      if (weighting === 'grad-cam') s += d / places;
      if (weighting === 'xgrad-cam') s += (d * a) / (sumA[c]! + eps);
      if (weighting === 'grad-cam++') s += d === 0 ? 0 : Math.max(d, 0) * ((d * d) / (2 * d * d + sumA[c]! * d * d * d + eps));
    }
    return s;
  };
  const weights = Array.from({ length: k }, (_, c) => channelWeight(c));
  return Array.from({ length: places }, (_, p) => {
    let s = 0;
    for (let c = 0; c < k; c++) {
      const [a, d] = [A[at(p, c)]!, g[at(p, c)]!];
      if (weighting === 'hires-cam') s += d * a;
      else if (weighting === 'layer-cam') s += Math.max(d, 0) * a;
      else s += weights[c]! * a;
    }
    return Math.max(0, s);
  });
}
