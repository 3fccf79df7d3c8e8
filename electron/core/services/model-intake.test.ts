import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WireResult } from '../../../shared/api';
import { box, encode3mf, encodeAsciiStl, encodeBinaryStl, tShape } from '../../../shared/geometry';
import { EventBus } from '../event-bus';
import { openCore, type Core } from '../index';
import { ChangeBatcher } from './model-intake';

const resources = join(__dirname, '..', '..', '..', 'resources', 'models');
const clip = readFileSync(join(resources, 'fs-lever.stl'));
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

let core: Core;
const ctx = { actor: 'test' };
async function call<T>(channel: string, input: unknown): Promise<T> {
  const r: WireResult = await core.dispatcher.dispatch(channel, input, ctx);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
const counts = async () => {
  const info = await call<{ counts: { models: number; orders: number } }>('workspace.info', {});
  return info.counts;
};

beforeEach(() => {
  core = openCore({
    workspaceDir: mkdtempSync(join(tmpdir(), 'ps-intake-')),
    host: 'browser',
    demo: false,
    log: () => {},
  });
});
afterEach(() => core.close());

interface ImportResult {
  orderId: string | null;
  items: {
    fileName: string;
    ok: boolean;
    modelId?: string;
    created?: boolean;
    quantity?: number;
    error?: { code: string };
  }[];
}

describe('intake through the contract', () => {
  it('turns a dropped STL into a model with facts and an order line, quantity from the name', async () => {
    const r = await call<ImportResult>('intake.import', {
      fileName: 'lever_x3.stl',
      dataBase64: b64(clip),
    });
    expect(r.items).toMatchObject([{ ok: true, created: true, quantity: 3 }]);
    const model = await call<{
      facts: { watertight: boolean; triangles: number } | null;
      name: string;
    }>('models.get', { id: r.items[0]?.modelId });
    expect(model.name).toBe('lever');
    expect(model.facts?.triangles).toBeGreaterThan(0);
    const order = await call<{ lines: { quantity: number; parts: unknown[] }[] }>('orders.get', {
      id: r.orderId,
    });
    expect(order.lines).toMatchObject([{ quantity: 3 }]);
    expect(order.lines[0]?.parts).toHaveLength(3);
  });

  it('stores the same file twice as one model with two lines', async () => {
    const first = await call<ImportResult>('intake.import', {
      fileName: 'a.stl',
      dataBase64: b64(clip),
    });
    const second = await call<ImportResult>('intake.import', {
      fileName: 'renamed.stl',
      dataBase64: b64(clip),
      orderId: first.orderId,
    });
    expect(second.items[0]).toMatchObject({
      ok: true,
      created: false,
      modelId: first.items[0]?.modelId,
    });
    expect(await counts()).toMatchObject({ models: 1, orders: 1 });
    const order = await call<{ lines: unknown[] }>('orders.get', { id: first.orderId });
    expect(order.lines).toHaveLength(2);
  });

  it('rejects a PNG renamed .stl alone, changing nothing', async () => {
    const png = new Uint8Array([
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      ...new Array(200).fill(0),
    ]);
    const r = await call<ImportResult>('intake.import', {
      fileName: 'photo.stl',
      dataBase64: b64(png),
    });
    expect(r.items).toHaveLength(1);
    expect(r.items[0]?.ok).toBe(false);
    expect(r.items[0]?.error?.code).toBeTruthy();
    expect(r.orderId).toBeNull();
    expect(await counts()).toMatchObject({ models: 0, orders: 0 });
  });

  it('expands a zip and keeps the good files when one is broken', async () => {
    const zip = zipSync({
      'parts/lever_x2.stl': new Uint8Array(clip),
      'parts/broken.stl': new TextEncoder().encode('solid x\n facet garbage\nendsolid'),
      'readme.txt': new TextEncoder().encode('not a model'),
    });
    const r = await call<ImportResult>('intake.import', {
      fileName: 'batch.zip',
      dataBase64: b64(zip),
    });
    const byName = Object.fromEntries(r.items.map((i) => [i.fileName.split('/').pop(), i]));
    expect(byName['lever_x2.stl']).toMatchObject({ ok: true, quantity: 2 });
    expect(byName['broken.stl']).toMatchObject({ ok: false });
    expect(byName['readme.txt']).toBeUndefined();
    expect(await counts()).toMatchObject({ models: 1, orders: 1 });
  });
});

/** Every file under `dir`, relative, with its size (the model store, temp files, strays). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(`${relative(dir, p)}:${statSync(p).size}`);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * What "nothing else in the workspace changed" means, read behind the core's back: the rows
 * of every table a drop could touch, the audit log's length, and every file of the workspace
 * folder except the database's own (whose pages move on any read transaction).
 */
function workspaceSnapshot(dir: string) {
  const db = new Database(join(dir, 'workspace.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = (sql: string) => db.prepare(sql).all();
    return {
      models: rows('SELECT id, name, status, unit_scale, verdict, facts FROM models ORDER BY id'),
      orders: rows('SELECT * FROM orders ORDER BY id'),
      orderLines: rows('SELECT * FROM order_lines ORDER BY id'),
      parts: rows('SELECT * FROM parts ORDER BY id'),
      events: (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n,
      files: filesUnder(dir).filter((f) => !/^workspace\.sqlite(-wal|-shm|-journal)?:/.test(f)),
    };
  } finally {
    db.close();
  }
}

const cube = encodeBinaryStl(box(20, 20, 20));
const withFloat = (bytes: Uint8Array, at: number, value: number) => {
  const copy = bytes.slice();
  new DataView(copy.buffer).setFloat32(at, value, true);
  return copy;
};
/** Vertex 2 (y) of triangle 4 of the cube. */
const VERTEX_AT = 84 + 50 * 3 + 12 + 4 * 4;
const solidHeader = (bytes: Uint8Array) => {
  const copy = bytes.slice();
  copy.set(strToU8('solid exported-by-cad'.padEnd(80, ' ')), 0);
  return copy;
};

/** The bad inputs of issue 3, each with the code and the message a technician reads. */
const BAD_INPUTS: { name: string; file: string; bytes: Uint8Array; code: string; says: RegExp }[] =
  [
    {
      name: 'truncated binary STL',
      file: 'truncated.stl',
      bytes: cube.slice(0, 84 + 50 * 5 + 17),
      code: 'stl-truncated',
      says: /cut short: it ends in the middle of triangle 6 of 12/,
    },
    {
      name: 'declared triangle count larger than the file',
      file: 'overcount.stl',
      bytes: (() => {
        const b = cube.slice();
        new DataView(b.buffer).setUint32(80, 40, true);
        return b;
      })(),
      code: 'stl-count-mismatch',
      says: /header promises 40 triangles but the file holds only 12/,
    },
    {
      name: 'zero triangles',
      file: 'zero.stl',
      bytes: cube.slice(0, 84).fill(0, 80),
      code: 'no-triangles',
      says: /contains no triangles: there is nothing to print/,
    },
    {
      name: 'NaN coordinate',
      file: 'nan.stl',
      bytes: withFloat(cube, VERTEX_AT, NaN),
      code: 'non-finite-coordinates',
      says: /Triangle 4 has a coordinate that is NaN \(not a number\)/,
    },
    {
      name: 'infinite coordinate',
      file: 'inf.stl',
      bytes: withFloat(cube, VERTEX_AT, -Infinity),
      code: 'non-finite-coordinates',
      says: /Triangle 4 has an infinite coordinate \(−∞\)/,
    },
    {
      name: 'ASCII STL with garbage lines',
      file: 'garbage.stl',
      bytes: (() => {
        const lines = new TextDecoder().decode(encodeAsciiStl(box(20, 20, 20))).split('\n');
        lines.splice(9, 0, 'Exported by ACME 3.1 -- licence expired');
        return strToU8(lines.join('\n'));
      })(),
      code: 'stl-ascii-syntax',
      says: /ASCII STL line 10: expected .*found “Exported”/,
    },
    {
      // A binary STL whose header says "solid" is read by its size, so a damaged one is
      // reported as a damaged binary file, never as an ASCII syntax error on line 1.
      name: 'binary file with a “solid” header, cut short',
      file: 'solid-header.stl',
      bytes: solidHeader(cube).slice(0, 84 + 50 * 7 + 3),
      code: 'stl-truncated',
      says: /cut short: it ends in the middle of triangle 8 of 12/,
    },
    {
      name: '3MF whose model XML is malformed',
      file: 'broken.3mf',
      bytes: encode3mf(
        { objects: [{ mesh: box(10, 10, 10) }], build: [{ object: 0 }] },
        '<?xml version="1.0"?><model unit="millimeter"><resources><object id="1"><mesh><vertices><vertex x="0" y="0" z="0"></vertices>',
      ),
      code: '3mf-xml',
      says: /3MF/,
    },
    {
      name: 'zip bomb',
      file: 'bomb.zip',
      bytes: zipSync({ 'huge.stl': new Uint8Array(16 * 1024 * 1024) }, { level: 9 }),
      code: 'zip-bomb',
      says: /zip bomb/,
    },
    {
      // A good part next to the hostile entry: the whole archive is refused, nothing is kept.
      name: 'zip-slip path',
      file: 'slip.zip',
      bytes: zipSync({ 'good.stl': cube, '../../evil-slip.stl': cube }),
      code: 'zip-path-escape',
      says: /evil-slip\.stl/,
    },
    {
      name: 'empty file',
      file: 'empty.stl',
      bytes: new Uint8Array(0),
      code: 'empty-file',
      says: /empty \(0 bytes\)/,
    },
    {
      name: 'PNG renamed .stl',
      file: 'photo.stl',
      bytes: new Uint8Array([
        0x89,
        0x50,
        0x4e,
        0x47,
        0x0d,
        0x0a,
        0x1a,
        0x0a,
        ...new Array(200).fill(7),
      ]),
      code: 'wrong-content',
      says: /“photo\.stl” is a PNG image, not a 3D model \(despite the \.stl name\)/,
    },
  ];

describe('bad input through intake.import changes nothing', () => {
  // One workspace with a model and an order already in it: a refused file must leave them be.
  let before: ReturnType<typeof workspaceSnapshot>;
  let orderId: string | null;
  beforeEach(async () => {
    const r = await call<ImportResult>('intake.import', {
      fileName: 'lever.stl',
      dataBase64: b64(clip),
    });
    orderId = r.orderId;
    before = workspaceSnapshot(core.workspaceDir);
    expect(before.models).toHaveLength(1);
    expect(before.events).toBeGreaterThan(0);
  });

  it.each(BAD_INPUTS)('$name: its own error, the workspace as it was', async (bad) => {
    for (const target of [undefined, orderId]) {
      const r = await call<ImportResult & { items: { error?: { message: string } }[] }>(
        'intake.import',
        { fileName: bad.file, dataBase64: b64(bad.bytes), ...(target ? { orderId: target } : {}) },
      );
      expect(r.items, bad.name).toHaveLength(1);
      expect(r.items[0]).toMatchObject({ ok: false, error: { code: bad.code } });
      expect(r.items[0]?.error?.message).toMatch(bad.says);
      expect(r.items[0]?.modelId).toBeUndefined();
      expect(r.orderId).toBe(target ?? null);
      expect(workspaceSnapshot(core.workspaceDir)).toEqual(before);
    }
    // Nothing written next to the workspace either (where a slipped "../../x" would land).
    const outside = dirname(core.workspaceDir);
    expect(existsSync(join(outside, 'evil-slip.stl'))).toBe(false);
    expect(existsSync(join(dirname(outside), 'evil-slip.stl'))).toBe(false);
  });

  it('gives every listed input its own message (NaN and infinity told apart)', async () => {
    const messages = new Set<string>();
    for (const bad of BAD_INPUTS) {
      const r = await call<{ items: { error?: { message: string } }[] }>('intake.import', {
        fileName: bad.file,
        dataBase64: b64(bad.bytes),
      });
      messages.add(r.items[0]?.error?.message ?? '');
    }
    expect(messages.size).toBe(BAD_INPUTS.length);
  });

  it('reads a sound binary STL whose header starts with “solid” as binary', async () => {
    const r = await call<ImportResult>('intake.import', {
      fileName: 'solid-header-ok.stl',
      dataBase64: b64(solidHeader(cube)),
    });
    const model = await call<{ facts: { triangles: number; volumeMm3: number } }>('models.get', {
      id: r.items[0]?.modelId,
    });
    expect(model.facts).toMatchObject({ triangles: 12, volumeMm3: 8000 });
  });

  it('accepts an ASCII STL with a NaN facet normal (normals are recomputed)', async () => {
    const text = new TextDecoder()
      .decode(encodeAsciiStl(box(20, 20, 20)))
      .replace(/facet normal [^\n]*/, 'facet normal nan nan nan');
    const r = await call<ImportResult>('intake.import', {
      fileName: 'nan-normal.stl',
      dataBase64: b64(strToU8(text)),
    });
    expect(r.items[0]).toMatchObject({ ok: true, created: true });
  });
});

describe('idempotent intake across a restart', () => {
  it('re-importing the same bytes after the core is reopened adds a line, not a model', async () => {
    const first = await call<ImportResult>('intake.import', {
      fileName: 'lever.stl',
      dataBase64: b64(clip),
    });
    const dir = core.workspaceDir;
    core.close();
    core = openCore({ workspaceDir: dir, host: 'browser', demo: false, log: () => {} });
    const second = await call<ImportResult>('intake.import', {
      fileName: 'lever-again.stl',
      dataBase64: b64(clip),
      orderId: first.orderId,
    });
    expect(second.items[0]).toMatchObject({
      ok: true,
      created: false,
      modelId: first.items[0]?.modelId,
    });
    expect(await counts()).toMatchObject({ models: 1, orders: 1 });
    const order = await call<{ lines: unknown[] }>('orders.get', { id: first.orderId });
    expect(order.lines).toHaveLength(2);
  });
});

describe('the site’s overhang angle', () => {
  it('is the angle intake judges overhangs by (SiteSettings.overhangAngleDeg, default 45)', async () => {
    const tee = b64(encodeBinaryStl(tShape(10, 8, 20, 30, 5)));
    const settings = await call<{ overhangAngleDeg: number }>('settings.get', {});
    expect(settings.overhangAngleDeg).toBe(45);
    const first = await call<ImportResult>('intake.import', {
      fileName: 'tee.stl',
      dataBase64: tee,
    });
    const before = await call<{ verdict: { reasons: { code: string; message: string }[] } }>(
      'models.get',
      { id: first.items[0]?.modelId },
    );
    expect(before.verdict.reasons.find((r) => r.code === 'supports-likely')?.message).toMatch(
      /steeper than 45°/,
    );
    await call('settings.update', { overhangAngleDeg: 60 });
    // The same geometry in other bytes (a new model) is judged by the new angle.
    const again = await call<ImportResult>('intake.import', {
      fileName: 'tee-ascii.stl',
      dataBase64: b64(encodeAsciiStl(tShape(10, 8, 20, 30, 5))),
    });
    const after = await call<{ verdict: { reasons: { code: string; message: string }[] } }>(
      'models.get',
      { id: again.items[0]?.modelId },
    );
    expect(after.verdict.reasons.find((r) => r.code === 'supports-likely')?.message).toMatch(
      /steeper than 60°/,
    );
    // Vertical faces are walls, not overhangs: 90° and beyond is refused by the contract.
    const vertical = await core.dispatcher.dispatch(
      'settings.update',
      { overhangAngleDeg: 90 },
      ctx,
    );
    expect(vertical.ok).toBe(false);
  });
});

describe('lay flat', () => {
  interface Stored {
    id: string;
    name: string;
    fileName: string;
    verdict: { reasons: { code: string; message: string }[] };
    facts: { heightMm: number; volumeMm3: number; footprintAreaMm2: number };
  }

  it('turns a part standing on end onto its largest face, as a new model the line now uses', async () => {
    // 10 × 20 × 60 mm standing on its 10 × 20 end.
    const r = await call<ImportResult>('intake.import', {
      fileName: 'post.stl',
      dataBase64: b64(encodeBinaryStl(box(10, 20, 60))),
    });
    const id = r.items[0]?.modelId as string;
    const original = await call<Stored>('models.get', { id });
    expect(original.verdict.reasons.map((x) => x.code)).toContain('orientation');
    expect(original.facts.heightMm).toBeCloseTo(60, 4);

    const out = await call<{
      model: Stored;
      fromModelId: string;
      contactBeforeMm2: number;
      contactAfterMm2: number;
      orderLinesSwitched: string[];
      orderLinesKept: string[];
    }>('models.layFlat', { id });
    expect(out.fromModelId).toBe(id);
    expect(out.model.id).not.toBe(id);
    expect(out.model.name).toBe('post (laid flat)');
    expect(out.model.fileName).toBe('post (laid flat).stl');
    expect(out.model.facts.heightMm).toBeCloseTo(10, 3);
    expect(out.model.facts.volumeMm3).toBeCloseTo(12000, 1);
    expect(out.model.facts.footprintAreaMm2).toBeCloseTo(1200, 1);
    expect(out.contactBeforeMm2).toBeCloseTo(200, 1);
    expect(out.contactAfterMm2).toBeCloseTo(1200, 1);
    expect(out.model.verdict.reasons.map((x) => x.code)).toContain('laid-flat');
    expect(out.model.verdict.reasons.map((x) => x.code)).not.toContain('orientation');

    const order = await call<{ lines: { id: string; modelId: string }[] }>('orders.get', {
      id: r.orderId,
    });
    expect(order.lines.map((l) => l.modelId)).toEqual([out.model.id]);
    expect(out.orderLinesSwitched).toEqual([order.lines[0]?.id]);
    // The original stays, unchanged; the turn is in the audit log.
    expect((await call<Stored>('models.get', { id })).facts.heightMm).toBeCloseTo(60, 4);
    const events = await call<{ action: string; entityId: string }[]>('events.list', {});
    expect(events.some((e) => e.action === 'model.layFlat' && e.entityId === out.model.id)).toBe(
      true,
    );
  });

  it('refuses, changing nothing, when the part already lies on its largest face', async () => {
    const r = await call<ImportResult>('intake.import', {
      fileName: 'slab.stl',
      dataBase64: b64(encodeBinaryStl(box(60, 20, 10))),
    });
    const before = workspaceSnapshot(core.workspaceDir);
    const res = await core.dispatcher.dispatch('models.layFlat', { id: r.items[0]?.modelId }, ctx);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('validation');
      expect(res.error.message).toMatch(/already lies on its largest flat face/);
    }
    expect(workspaceSnapshot(core.workspaceDir)).toEqual(before);
  });
});

describe('the inch fix', () => {
  it('scales a model ×25.4 and analyses it again', async () => {
    const r = await call<ImportResult>('intake.import', {
      fileName: 'lever.stl',
      dataBase64: b64(clip),
    });
    const id = r.items[0]?.modelId;
    const before = await call<{ facts: { heightMm: number } }>('models.get', { id });
    const after = await call<{ unitScale: number; facts: { heightMm: number } }>('models.rescale', {
      id,
      scale: 25.4,
    });
    expect(after.unitScale).toBe(25.4);
    expect(after.facts.heightMm).toBeCloseTo(before.facts.heightMm * 25.4, 1);
  });
});

describe('change events of a burst of imports', () => {
  afterEach(() => vi.useRealTimers());

  function watch() {
    const bus = new EventBus();
    const seen: { entity: string; ids: string[] }[] = [];
    bus.subscribe((event, payload) => {
      if (event === 'changed') seen.push(payload as { entity: string; ids: string[] });
    });
    return { bus, seen };
  }

  it('sends the first change at once and the rest of a burst together, ids merged', async () => {
    vi.useFakeTimers();
    let now = 0;
    const { bus, seen } = watch();
    const batcher = new ChangeBatcher(bus, 1000, () => now);
    batcher.add('models', ['a']);
    batcher.add('orders', ['o1']);
    // At the end of this turn: the models and the order of one import, together.
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual([
      { entity: 'models', ids: ['a'] },
      { entity: 'orders', ids: ['o1'] },
    ]);
    now = 300;
    batcher.add('models', ['b']);
    now = 600;
    batcher.add('models', ['c', 'b', '']);
    batcher.add('orders', ['o1']);
    await Promise.resolve();
    expect(seen).toHaveLength(2);
    now = 1000;
    vi.advanceTimersByTime(1000);
    expect(seen.slice(2)).toEqual([
      { entity: 'models', ids: ['b', 'c'] },
      { entity: 'orders', ids: ['o1'] },
    ]);
    // Quiet for a while: the next change goes out at once again.
    now = 5000;
    batcher.add('orders', ['o2']);
    await Promise.resolve();
    expect(seen.at(-1)).toEqual({ entity: 'orders', ids: ['o2'] });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never drops a pending change: close() sends it', async () => {
    vi.useFakeTimers();
    let now = 0;
    const { bus, seen } = watch();
    const batcher = new ChangeBatcher(bus, 1000, () => now);
    batcher.add('models', ['a']);
    await Promise.resolve();
    now = 10;
    batcher.add('models', ['b']);
    batcher.close();
    expect(seen).toEqual([
      { entity: 'models', ids: ['a'] },
      { entity: 'models', ids: ['b'] },
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('tells the views after an import through the contract', async () => {
    const seen: string[] = [];
    core.bus.subscribe((event, payload) => {
      if (event === 'changed') seen.push((payload as { entity: string }).entity);
    });
    await call<ImportResult>('intake.import', { fileName: 'a.stl', dataBase64: b64(clip) });
    core.close();
    expect(seen).toContain('models');
    expect(seen).toContain('orders');
  });
});
