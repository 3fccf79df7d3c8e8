import { ApiError, notFound } from '../../../../shared/api';
import { Profile } from '../../../../shared/domain';
import { appendEvent } from '../audit';
import type { Db } from '../database';
import { newId } from '../ids';

interface ProfileRow {
  id: string;
  name: string;
  material: string;
  color: string;
  layer_height_mm: number;
  nozzle_mm: number;
  infill_percent: number;
  slicer_settings: string;
}

function fromRow(r: ProfileRow): Profile {
  return {
    id: r.id,
    name: r.name,
    material: r.material,
    color: r.color,
    layerHeightMm: r.layer_height_mm,
    nozzleMm: r.nozzle_mm,
    infillPercent: r.infill_percent,
    slicerSettings: JSON.parse(r.slicer_settings) as Record<string, string>,
  };
}

export function listProfiles(db: Db): Profile[] {
  return (db.prepare('SELECT * FROM profiles ORDER BY name').all() as ProfileRow[]).map(fromRow);
}

export function getProfile(db: Db, id: string): Profile {
  const row = db.prepare('SELECT * FROM profiles WHERE id = ?').get(id) as ProfileRow | undefined;
  if (!row) throw notFound('profile', id);
  return fromRow(row);
}

export function saveProfile(
  db: Db,
  input: Omit<Profile, 'id'> & { id?: string | undefined },
  actor: string,
): Profile {
  return db.transaction(() => {
    const exists =
      input.id !== undefined && db.prepare('SELECT 1 FROM profiles WHERE id = ?').get(input.id);
    if (input.id !== undefined && !exists) throw notFound('profile', input.id);
    const p = Profile.parse({ ...input, id: input.id ?? newId('prof') });
    db.prepare(
      `INSERT INTO profiles (id, name, material, color, layer_height_mm, nozzle_mm, infill_percent, slicer_settings)
       VALUES (@id, @name, @material, @color, @layerHeightMm, @nozzleMm, @infillPercent, @slicerSettings)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, material = excluded.material,
         color = excluded.color, layer_height_mm = excluded.layer_height_mm, nozzle_mm = excluded.nozzle_mm,
         infill_percent = excluded.infill_percent, slicer_settings = excluded.slicer_settings`,
    ).run({ ...p, slicerSettings: JSON.stringify(p.slicerSettings) });
    appendEvent(db, {
      actor,
      action: exists ? 'profile.update' : 'profile.create',
      entity: 'profile',
      entityId: p.id,
      data: p,
    });
    return p;
  })();
}

export function deleteProfile(db: Db, id: string, actor: string): void {
  db.transaction(() => {
    getProfile(db, id);
    const used = db
      .prepare('SELECT COUNT(*) AS n FROM printer_profiles WHERE profile_id = ?')
      .get(id) as {
      n: number;
    };
    if (used.n > 0) {
      throw new ApiError(
        'conflict',
        `This profile is offered by ${used.n} printer(s); remove it from them first.`,
        { printers: used.n },
      );
    }
    db.prepare('DELETE FROM profiles WHERE id = ?').run(id);
    appendEvent(db, { actor, action: 'profile.delete', entity: 'profile', entityId: id });
  })();
}
