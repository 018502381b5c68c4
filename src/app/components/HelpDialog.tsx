import { useEffect, useRef } from 'react';
import { COMMANDS } from '../commands.ts';

interface Props {
  open: boolean;
  onClose: () => void;
}

/** The keyboard shortcuts, from the same table that runs them. Esc or the button closes it. */
export function HelpDialog({ open, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="help-dialog" aria-labelledby="help-title" onClose={onClose} data-testid="help-dialog">
      <h2 id="help-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {COMMANDS.map((command) => (
            <tr key={command.id}>
              <th scope="row"><kbd>{command.shown}</kbd></th>
              <td>{command.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose} autoFocus>Close</button>
    </dialog>
  );
}
