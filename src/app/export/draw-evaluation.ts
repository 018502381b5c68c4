import { CURVE_KINDS, type CurveKind } from '../../shared/faithfulness.ts';
import { METHOD_INFO } from '../../shared/methods.ts';
import { RANDOM_COLOUR } from '../components/CurveChart.tsx';
import { LINE_COLOURS, markerGlyph } from '../components/SanityChart.tsx';
import { canvasPng, saveBlob, slug } from '../download.ts';
import { areaOf, evaluationCaption } from '../evaluation-summary.ts';
import type { EvaluationResult } from '../state/session.ts';
import { FONT, INK, MUTED, whitePage } from './draw-comparison.ts';
import { svgImage, wrap } from './draw-sanity.ts';

interface EvaluationExport {
  evaluation: EvaluationResult;
  inputName: string;
  modelName: string;
  seed: number;
  /** The two charts on screen. */
  charts: Record<CurveKind, SVGSVGElement>;
  className: (index: number) => string;
}

const WIDTH = 1920;
const MARGIN = 64;
/** The charts' own aspect (480 × 240), side by side. */
const CHART = { width: (WIDTH - 3 * MARGIN) / 2, height: (WIDTH - 3 * MARGIN) / 4, y: 190 };

/** Saves the faithfulness test on screen as faithfulness-<class>.png, 1920 wide: both charts, each order's areas, and what they say. */
export async function exportEvaluation({ evaluation, inputName, modelName, seed, charts, className }: EvaluationExport): Promise<void> {
  const orders = [...evaluation.methods, 'random' as const];
  const tableY = CHART.y + CHART.height + 80;
  const height = tableY + 48 * (orders.length + 1) + 220;
  const { canvas, g } = whitePage({ width: WIDTH, height });
  const font = (size: number, weight = 400, colour = INK) => {
    g.font = `${weight} ${size}px ${FONT}`;
    g.fillStyle = colour;
  };
  const name = className(evaluation.classIndex);
  font(44, 700);
  g.fillText(`Faithfulness · ${name}`, MARGIN, 80, WIDTH - 2 * MARGIN);
  font(26, 400, MUTED);
  g.fillText(`${inputName} · ${modelName} · the class's probability as each map's top pixels are deleted or inserted · random order seed ${seed}`, MARGIN, 130, WIDTH - 2 * MARGIN);
  for (const [i, kind] of CURVE_KINDS.entries()) {
    g.drawImage(await svgImage(charts[kind]), MARGIN + i * (CHART.width + MARGIN), CHART.y, CHART.width, CHART.height);
  }
  const columns = [MARGIN, MARGIN + 700, MARGIN + 1150];
  font(28, 600, MUTED);
  ['Order', 'Deletion area (lower: more faithful)', 'Insertion area (higher)'].forEach((text, c) => g.fillText(text, columns[c]!, tableY));
  for (const [i, order] of orders.entries()) {
    const y = tableY + 48 * (i + 1);
    font(28, 700, order === 'random' ? RANDOM_COLOUR : LINE_COLOURS[i % LINE_COLOURS.length]);
    g.fillText(order === 'random' ? '– – random order' : `${markerGlyph(i)} ${METHOD_INFO[order].title}`, columns[0]!, y);
    font(28);
    CURVE_KINDS.forEach((kind, c) => g.fillText(areaOf(evaluation, kind, order)?.toFixed(3) ?? '…', columns[c + 1]!, y));
  }
  font(28);
  wrap(g, evaluationCaption(evaluation), MARGIN, tableY + 48 * (orders.length + 1) + 40, WIDTH - 2 * MARGIN, 38);
  saveBlob(await canvasPng(canvas), `faithfulness-${slug(name)}.png`);
}
