import { COMMANDS, type CommandId } from '../commands.ts';

export interface LessonToggles {
  present: boolean;
  compare: boolean;
  camFamily: boolean;
  smoothFamily: boolean;
  attributionFamily: boolean;
  camVariants: boolean;
  captions: boolean;
  sanity: boolean;
  evaluate: boolean;
}

interface Props {
  toggles: LessonToggles;
  run: (id: CommandId) => void;
  /** What the last Copy link did, announced to screen readers. */
  linkFeedback?: string;
  canExport: boolean;
}

const key = (id: CommandId) => COMMANDS.find((c) => c.id === id)!.shown;

/** The lesson's switches and its two ways of sharing, each with its shortcut shown. */
export function LessonBar({ toggles, run, linkFeedback, canExport }: Props) {
  const toggle = (id: CommandId & keyof LessonToggles, label: string) => toggleButton(id, label, toggles[id], run);
  return (
    <div className="lesson-bar" role="group" aria-label="Lesson">
      {toggle('present', 'Present')}
      {toggle('compare', 'Compare')}
      {toggle('camFamily', 'Grad-CAM')}
      {toggle('smoothFamily', 'SmoothGrad')}
      {toggle('attributionFamily', 'IG & occlusion')}
      {toggle('camVariants', 'More CAMs')}
      {toggle('captions', 'Captions')}
      {toggle('sanity', 'Sanity')}
      {toggle('evaluate', 'Faithfulness')}
      <button type="button" aria-keyshortcuts={key('copyLink')} onClick={() => run('copyLink')}>Link <kbd>{key('copyLink')}</kbd></button>
      <button type="button" aria-keyshortcuts={key('exportPng')} onClick={() => run('exportPng')} disabled={!canExport}>Export <kbd>{key('exportPng')}</kbd></button>
      <span className="link-feedback" role="status" aria-live="polite" data-testid="link-feedback">{linkFeedback}</span>
    </div>
  );
}

/** A switch of the lesson with its shortcut shown, pressed while on. */
export function toggleButton(id: CommandId, label: string, on: boolean, run: (id: CommandId) => void) {
  return (
    <button type="button" aria-pressed={on} aria-keyshortcuts={key(id)} onClick={() => run(id)} data-testid={`toggle-${id}`}>
      {label} <kbd>{key(id)}</kbd>
    </button>
  );
}
