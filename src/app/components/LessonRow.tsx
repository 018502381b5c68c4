import { METHOD_INFO, METHODS } from '../../shared/methods.ts';

/** The teaching captions: under each map's column, its rule and what it means for the picture. */
export function LessonRow() {
  return (
    <div className="lesson-row" data-testid="lessons">
      {METHODS.map((method) => (
        <p key={method} className="lesson" data-method-lesson={method}>
          <strong>{METHOD_INFO[method].title}:</strong> {METHOD_INFO[method].lesson}
        </p>
      ))}
    </div>
  );
}
