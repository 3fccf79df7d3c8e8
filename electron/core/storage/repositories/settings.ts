import { SiteSettings } from '../../../../shared/domain';
import { appendEvent } from '../audit';
import type { Db } from '../database';

/** Settings are stored key by key so a new setting simply takes its default. */
export function getSettings(db: Db): SiteSettings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as {
    key: string;
    value: string;
  }[];
  const raw: Record<string, unknown> = {};
  for (const r of rows) raw[r.key] = JSON.parse(r.value) as unknown;
  const parsed = SiteSettings.safeParse(raw);
  // A value that no longer validates (older bounds) falls back to its default rather than
  // making the whole workspace unopenable.
  if (parsed.success) return parsed.data;
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  for (const k of bad) delete raw[k];
  return SiteSettings.parse(raw);
}

export function updateSettings(db: Db, patch: Partial<SiteSettings>, actor: string): SiteSettings {
  return db.transaction(() => {
    const next = SiteSettings.parse({ ...getSettings(db), ...patch });
    const upsert = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    for (const [k, v] of Object.entries(patch)) {
      if (v !== undefined) upsert.run(k, JSON.stringify(next[k as keyof SiteSettings]));
    }
    appendEvent(db, {
      actor,
      action: 'settings.update',
      entity: 'settings',
      entityId: 'site',
      data: patch,
    });
    return next;
  })();
}
