import { parseArgs } from 'node:util';
import { rectangleBed, SiteSettings } from '../../../shared/domain';
import { limitsFromSettings, type PrinterEnvelope } from '../../../shared/geometry';
import { IntakeService, type IntakeOutcome } from '../../core/intake';
import { type CliCommand, UsageError } from '../command';
import { repairInto, repairLines, type RepairRow } from './inspect-repair';

const usage = `Usage: plateshift inspect <files or folders…> [options]

Runs the same intake as the app on STL, 3MF and OBJ files (folders are searched, zips are
read in memory) and prints one row per file: verdict, triangles, watertight, volume, size,
footprint area and printer fit, with the reasons below each row.

Options:
  --printer-bed WxDxH   a printer's bed width × depth × max height in mm (repeatable),
                        e.g. --printer-bed 250x210x210 --printer-bed 180x180x180
  --overhang DEG        overhang angle from vertical (default ${SiteSettings.parse({}).overhangAngleDeg})
  --max-triangles N     refuse models with more triangles (default ${SiteSettings.parse({}).maxTriangles})
  --max-file-mb N       refuse larger files (default ${SiteSettings.parse({}).maxFileSizeMb})
  --json                one JSON object per line instead of the table
  --repair DIR          write a repaired copy "<name> (repaired).stl" into DIR for each file
                        with small mesh defects (holes, cracks, flipped faces…), checked by
                        manifold-3d; files it cannot repair are listed with the reason
  -h, --help            this text

Exit status: 0 all files ok or warnings, 1 when any file is an error, 2 on usage errors.`;

interface Bed {
  w: number;
  d: number;
  h: number;
  label: string;
}

export function parseBed(text: string): Bed {
  const m = /^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*$/i.exec(text);
  if (!m)
    throw new UsageError(
      `--printer-bed expects WIDTHxDEPTHxHEIGHT in mm (e.g. 250x210x210), got “${text}”.`,
    );
  const [w, d, h] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!(w > 0 && d > 0 && h > 0))
    throw new UsageError(`--printer-bed sizes must be positive, got “${text}”.`);
  return { w, d, h, label: `${w}x${d}x${h}` };
}

function positiveNumber(
  name: string,
  raw: string | undefined,
  fallback: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0 || v > max)
    throw new UsageError(`${name} expects a number between 0 and ${max}, got “${raw}”.`);
  return v;
}

