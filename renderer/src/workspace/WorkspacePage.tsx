import { useRef, useState, type ChangeEvent } from 'react';
import { decodeBase64, encodeBase64Async } from '../intake/base64';
import { formatDateTime, plural } from '../lib/format';
import { api, platform } from '../platform/api';
import { useMutation, useQuery } from '../platform/hooks';
import { toApiError } from '../platform/query-cache';
import { toastError, toastSuccess } from '../shell/ui-store';
import { Badge } from '../ui/Badge';
import { confirmAction } from '../ui/confirm';
import { EmptyState } from '../ui/EmptyState';
import { Icon } from '../ui/Icon';
import { PageHeader, SectionHeader } from '../ui/PageHeader';
import { formatBytes, isSafetyBackup, restoreWarning, uploadProblem } from './backup-view';
import { IntakeChecksCard } from './IntakeChecksCard';

type Busy = null | 'backup' | 'restore' | `copy:${string}`;

/** Saves bytes through the browser's download: the page's own way out in browser mode. */
function download(fileName: string, bytes: Uint8Array<ArrayBuffer>): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked on the next turn: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * The workspace's own area: what it holds, its backups (make one, keep a copy elsewhere) and
 * restoring an archive from this machine or another.
 */
export function WorkspacePage() {
  const info = useQuery('workspace.info', {});
  const backups = useQuery('workspace.backups', {});
  const settings = useQuery('settings.get', {});
  const restore = useMutation('workspace.restore');
  const [busy, setBusy] = useState<Busy>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const timeZone = settings.data?.timezone ?? 'UTC';
  const desktop = platform.kind === 'electron';
  const list = backups.data ?? [];

  const run = async (what: Busy, work: () => Promise<void>, channel: string) => {
    setBusy(what);
    try {
      await work();
    } catch (err) {
      toastError(toApiError(err).message, channel);
    } finally {
      setBusy(null);
    }
  };

  const backUp = () =>
    run(
      'backup',
      async () => {
        const made = await api.call('workspace.backup', {});
        await backups.refetch();
        toastSuccess(`Backed up as ${made.fileName} (${formatBytes(made.sizeBytes)}).`);
      },
      'workspace.backup',
    );

  const keepCopy = (fileName: string) =>
    run(
      `copy:${fileName}`,
      async () => {
        if (desktop) {
          const saved = await api.call('workspace.exportBackup', { fileName });
          if (saved.saved) toastSuccess(`Saved a copy to ${saved.path ?? 'the chosen folder'}.`);
        } else {
          const file = await api.call('workspace.downloadBackup', { fileName });
          // A fresh array over its own ArrayBuffer, never a shared one.
          download(file.fileName, decodeBase64(file.dataBase64) as Uint8Array<ArrayBuffer>);
        }
      },
      desktop ? 'workspace.exportBackup' : 'workspace.downloadBackup',
    );

  const restored = (
    source: string,
    out: { safetyBackup: { fileName: string } | null } | undefined,
  ) => {
    if (!out) return;
    void backups.refetch();
    toastSuccess(
      `Restored from ${source}.` +
        (out.safetyBackup ? ` The previous state is kept as ${out.safetyBackup.fileName}.` : ''),
    );
  };

  const restoreListed = async (fileName: string) => {
    const ok = await confirmAction({
      title: 'Restore this backup?',
      message: restoreWarning(fileName, info.data?.name),
      confirmLabel: 'Restore',
    });
    if (!ok) return;
    setBusy('restore');
    try {
      restored(fileName, await restore.mutate({ fileName }));
    } finally {
      setBusy(null);
    }
  };

  const restoreUpload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const problem = uploadProblem(file);
    if (problem) {
      toastError(problem, 'workspace.restore');
      return;
    }
    const ok = await confirmAction({
      title: 'Restore from this file?',
      message: restoreWarning(file.name, info.data?.name),
      confirmLabel: 'Restore',
    });
    if (!ok) return;
    setBusy('restore');
    try {
      const dataBase64 = await encodeBase64Async(new Uint8Array(await file.arrayBuffer()));
      restored(file.name, await restore.mutate({ archiveName: file.name, dataBase64 }));
    } catch (err) {
      toastError(toApiError(err).message, 'workspace.restore');
    } finally {
      setBusy(null);
    }
  };

  const counts = info.data?.counts;
  return (
    <div className="page">
      <div className="page__main">
        <PageHeader
          title="Workspace"
          subtitle={
            <span title="The folder holding the database, model files and backups">
              {info.data?.location ?? '…'}
            </span>
          }
          actions={
            <>
              <input
                ref={fileInput}
                type="file"
                accept=".zip,application/zip"
                hidden
                data-testid="restore-file-input"
                onChange={(e) => void restoreUpload(e)}
              />
              <button
                type="button"
                className="btn"
                data-testid="restore-upload"
                disabled={busy !== null}
                onClick={() => fileInput.current?.click()}
              >
                <Icon name="upload" /> Restore from file…
              </button>
              <button
                type="button"
                className="btn btn--primary"
                data-testid="backup-now"
                disabled={busy !== null}
                onClick={() => void backUp()}
              >
                <Icon name="archive" /> {busy === 'backup' ? 'Backing up…' : 'Back up now'}
              </button>
            </>
          }
        />
        <div className="page__scroll">
          {busy === 'restore' ? (
            <div className="notice" role="status" data-testid="restore-busy">
              Restoring: checking the archive, saving the current state, then replacing it…
            </div>
          ) : null}
          <section className="section">
            <SectionHeader title="This workspace" />
            <div className="card card__pad" data-testid="workspace-card">
              <p>
                <strong>{info.data?.name ?? '…'}</strong>
                {info.data ? ` · schema ${info.data.schemaVersion}` : null}
              </p>
              {counts ? (
                <p className="muted">
                  {plural(counts.printers, 'printer')} · {plural(counts.orders, 'order')} ·{' '}
                  {plural(counts.models, 'model')} · {plural(counts.operators, 'operator')}
                </p>
              ) : null}
              <p className="muted small">
                A backup is one .zip: a consistent copy of the database and every model file. Keep
                copies off this machine; any of them restores here or on another computer (
                <code>plateshift restore FILE</code> does the same from a terminal).
              </p>
            </div>
          </section>
          <section className="section">
            <SectionHeader title="Backups" />
            {list.length === 0 ? (
              backups.loading ? (
                <div className="loading-row">Loading backups…</div>
              ) : (
                <EmptyState icon="archive" title="No backups yet" testId="backups-empty">
                  <p>“Back up now” writes the first one into the workspace’s backups folder.</p>
                </EmptyState>
              )
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="backup-table">
                  <thead>
                    <tr>
                      <th>Archive</th>
                      <th>Made</th>
                      <th className="num">Size</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((b) => (
                      <tr key={b.fileName} data-testid="backup-row" data-file={b.fileName}>
                        <td>
                          {b.fileName}{' '}
                          {isSafetyBackup(b.fileName) ? (
                            <Badge tone="neutral" title="Made automatically before a restore">
                              before restore
                            </Badge>
                          ) : null}
                        </td>
                        <td>{formatDateTime(b.createdAt, timeZone)}</td>
                        <td className="num">{formatBytes(b.sizeBytes)}</td>
                        <td className="num">
                          <button
                            type="button"
                            className="btn btn--small btn--ghost"
                            data-testid="backup-copy"
                            disabled={busy !== null}
                            onClick={() => void keepCopy(b.fileName)}
                          >
                            {desktop ? 'Save a copy…' : 'Download'}
                          </button>{' '}
                          <button
                            type="button"
                            className="btn btn--small btn--danger-ghost"
                            data-testid="backup-restore"
                            disabled={busy !== null}
                            onClick={() => void restoreListed(b.fileName)}
                          >
                            Restore…
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <IntakeChecksCard current={settings.data} />
        </div>
      </div>
    </div>
  );
}
