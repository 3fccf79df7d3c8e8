import { z } from 'zod';
import { notFound } from '../../../../shared/api';
import { MaintenanceWindow, Polygon, Printer, PrinterConnection } from '../../../../shared/domain';
import { appendEvent } from '../audit';
import type { Db } from '../database';
import { newId } from '../ids';
import { parseJsonColumn } from '../json';

interface PrinterRow {
  id: string;
  name: string;
  model: string;
  bed: string;
  exclusion_zones: string;
  max_height_mm: number;
  nozzle_mm: number;
  loaded_material: string;
  loaded_color: string;
  connection: string;
  hourly_cost: number;
  status: string;
  maintenance: string;
}

function fromRow(r: PrinterRow, profileIds: string[]): Printer {
  const where = `printer ${r.id}`;
  return Printer.parse({
    id: r.id,
    name: r.name,
    model: r.model,
    bed: parseJsonColumn(Polygon, r.bed, where),
    exclusionZones: parseJsonColumn(z.array(Polygon), r.exclusion_zones, where),
    maxHeightMm: r.max_height_mm,
    nozzleMm: r.nozzle_mm,
    loadedMaterial: r.loaded_material,
    loadedColor: r.loaded_color,
    profileIds,
    connection: parseJsonColumn(PrinterConnection, r.connection, where),
    hourlyCost: r.hourly_cost,
    status: r.status,
    maintenance: parseJsonColumn(z.array(MaintenanceWindow), r.maintenance, where),
  });
}

function profileIdsByPrinter(db: Db): Map<string, string[]> {
  const rows = db
    .prepare('SELECT printer_id, profile_id FROM printer_profiles ORDER BY profile_id')
    .all() as { printer_id: string; profile_id: string }[];
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.printer_id, [...(map.get(r.printer_id) ?? []), r.profile_id]);
  return map;
}

export function listPrinters(db: Db): Printer[] {
  const links = profileIdsByPrinter(db);
  return (db.prepare('SELECT * FROM printers ORDER BY position, name').all() as PrinterRow[]).map(
    (r) => fromRow(r, links.get(r.id) ?? []),
  );
}

export function getPrinter(db: Db, id: string): Printer {
  const row = db.prepare('SELECT * FROM printers WHERE id = ?').get(id) as PrinterRow | undefined;
  if (!row) throw notFound('printer', id);
  return fromRow(row, profileIdsByPrinter(db).get(id) ?? []);
}

export function savePrinter(
  db: Db,
  input: Omit<Printer, 'id'> & { id?: string | undefined },
  actor: string,
): Printer {
  return db.transaction(() => {
    const exists =
      input.id !== undefined && db.prepare('SELECT 1 FROM printers WHERE id = ?').get(input.id);
    if (input.id !== undefined && !exists) throw notFound('printer', input.id);
    const p = Printer.parse({ ...input, id: input.id ?? newId('prn') });
    for (const pid of p.profileIds) {
      if (!db.prepare('SELECT 1 FROM profiles WHERE id = ?').get(pid))
        throw notFound('profile', pid);
    }
    const position = exists
      ? undefined
      : (
          db.prepare('SELECT COALESCE(MAX(position), 0) + 1 AS n FROM printers').get() as {
            n: number;
          }
        ).n;
    db.prepare(
      `INSERT INTO printers (id, name, model, bed, exclusion_zones, max_height_mm, nozzle_mm, loaded_material,
         loaded_color, connection, hourly_cost, status, maintenance, position)
       VALUES (@id, @name, @model, @bed, @exclusionZones, @maxHeightMm, @nozzleMm, @loadedMaterial,
         @loadedColor, @connection, @hourlyCost, @status, @maintenance, @position)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, model = excluded.model, bed = excluded.bed,
         exclusion_zones = excluded.exclusion_zones, max_height_mm = excluded.max_height_mm,
         nozzle_mm = excluded.nozzle_mm, loaded_material = excluded.loaded_material,
         loaded_color = excluded.loaded_color, connection = excluded.connection,
         hourly_cost = excluded.hourly_cost, status = excluded.status, maintenance = excluded.maintenance`,
    ).run({
      ...p,
      bed: JSON.stringify(p.bed),
      exclusionZones: JSON.stringify(p.exclusionZones),
      connection: JSON.stringify(p.connection),
      maintenance: JSON.stringify(p.maintenance),
      position: position ?? 0,
    });
    db.prepare('DELETE FROM printer_profiles WHERE printer_id = ?').run(p.id);
    const link = db.prepare('INSERT INTO printer_profiles (printer_id, profile_id) VALUES (?, ?)');
    for (const pid of new Set(p.profileIds)) link.run(p.id, pid);
    appendEvent(db, {
      actor,
      action: exists ? 'printer.update' : 'printer.create',
      entity: 'printer',
      entityId: p.id,
      // Credentials stay out of the audit log.
      data: { ...p, connection: { kind: p.connection.kind } },
    });
    return getPrinter(db, p.id);
  })();
}

export function deletePrinter(db: Db, id: string, actor: string): void {
  db.transaction(() => {
    const p = getPrinter(db, id);
    db.prepare('DELETE FROM printers WHERE id = ?').run(id);
    appendEvent(db, {
      actor,
      action: 'printer.delete',
      entity: 'printer',
      entityId: id,
      data: { name: p.name },
    });
  })();
}
