import { strToU8, zipSync } from 'fflate';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  box,
  encode3mf,
  encodeAsciiStl,
  encodeBinaryStl,
} from '../../../shared/geometry';
import { expandPaths, expandZip } from './expand';
import { IntakeService, sha256Hex } from './intake-service';

const cube = encodeBinaryStl(box(10, 10, 10));

describe('expandZip', () => {
  it('returns the model entries in memory, skipping folders, hidden files and other files', () => {
    const zip = zipSync({
      'parts/bracket_x2.stl': cube,
      'parts/sub/knob.obj': strToU8('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n'),
      'readme.txt': strToU8('hi'),
      '__MACOSX/parts/._bracket_x2.stl': strToU8('junk'),
      '.hidden.stl': cube,
      'plate.3mf': encode3mf({ objects: [{ mesh: box(5, 5, 5) }], build: [{ object: 0 }] }),
    });
    const items = expandZip(zip, 'order.zip', DEFAULT_LIMITS);
    expect(items.map((i) => i.fileName)).toEqual([
      'order.zip/parts/bracket_x2.stl',
      'order.zip/parts/sub/knob.obj',
      'order.zip/plate.3mf',
    ]);
    expect(items.every((i) => i.ok)).toBe(true);
  });

  it('refuses zip-slip paths, thousands of entries and bombs', () => {
    expect(() =>
      expandZip(zipSync({ '../../etc/evil.stl': cube }), 'slip.zip', DEFAULT_LIMITS),
    ).toThrow(/outside the archive folder/);
    expect(() => expandZip(zipSync({ '/abs/evil.stl': cube }), 'abs.zip', DEFAULT_LIMITS)).toThrow(
      /outside the archive folder/,
    );
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 1500; i++) many[`p${i}.stl`] = cube;
    expect(() => expandZip(zipSync(many), 'many.zip', DEFAULT_LIMITS)).toThrow(/1500 entries/);
    const bomb = zipSync({ 'huge.stl': new Uint8Array(16 * 1024 * 1024) }, { level: 9 });
    expect(() => expandZip(bomb, 'bomb.zip', DEFAULT_LIMITS)).toThrow(/zip bomb/);
  });

  it('reports an entry over the file-size limit without stopping the others', () => {
    const zip = zipSync({ 'big.stl': new Uint8Array(4096).fill(1), 'ok.stl': cube }, { level: 0 });
    const items = expandZip(zip, 'z.zip', { ...DEFAULT_LIMITS, maxFileBytes: 3000 });
    expect(items.map((i) => [i.fileName, i.ok])).toEqual([
      ['z.zip/big.stl', false],
      ['z.zip/ok.stl', true],
    ]);
  });
});

describe('expandPaths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plateshift-intake-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('walks folders and zips and never writes next to them', async () => {
    mkdirSync(join(dir, 'order', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'order', 'a.stl'), cube);
    writeFileSync(join(dir, 'order', 'nested', 'b.STL'), encodeAsciiStl(box(3, 3, 3)));
    writeFileSync(join(dir, 'order', 'notes.txt'), 'x');
    writeFileSync(join(dir, 'order', 'pack.zip'), zipSync({ 'c.stl': cube, '../evil.stl': cube }));
    writeFileSync(join(dir, 'order', 'good.zip'), zipSync({ 'd.stl': cube }));
    const before = readdirSync(join(dir, 'order')).sort();
    const items = await expandPaths([join(dir, 'order')], DEFAULT_LIMITS);
    const names = items.map((i) => i.fileName.slice(i.fileName.indexOf('order')));
    expect(names).toEqual([
      'order/a.stl',
      'order/good.zip/d.stl',
      'order/nested/b.STL',
      'order/pack.zip',
    ]);
    expect(items.map((i) => i.ok)).toEqual([true, true, true, false]);
    const bad = items[3];
    expect(bad && !bad.ok && bad.error.code).toBe('zip-path-escape');
    expect(readdirSync(join(dir, 'order')).sort()).toEqual(before);
  });
});

describe('identity', () => {
  it('hashes bytes with SHA-256', () => {
    expect(sha256Hex(strToU8('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('refuses oversize files before sending them to a worker', async () => {
    const service = new IntakeService({ limits: { maxFileBytes: 100 } });
    try {
      const out = await service.analyse(cube, 'c.stl');
      expect(out).toMatchObject({
        ok: false,
        error: { code: 'file-too-large' },
        verdict: { level: 'error' },
      });
      expect(out.sha256).toBe(sha256Hex(cube));
    } finally {
      await service.close();
    }
  });

  it('expands a dropped zip through the service and passes a .3mf through', () => {
    const service = new IntakeService();
    try {
      const tmf = encode3mf({ objects: [{ mesh: box(5, 5, 5) }], build: [{ object: 0 }] });
      expect(service.expandArchive(tmf, 'plate.3mf')).toHaveLength(1);
      const items = service.expandArchive(zipSync({ 'x.stl': cube, 'y.stl': cube }), 'two.zip');
      expect(items.map((i) => i.fileName)).toEqual(['two.zip/x.stl', 'two.zip/y.stl']);
      expect(service.expandArchive(zipSync({ '../x.stl': cube }), 'evil.zip')).toMatchObject([
        { ok: false, error: { code: 'zip-path-escape' } },
      ]);
    } finally {
      void service.close();
    }
  });
});
