import type { RenderOptions } from '../shared/render-maps.ts';

/**
 * The keyboard commands, one table for both the shortcuts and the help dialog, so they cannot
 * disagree. A teacher runs the lesson from these without touching the mouse.
 */
export type CommandId =
  | 'previousExample' | 'nextExample' | 'pickClass' | 'findClass' | 'compare' | 'contrast' | 'camFamily' | 'smoothFamily' | 'attributionFamily' | 'camVariants' | 'cycleView'
  | 'toggleScale' | 'captions' | 'sanity' | 'evaluate' | 'present' | 'fullScreen' | 'copyLink' | 'exportPng' | 'camera' | 'help';

export interface Command {
  id: CommandId;
  /** KeyboardEvent.key values that run it. */
  keys: string[];
  /** How the help dialog writes the keys. */
  shown: string;
  description: string;
}

/** What each command does, given the key that ran it: a button runs it with none. */
export type CommandHandlers = Record<CommandId, (key?: string) => void>;

export const COMMANDS: readonly Command[] = [
  { id: 'previousExample', keys: ['ArrowLeft'], shown: '←', description: 'Previous example' },
  { id: 'nextExample', keys: ['ArrowRight'], shown: '→', description: 'Next example' },
  { id: 'pickClass', keys: ['1', '2', '3', '4', '5'], shown: '1 – 5', description: 'Explain the 1st to 5th most likely class' },
  { id: 'findClass', keys: ['/'], shown: '/', description: 'Find any class by its name' },
  { id: 'compare', keys: ['c', 'C'], shown: 'C', description: 'Compare two classes, a row each, on or off' },
  { id: 'contrast', keys: ['x', 'X'], shown: 'X', description: 'Why the first class rather than the second: a row, on or off' },
  { id: 'camFamily', keys: ['g', 'G'], shown: 'G', description: 'Grad-CAM and Guided Grad-CAM, a row, on or off' },
  { id: 'smoothFamily', keys: ['n', 'N'], shown: 'N', description: 'SmoothGrad of each rule, a row, on or off' },
  { id: 'attributionFamily', keys: ['i', 'I'], shown: 'I', description: 'Integrated Gradients and occlusion, a row, on or off' },
  { id: 'camVariants', keys: ['v', 'V'], shown: 'V', description: 'Grad-CAM++ to Eigen-CAM: two rows of CAM variants, on or off' },
  { id: 'cycleView', keys: ['m', 'M'], shown: 'M', description: 'Next map view: magnitude, signed, magnitude on the image' },
  { id: 'toggleScale', keys: ['s', 'S'], shown: 'S', description: 'Shared scale across the three maps, on or off' },
  { id: 'captions', keys: ['t', 'T'], shown: 'T', description: 'Teaching captions and the live ReLU diagram, on or off' },
  { id: 'sanity', keys: ['r', 'R'], shown: 'R', description: 'Sanity check: randomize the layers from the logits down, on or off' },
  { id: 'evaluate', keys: ['d', 'D'], shown: 'D', description: 'Faithfulness: deletion and insertion curves of the maps, on or off' },
  { id: 'present', keys: ['p', 'P'], shown: 'P', description: 'Presentation mode (large, dark, full screen), on or off' },
  { id: 'fullScreen', keys: ['f', 'F'], shown: 'F', description: 'Full screen, on or off' },
  { id: 'copyLink', keys: ['l', 'L'], shown: 'L', description: 'Copy a link to this exact view' },
  { id: 'exportPng', keys: ['e', 'E'], shown: 'E', description: 'Export the comparison as one 1920-wide PNG' },
  { id: 'camera', keys: ['w', 'W', ' '], shown: 'W, Space', description: 'Camera on or off; Space: freeze its frame, or live' },
  { id: 'help', keys: ['?'], shown: '?', description: 'Show these shortcuts' },
];

/** The command a key press runs, or undefined (typing in a field, or with Ctrl, Alt or Meta held). */
export function commandFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>, typing: boolean): Command | undefined {
  if (typing || event.ctrlKey || event.altKey || event.metaKey) return undefined;
  return COMMANDS.find((command) => command.keys.includes(event.key));
}

/** The map views M steps through, in order. */
const VIEW_CYCLE: Pick<RenderOptions, 'view' | 'overlay'>[] = [
  { view: 'magnitude', overlay: false },
  { view: 'signed', overlay: false },
  { view: 'magnitude', overlay: true },
];

export function nextView(options: RenderOptions): RenderOptions {
  const at = VIEW_CYCLE.findIndex((v) => v.view === options.view && v.overlay === options.overlay);
  return { ...options, ...VIEW_CYCLE[(at + 1) % VIEW_CYCLE.length]! };
}

/** The example after (step 1) or before (step -1) the current one, wrapping; the first when none. */
export function stepExample(ids: readonly string[], current: string | undefined, step: 1 | -1): string {
  const at = current === undefined ? -1 : ids.indexOf(current);
  if (at < 0) return ids[0]!;
  return ids[(at + step + ids.length) % ids.length]!;
}
