import { colormap, LUT_SIZE, type ColormapName } from '../../shared/colormaps.ts';
import { METHOD_INFO, type Method } from '../../shared/methods.ts';
import { canvasPng } from '../download.ts';
import { comparisonLayout, type CellKind } from './comparison-layout.ts';
import { MODEL_VIEW_TITLE } from '../components/ModelView.tsx';

export interface ComparisonContent {
  subtitle: string;
  /** The RGBA image the model saw, and its (and every map's) [width, height]. */
  input: Uint8ClampedArray;
  size: readonly [number, number];
  /** One row per class: its heading (class and probability) and its maps' RGBA pixels as drawn on screen. */
  rows: { heading: string; maps: Partial<Record<Method, Uint8ClampedArray>> }[];
  legend: { colormap: ColormapName; ticks: string[]; tops: string; text: string };
  /** The heat maps' legend, when any is shown. */
  heatLegend?: { colormap: ColormapName; ticks: string[]; text: string };
  methods: readonly Method[];
}

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
export const INK = '#111111';
export const MUTED = '#444444';

/** The whole comparison as one PNG, 1920 wide, white background (reads on a projector and on paper). */
export function comparisonPng(content: ComparisonContent): Promise<Blob> {
  const layout = comparisonLayout(content.rows.length, content.methods);
  const { canvas, g } = whitePage(layout);
  const text = (value: string, x: number, y: number, size: number, weight = 400, colour = INK, maxWidth?: number) => {
    g.font = `${weight} ${size}px ${FONT}`;
    g.fillStyle = colour;
    g.fillText(value, x, y, maxWidth);
  };
  const left = layout.rows[0]!.cells[0]!.image.x;
  text('What does the network look at?', left, layout.titleY, 44, 700);
  text(content.subtitle, left, layout.subtitleY, 26, 400, MUTED, layout.width - 2 * left);
  const title = (kind: CellKind) => (kind === 'input' ? MODEL_VIEW_TITLE : METHOD_INFO[kind].title);
  for (const [r, row] of layout.rows.entries()) {
    const { heading, maps } = content.rows[r]!;
    text(heading, row.cells.find((c) => c.kind !== 'input')!.image.x, row.headingY, 34, 700);
    for (const cell of row.cells) {
      text(title(cell.kind), cell.image.x, cell.titleY, 28, 600, INK, cell.image.width);
      const pixels = cell.kind === 'input' ? content.input : maps[cell.kind];
      if (pixels) drawPixels(g, pixels, content.size, cell.image);
      else {
        g.strokeStyle = MUTED;
        g.strokeRect(cell.image.x + 0.5, cell.image.y + 0.5, cell.image.width - 1, cell.image.height - 1);
      }
    }
  }
  const bar = (box: typeof layout.legend, name: ColormapName, ticks: string[]) => {
    drawLegend(g, box, name);
    g.textAlign = 'center';
    ticks.forEach((tick, i) => text(tick, box.x + (box.width * i) / Math.max(1, ticks.length - 1), box.y + box.height + 28, 22, 400, MUTED));
    g.textAlign = 'left';
  };
  bar(layout.legend, content.legend.colormap, content.legend.ticks);
  text(`${content.legend.tops}. ${content.legend.text}`, layout.legend.x, layout.legendTextY, 22, 400, MUTED, layout.legend.width);
  if (content.heatLegend) {
    bar(layout.heatLegend, content.heatLegend.colormap, content.heatLegend.ticks);
    text('Grad-CAM, over the image', layout.heatLegend.x, layout.legendTextY, 22, 400, MUTED, layout.heatLegend.width);
  }
  return canvasPng(canvas);
}

/** An exported page: a canvas of this size, white (reads on a projector and on paper). */
export function whitePage({ width, height }: { width: number; height: number }) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  return { canvas, g };
}

/** A picture of the model's size scaled up with crisp pixels (every model pixel stays a visible square). */
export function drawPixels(g: CanvasRenderingContext2D, rgba: Uint8ClampedArray, [width, height]: readonly [number, number], box: { x: number; y: number; width: number; height: number }) {
  const source = document.createElement('canvas');
  source.width = width;
  source.height = height;
  source.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  g.imageSmoothingEnabled = false;
  g.drawImage(source, box.x, box.y, box.width, box.height);
}

function drawLegend(g: CanvasRenderingContext2D, box: { x: number; y: number; width: number; height: number }, name: ColormapName) {
  const lut = colormap(name);
  for (let px = 0; px < box.width; px++) {
    const i = Math.round((px / (box.width - 1)) * (LUT_SIZE - 1)) * 3;
    g.fillStyle = `rgb(${lut[i]} ${lut[i + 1]} ${lut[i + 2]})`;
    g.fillRect(box.x + px, box.y, 1, box.height);
  }
  g.strokeStyle = MUTED;
  g.strokeRect(box.x + 0.5, box.y + 0.5, box.width - 1, box.height - 1);
}
