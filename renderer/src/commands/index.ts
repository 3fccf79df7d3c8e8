import { CommandHistory } from './history';

export * from './command';
export * from './history';
export * from './job-commands';

/** The one history of the studio: edits in the Timeline and the Plates view undo together. */
export const history = new CommandHistory(
  typeof sessionStorage === 'undefined' ? null : sessionStorage,
);
