import { CommandHistory } from './history';

export * from './command';
export * from './history';
export * from './job-commands';
export * from './order-commands';

/** The one history of the studio: edits in the Timeline and the Plates view undo together. */
export const history = new CommandHistory(
  typeof sessionStorage === 'undefined' ? null : sessionStorage,
);

// Saves wait for an idle moment; a reload or a closed tab must still find the latest edits.
if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => history.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') history.flush();
  });
}
