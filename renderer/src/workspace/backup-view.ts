import { MAX_RESTORE_BASE64 } from '../../../shared/api/channels/workspace';

/** "812 B", "4.2 KB", "18.6 MB": archive sizes as a file manager shows them. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Safety backups are named `…-before-restore.zip` by the host (Workspace.restore). */
export function isSafetyBackup(fileName: string): boolean {
  return /-before-restore(-\d+)?\.zip$/.test(fileName);
}

/** Base64 grows data by 4/3; the contract's limit is on the text. */
export const MAX_UPLOAD_BYTES = Math.floor((MAX_RESTORE_BASE64 / 4) * 3);

/** Why an archive cannot be uploaded for a restore, or null when it can. */
export function uploadProblem(file: { name: string; size: number }): string | null {
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (file.size > MAX_UPLOAD_BYTES) {
    return `“${file.name}” is ${formatBytes(file.size)}; the studio uploads archives up to ${formatBytes(MAX_UPLOAD_BYTES)}. Restore it with \`plateshift restore ${file.name}\` instead.`;
  }
  return null;
}

/** The confirmation text: what is replaced, and that nothing is lost. */
export function restoreWarning(source: string, workspaceName: string | undefined): string {
  return (
    `Replace everything in ${workspaceName ? `“${workspaceName}”` : 'this workspace'} — printers, ` +
    `calendar, orders, models and plans — with the contents of “${source}”? ` +
    'The archive is checked first and the current state is saved as a new backup before ' +
    'anything is replaced, so this can be undone by restoring that backup.'
  );
}
