import { familiesOf, FAMILY_INFO, METHOD_INFO, methodInColumn, type Method } from '../../shared/methods.ts';

/** The teaching captions: for each row of maps on screen, each method's meaning in its column. */
export function LessonRow({ methods }: { methods: readonly Method[] }) {
  return (
    <div data-testid="lessons">
      {familiesOf(methods).map((family) => (
        <div key={family} className="lesson-row" data-family={family} aria-label={FAMILY_INFO[family].title} role="group">
          {[0, 1, 2].map((column) => {
            const method = methodInColumn(family, column, methods);
            return method
              ? <p key={method} className="lesson" data-method-lesson={method}><strong>{METHOD_INFO[method].title}:</strong> {METHOD_INFO[method].lesson}</p>
              : <p key={column} className="lesson">{column === 1 && family !== 'gradients' ? FAMILY_INFO[family].lesson : ''}</p>;
          })}
        </div>
      ))}
    </div>
  );
}
