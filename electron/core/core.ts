import type { Dispatcher } from '../../shared/api';
import type { EventBus } from './event-bus';

export type HostKind = 'electron' | 'browser';

export interface CoreOptions {
  /** Folder holding workspace.sqlite, models/ and backups/. Created when missing. */
  workspaceDir: string;
  host: HostKind;
  /** Seed the demo workspace when the folder is new (default true). */
  demo?: boolean;
  /** Where slow queries and internal errors are written (default console). */
  log?: (message: string) => void;
  /** The host's save dialog (Electron); browser mode downloads files in the page instead. */
  chooseSavePath?: (suggestedName: string) => Promise<string | null>;
}

/** Everything a host needs: the contract's receiving end and the pushed events. */
export interface Core {
  readonly workspaceDir: string;
  readonly dispatcher: Dispatcher;
  readonly bus: EventBus;
  close(): void;
}
