import { METHOD_INFO, type Method } from '../../shared/methods.ts';
import type { RenderOptions } from '../../shared/render-maps.ts';
import { cellPixels } from '../components/SanityPanel.tsx';
import { LINE_COLOURS, markerGlyph } from '../components/SanityChart.tsx';
import { canvasPng, saveBlob, slug } from '../download.ts';
import { sanityCaption } from '../sanity-summary.ts';
import type { SanityResult } from '../state/session.ts';
import { drawPixels, FONT, INK, MUTED, whitePage } from './draw-comparison.ts';
import { sanityLayout } from './sanity-layout.ts';

interface SanityContent {
  subtitle: string;
  heading: string;
  /** Step 0's name, then each layer's. */
  columns: string[];
  methods: Method[];
  /** Each method's maps by step, RGBA as drawn on screen (undefined: not computed). */
  pixels: Partial<Record<Method, (Uint8ClampedArray | undefined)[]>>;
  /** [width, height] of every map. */
  size: readonly [number, number];
  chart: SVGSVGElement;
  caption: string;
}

interface SanityExport {
  sanity: SanityResult;
  inputName: string;
  modelName: string;
  size: readonly [number, number];
  seed: number;
  options: RenderOptions;
  modelView: Uint8ClampedArray;
  /** The chart on screen. */
  chart: SVGSVGElement;
  className: (index: number) => string;
}

/** Saves the sanity check on screen as sanity-<class>.png, 1920 wide: its strips, its chart with its keys, and what they say. */
export async function exportSanity({ sanity, inputName, modelName, size, seed, options, modelView, chart, className }: SanityExport): Promise<void> {
  const name = className(sanity.classIndex);
  const blob = await sanityPng({
    heading: `Sanity check · ${name}`,
    subtitle: `${inputName} · ${modelName} · logits first, seed ${seed} · Spearman's correlation of |map| with the trained model's`,
    columns: ['trained', ...sanity.steps],
    methods: sanity.methods,
    pixels: Object.fromEntries(sanity.methods.map((m) => [m, (sanity.maps[m] ?? []).map((cell) => cell && cellPixels(m, cell, options, modelView))])),
    size,
    chart,
    caption: sanityCaption(sanity),
  });
  saveBlob(blob, `sanity-${slug(name)}.png`);
}

async function sanityPng({ subtitle, heading, columns, methods, pixels, size, chart, caption }: SanityContent): Promise<Blob> {
  const layout = sanityLayout(methods.length, columns.length - 1);
  const { canvas, g } = whitePage(layout);
  const font = (size: number, weight = 400, colour = INK) => {
    g.font = `${weight} ${size}px ${FONT}`;
    g.fillStyle = colour;
  };
  font(44, 700);
  g.fillText(heading, layout.left, layout.titleY, layout.width - 2 * layout.left);
  font(26, 400, MUTED);
  g.fillText(subtitle, layout.left, layout.subtitleY, layout.width - 2 * layout.left);
  font(20, 400, MUTED);
  for (const [c, name] of columns.entries()) {
    g.save();
    g.translate(layout.columnCentres[c]! + 7, layout.namesY);
    g.rotate(-Math.PI / 2);
    g.fillText(name, 0, 0, 160);
    g.restore();
  }
  for (const [m, method] of methods.entries()) {
    const strip = layout.strips[m]!;
    font(26, 600);
    g.fillText(METHOD_INFO[method].title, layout.left, strip.nameY, layout.strips[0]!.cells[0]!.x - layout.left - 20);
    for (const [step, box] of strip.cells.entries()) {
      const rgba = pixels[method]?.[step];
      if (rgba) drawPixels(g, rgba, size, box);
    }
  }
  g.drawImage(await svgImage(chart), layout.chart.x, layout.chart.y, layout.chart.width, layout.chart.height);
  let y = layout.caption.y + 28;
  for (const [i, method] of methods.entries()) {
    font(28, 700, LINE_COLOURS[i % LINE_COLOURS.length]);
    g.fillText(`${markerGlyph(i)} ${METHOD_INFO[method].title}`, layout.caption.x, y);
    y += 40;
  }
  font(28);
  wrap(g, caption, layout.caption.x, y + 20, layout.caption.width, 38);
  return canvasPng(canvas);
}

/** The chart as the page draws it, rendered on its own (its colours and type are attributes). */
export function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' }));
  const image = new Image();
  return new Promise<HTMLImageElement>((resolve, reject) => {
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('the chart could not be drawn'));
    image.src = url;
  }).finally(() => URL.revokeObjectURL(url));
}

export function wrap(g: CanvasRenderingContext2D, text: string, x: number, y: number, width: number, lineHeight: number) {
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (g.measureText(next).width > width && line) {
      g.fillText(line, x, y);
      y += lineHeight;
      line = word;
    } else {
      line = next;
    }
  }
  if (line) g.fillText(line, x, y);
}
