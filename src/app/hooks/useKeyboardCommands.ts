import { useEffect, useRef } from 'react';
import { commandFor, type CommandHandlers } from '../commands.ts';

/** Keys a focused control uses itself: text fields, selects, radio groups (arrows move the choice). */
const OWNS_KEYS = 'input:not([type=checkbox]):not([type=button]):not([type=file]), textarea, select, [contenteditable=""], [contenteditable="true"]';
/** Space presses a focused button, ticks a box, opens a disclosure: those keep it. */
const OWNS_SPACE = 'button, summary, input, a[href], [role=button]';

/** Runs the commands table's shortcuts with the page's handlers (the latest ones at each press). */
export function useKeyboardCommands(handlers: CommandHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const typing = event.target instanceof Element && (event.target.matches(OWNS_KEYS) || (event.key === ' ' && event.target.matches(OWNS_SPACE)));
      const command = commandFor(event, typing);
      if (!command) return;
      event.preventDefault();
      latest.current[command.id](event.key);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
