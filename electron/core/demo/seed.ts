import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { rectangleBed, type Printer } from '../../../shared/domain';
import type { Workspace } from '../workspace';
import { insertModel } from '../storage/repositories/models';
import { saveProfile } from '../storage/repositories/profiles';
import { savePrinter } from '../storage/repositories/printers';
import { saveOperator, saveSlot } from '../storage/repositories/calendar';
import { saveOrder } from '../storage/repositories/orders';
import { updateSettings } from '../storage/repositories/settings';

const ACTOR = 'demo-seed';

/**
 * The workspace a newcomer opens first: real printers, two materials, a Mon–Fri shift with
 * a lunch break, and orders for real printable parts due over the next days.
 */
export function seedDemoWorkspace(ws: Workspace, resourcesDir: string, now = new Date()): void {
  const db = ws.db;
  db.transaction(() => {
    updateSettings(db, { siteName: 'Demo FabLab', timezone: 'Europe/Berlin' }, ACTOR);
    const pla = saveProfile(
      db,
      {
        name: 'PLA 0.20 mm',
        material: 'PLA',
        color: '',
        layerHeightMm: 0.2,
        nozzleMm: 0.4,
        infillPercent: 15,
        slicerSettings: {},
      },
      ACTOR,
    );
    const petg = saveProfile(
      db,
      {
        name: 'PETG 0.20 mm',
        material: 'PETG',
        color: '',
        layerHeightMm: 0.2,
        nozzleMm: 0.4,
        infillPercent: 20,
        slicerSettings: {},
      },
      ACTOR,
    );
    const printers: Omit<Printer, 'id'>[] = [
      {
        name: 'MK4 #1',
        model: 'Prusa MK4',
        bed: rectangleBed(250, 210),
        exclusionZones: [],
        maxHeightMm: 220,
        nozzleMm: 0.4,
        loadedMaterial: 'PLA',
        loadedColor: 'Galaxy Black',
        profileIds: [pla.id, petg.id],
        connection: { kind: 'virtual' },
        hourlyCost: 1.2,
        status: 'available',
        maintenance: [],
      },
      {
        name: 'MK4 #2',
        model: 'Prusa MK4',
        bed: rectangleBed(250, 210),
        exclusionZones: [],
        maxHeightMm: 220,
        nozzleMm: 0.4,
        loadedMaterial: 'PETG',
        loadedColor: 'Orange',
        profileIds: [pla.id, petg.id],
        connection: { kind: 'virtual' },
        hourlyCost: 1.2,
        status: 'available',
        maintenance: [],
      },
      {
        name: 'X1C',
        model: 'Bambu Lab X1 Carbon',
        bed: rectangleBed(256, 256),
        // Bambu Studio's X1 Carbon profile keeps the front-left corner free (bed_exclude_area
        // 0x0, 18x0, 18x28, 0x28): the printer uses it in its start sequence, so nothing may be
        // placed there. Origin front-left, as in the slicer.
        exclusionZones: [
          [
            { x: 0, y: 0 },
            { x: 18, y: 0 },
            { x: 18, y: 28 },
            { x: 0, y: 28 },
          ],
        ],
        maxHeightMm: 256,
        nozzleMm: 0.4,
        loadedMaterial: 'PLA',
        loadedColor: 'White',
        profileIds: [pla.id],
        connection: { kind: 'virtual' },
        hourlyCost: 1.6,
        status: 'available',
        maintenance: [],
      },
    ];
    for (const p of printers) savePrinter(db, p, ACTOR);

    const anna = saveOperator(db, { name: 'Anna', active: true }, ACTOR);
    const ben = saveOperator(db, { name: 'Ben', active: true }, ACTOR);
    for (let weekday = 1; weekday <= 5; weekday++) {
      // Staggered like the seed's example: one technician starts earlier, lunch breaks differ.
      saveSlot(db, { operatorId: anna.id, weekday, start: '08:00', end: '12:00' }, ACTOR);
      saveSlot(db, { operatorId: anna.id, weekday, start: '12:30', end: '16:00' }, ACTOR);
      saveSlot(db, { operatorId: ben.id, weekday, start: '08:30', end: '12:30' }, ACTOR);
      saveSlot(db, { operatorId: ben.id, weekday, start: '13:00', end: '16:00' }, ACTOR);
    }

    const modelsDir = join(resourcesDir, 'models');
    const modelIds = new Map<string, string>();
    for (const file of readdirSync(modelsDir)
      .filter((f) => f.toLowerCase().endsWith('.stl'))
      .sort()) {
      const bytes = readFileSync(join(modelsDir, file));
      const id = ws.models.put(bytes);
      insertModel(
        db,
        {
          id,
          name: basename(file, '.stl'),
          fileName: file,
          format: 'stl',
          sizeBytes: bytes.length,
          createdAt: now.toISOString(),
          status: 'pending',
          verdict: null,
          facts: null,
        },
        ACTOR,
      );
      modelIds.set(basename(file, '.stl'), id);
    }

    const day = 24 * 3600 * 1000;
    const dueIn = (days: number) => new Date(now.getTime() + days * day).toISOString();
    const line = (name: string, quantity: number, profileId: string | null, material: string) => {
      const modelId = modelIds.get(name);
      if (!modelId) throw new Error(`demo model ${name} missing from ${modelsDir}`);
      return { modelId, quantity, profileId, material, color: '' };
    };
    const orders = [
      {
        reference: 'FL-1001',
        requester: 'Robotics club',
        dueAt: dueIn(2),
        priority: 7,
        lines: [
          line('Extruder-cable-clip', 12, pla.id, 'PLA'),
          line('endstop-block', 4, pla.id, 'PLA'),
        ],
      },
      {
        reference: 'FL-1002',
        requester: 'Workshop',
        dueAt: dueIn(3),
        priority: 5,
        lines: [line('fs-lever', 6, petg.id, 'PETG'), line('y-belt-idler', 4, petg.id, 'PETG')],
      },
      {
        reference: 'FL-1003',
        requester: 'Design studio',
        dueAt: dueIn(5),
        priority: 4,
        lines: [
          line('raspberry_cover', 3, pla.id, 'PLA'),
          line('print-fan-support', 5, pla.id, 'PLA'),
        ],
      },
      {
        reference: 'FL-1004',
        requester: 'Maintenance',
        dueAt: dueIn(8),
        priority: 3,
        lines: [line('y-belt-idler', 8, pla.id, 'PLA')],
      },
    ];
    for (const o of orders) {
      saveOrder(db, { ...o, receivedAt: now.toISOString(), status: 'open', notes: '' }, ACTOR, now);
    }
    ws.setMeta('demo', 'true');
    ws.setMeta('name', 'Demo FabLab');
  })();
}