function fmt(v: number, digits = 1): string {
  return v.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function jsonRow(o: IntakeOutcome, printers: PrinterEnvelope[]): Record<string, unknown> {
  if (!o.ok) {
    return {
      file: o.fileName,
      ok: false,
      sha256: o.sha256,
      verdict: o.verdict.level,
      reasons: o.verdict.reasons,
      error: o.error,
    };
  }
  const f = o.facts;
  return {
    file: o.fileName,
    ok: true,
    sha256: o.sha256,
    name: o.name,
    quantity: o.quantity,
    format: o.format,
    verdict: o.verdict.level,
    reasons: o.verdict.reasons,
    triangles: f.triangles,
    watertight: f.watertight,
    holes: f.holes,
    shells: f.shells,
    volumeMm3: round(f.volumeMm3, 3),
    areaMm2: round(f.areaMm2, 3),
    bbox: f.bbox,
    sizeMm: {
      x: round(f.bbox.max.x - f.bbox.min.x, 4),
      y: round(f.bbox.max.y - f.bbox.min.y, 4),
      z: round(f.heightMm, 4),
    },
    footprintAreaMm2: round(f.footprintAreaMm2, 2),
    overhangAreaMm2: round(f.overhangAreaMm2, 2),
    supportsLikely: f.supportsLikely,
    fit: f.fits.map((fit) => ({
      printer: printers.find((p) => p.id === fit.printerId)?.name ?? fit.printerId,
      rotations: fit.rotations,
    })),
    elapsedMs: o.elapsedMs,
  };
}

function round(v: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
}

function tableRows(outcomes: IntakeOutcome[], printers: PrinterEnvelope[]): string[] {
  const header = [
    'VERDICT',
    'FILE',
    'TRIANGLES',
    'WATERTIGHT',
    'VOLUME cm³',
    'SIZE mm',
    'FOOTPRINT cm²',
    'FIT',
  ];
  const rows: string[][] = [];
  const reasons: string[][] = [];
  for (const o of outcomes) {
    if (!o.ok) {
      rows.push(['error', o.fileName, '-', '-', '-', '-', '-', '-']);
    } else {
      const f = o.facts;
      const fit =
        printers.length === 0
          ? '-'
          : f.fits.length === 0
            ? 'none'
            : f.fits
                .map(
                  (x) =>
                    `${printers.find((p) => p.id === x.printerId)?.name ?? x.printerId} (${x.rotations.join('/')})`,
                )
                .join(', ');
      rows.push([
        o.verdict.level,
        o.fileName,
        f.triangles.toLocaleString('en-US'),
        f.watertight ? 'yes' : `no (${f.holes} holes)`,
        fmt(f.volumeMm3 / 1000, 2),
        `${fmt(f.bbox.max.x - f.bbox.min.x)} × ${fmt(f.bbox.max.y - f.bbox.min.y)} × ${fmt(f.heightMm)}`,
        fmt(f.footprintAreaMm2 / 100, 2),
        fit,
      ]);
    }
    reasons.push(o.verdict.reasons.map((r) => `    ${r.level.padEnd(7)} ${r.code}: ${r.message}`));
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(header)];
  rows.forEach((r, i) => {
    out.push(line(r));
    out.push(...(reasons[i] ?? []));
  });
  return out;
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'Validate STL/3MF/OBJ files: verdict, watertightness, volume, footprint, printer fit',
  usage,
  async run(argv: string[]): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          'printer-bed': { type: 'string', multiple: true },
          overhang: { type: 'string' },
          json: { type: 'boolean', default: false },
          'max-triangles': { type: 'string' },
          'max-file-mb': { type: 'string' },
          repair: { type: 'string' },
        },
      });
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    const { values, positionals } = parsed;
    if (positionals.length === 0)
      throw new UsageError('give at least one file or folder to inspect.');
    const defaults = SiteSettings.parse({});
    const overhangAngleDeg = positiveNumber(
      '--overhang',
      values.overhang,
      defaults.overhangAngleDeg,
      89,
    );
    const maxTriangles = positiveNumber(
      '--max-triangles',
      values['max-triangles'],
      defaults.maxTriangles,
      50_000_000,
    );
    const maxFileSizeMb = positiveNumber(
      '--max-file-mb',
      values['max-file-mb'],
      defaults.maxFileSizeMb,
      2048,
    );
    const printers: PrinterEnvelope[] = (values['printer-bed'] ?? []).map((text, i) => {
      const bed = parseBed(text);
      return {
        id: `bed-${i + 1}`,
        name: bed.label,
        bed: rectangleBed(bed.w, bed.d),
        maxHeightMm: bed.h,
      };
    });
    const limits = limitsFromSettings({ maxFileSizeMb, maxTriangles: Math.floor(maxTriangles) });
    const service = new IntakeService({ limits, printers });
    try {
      const items = await service.expandPaths(positionals);
      if (items.length === 0) {
        console.error('plateshift inspect: no STL, 3MF, OBJ or zip files found.');
        return 1;
      }
      const outcomes = await service.analyseAll(items, { options: { overhangAngleDeg } });
      const repairs: RepairRow[] | null = values.repair
        ? await repairInto(values.repair, items, outcomes, limits)
        : null;
      if (values.json) {
        for (const o of outcomes) {
          const repair = repairs?.find((r) => r.file === o.fileName);
          console.log(JSON.stringify({ ...jsonRow(o, printers), ...(repair ? { repair } : {}) }));
        }
      } else {
        console.log(tableRows(outcomes, printers).join('\n'));
        const counts = { ok: 0, warning: 0, error: 0 };
        for (const o of outcomes) counts[o.verdict.level]++;
        console.log(
          `\n${outcomes.length} ${outcomes.length === 1 ? 'file' : 'files'}: ${counts.ok} ok, ${counts.warning} ${counts.warning === 1 ? 'warning' : 'warnings'}, ${counts.error} ${counts.error === 1 ? 'error' : 'errors'}.`,
        );
        if (repairs) console.log(repairLines(repairs).join('\n'));
      }
      return outcomes.some((o) => o.verdict.level === 'error') ? 1 : 0;
    } finally {
      await service.close();
    }
  },
};
