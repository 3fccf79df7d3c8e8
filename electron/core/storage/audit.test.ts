import { describe, expect, it } from 'vitest';
import { rectangleBed } from '../../../shared/domain';
import { openDatabase } from './database';
import { listEvents } from './audit';
import { savePrinter } from './repositories/printers';

const printer = {
  name: 'MK4',
  model: '',
  bed: rectangleBed(250, 210),
  exclusionZones: [],
  maxHeightMm: 220,
  nozzleMm: 0.4,
  loadedMaterial: '',
  loadedColor: '',
  profileIds: [],
  connection: { kind: 'octoprint' as const, url: 'http://printer.local', apiKey: 'SECRET' },
  hourlyCost: 0,
  status: 'available' as const,
  maintenance: [],
};

describe('the event log', () => {
  it('records who changed what in the same transaction, without credentials', () => {
    const db = openDatabase(':memory:');
    const p = savePrinter(db, printer, 'anna');
    const [e] = listEvents(db, { limit: 10 });
    expect(e).toMatchObject({
      actor: 'anna',
      action: 'printer.create',
      entity: 'printer',
      entityId: p.id,
    });
    expect(JSON.stringify(e?.data)).not.toContain('SECRET');
  });

  it('is append-only', () => {
    const db = openDatabase(':memory:');
    savePrinter(db, printer, 'anna');
    expect(() => db.prepare('UPDATE events SET actor = ?').run('mallory')).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
  });

  it('keeps no event for a change that was rolled back', () => {
    const db = openDatabase(':memory:');
    expect(() => savePrinter(db, { ...printer, profileIds: ['no-such-profile'] }, 'anna')).toThrow(
      /No profile/,
    );
    expect(listEvents(db, { limit: 10 })).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM printers').get()).toEqual({ n: 0 });
  });
});
