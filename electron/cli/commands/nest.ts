import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { type Polygon } from '../../../shared/domain';
import { analyseModel, parseModelFile, quantityFromFileName } from '../../../shared/geometry';
import {
  type FootprintMode,
  nest,
  NestInputError,
  type NestBed,
  type NestPart,
  type NestRequest,
  type NestResult,
  type NestStrategyName,
  NEST_STRATEGIES,
  parseStripInstance,
  renderSvg,
  type RotationSet,
  stripRequest,
  validatePlate,
} from '../../../shared/nesting';
import { type CliCommand, UsageError } from '../command';

const usage = `Usage: plateshift nest <model[:count]…> --bed WxD [options]
       plateshift nest --max-copies <model> --bed WxD [options]
       plateshift nest --strip <instance.json> [options]

Arranges the footprints of STL/3MF/OBJ models on a printer bed and prints the placements,
the parts that did not fit (with the reason) and the density. A count after the file name
(part.stl:5) asks for that many copies; without it, a quantity in the name (bracket_x2.stl)
is used, else 1.

Options:
  --bed WxD              bed size in mm (default 250x210)
  --spacing MM           distance between parts (default 6, like PrusaSlicer's arrange)
  --margin MM            distance kept from the bed edge (default 0)
  --rotations STEP       90 (default), 15, any step in degrees, 0 (none) or free; free is a
                         fixed 5° grid (72 angles), not a continuous angle search
  --footprint KIND       outline (true outline, default) or hull (convex hull)
  --strategy NAME        ${NEST_STRATEGIES.join(', ')} (default plateshift);
                         ffdh and ffdh-ga are seed 003's baselines on bounding rectangles
  --ffdh-border MM       ffdh/ffdh-ga: border drawn around each bounding box (default 2, as
                         in seed 003: parts 4 mm apart, 2 mm from the edge; the spacing wins
                         when larger; default 0 with --strip)
  --time S               improvement budget in seconds (default 10)
  --seed N               random seed (default 1)
  --plates               put everything on as few plates as needed (default: fill one plate)
  --max-copies MODEL     the largest number of copies of MODEL that fit one plate
  --strip FILE           strip packing on an ESICUP instance (jagua-rs JSON): length, density
  --svg FILE             draw the result
  --json                 print the result as JSON
  -h, --help             this text

Exit status: 0 when every part was placed, 3 when some did not fit, 1 on errors, 2 on usage errors.`;

function parseBedSize(text: string): { w: number; d: number } {
  const m = /^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*$/i.exec(text);
  const w = Number(m?.[1]);
  const d = Number(m?.[2]);
  if (!m || !(w > 0 && d > 0))
    throw new UsageError(`--bed expects WIDTHxDEPTH in mm (e.g. 250x210), got “${text}”.`);
  return { w, d };
}

function num(name: string, raw: string | undefined, fallback: number, min = 0): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min)
    throw new UsageError(`${name} expects a number ≥ ${min}, got “${raw}”.`);
  return v;
}

function parseRotations(raw: string | undefined): RotationSet {
  if (raw === undefined) return 90;
  if (raw === 'free') return 'free';
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0 || v > 360) {
    throw new UsageError(
      `--rotations expects a step in degrees (90, 15, 0) or “free”, got “${raw}”.`,
    );
  }
  return v;
}

/** "path[:count]" (a drive letter's colon is not a count). */
function parseModelArg(arg: string): { path: string; count: number | null } {
  const m = /^(.*):(\d+)$/.exec(arg);
  if (m && m[1] && !/^[a-z]$/i.test(m[1])) {
    const count = Number(m[2]);
    if (!(count >= 1 && count <= 10000)) throw new UsageError(`Count must be 1…10000 in “${arg}”.`);
    return { path: m[1], count };
  }
  return { path: arg, count: null };
}

interface Footprint {
  name: string;
  outline: Polygon[];
  hull: Polygon;
}

function readFootprint(path: string): Footprint {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (err) {
    throw new Error(`cannot read “${path}”: ${err instanceof Error ? err.message : String(err)}`);
  }
  const name = basename(path);
  const { facts } = analyseModel(parseModelFile(bytes, name));
  if (!facts.footprintHull || facts.footprintOutline.length === 0) {
    throw new Error(`“${name}” has no footprint (empty or broken mesh).`);
  }
  return { name, outline: facts.footprintOutline, hull: facts.footprintHull };
}

const f1 = (v: number) => v.toFixed(1);

function printResult(res: NestResult, names: Map<string, string>): void {
  const plates = Math.max(1, res.plateCount);
  for (let plate = 0; plate < plates; plate++) {
    const pl = res.placements.filter((p) => p.plate === plate);
    if (res.mode === 'plates')
      console.log(
        `Plate ${plate + 1}: ${pl.length} parts, density ${f1((res.plateDensities[plate] ?? 0) * 100)} %`,
      );
    const w = Math.max(4, ...pl.map((p) => p.id.length));
    for (const p of pl) {
      console.log(
        `  ${p.id.padEnd(w)}  x ${f1(p.x).padStart(7)}  y ${f1(p.y).padStart(7)}  rot ${String(p.rotationDeg).padStart(5)}°${p.fixed ? '  (locked)' : ''}`,
      );
    }
  }
  if (res.unplaced.length > 0) {
    console.log(`Not placed (${res.unplaced.length}):`);
    // Group identical reasons of copies of one model.
    const groups = new Map<string, string[]>();
    for (const u of res.unplaced) {
      const key = `${names.get(u.id) ?? u.id}\u0000${u.reason}`;
      groups.set(key, [...(groups.get(key) ?? []), u.id]);
    }
    for (const [key, ids] of groups) {
      const [name, reason] = key.split('\u0000');
      console.log(`  ${ids.length > 1 ? `${ids.length}× ${name}` : ids[0]}: ${reason}`);
    }
  }
  const dens =
    res.mode === 'strip'
      ? `strip length ${res.stripLength?.toFixed(3)}, density ${f1(res.density * 100)} %`
      : `density ${f1(res.density * 100)} %${res.mode === 'plates' ? ` over ${res.plateCount} plate(s)` : ''}`;
  console.log(
    `${res.placements.length} placed, ${res.unplaced.length} not placed; ${dens}; ${res.strategy}, ${(res.timeMs / 1000).toFixed(2)} s (first answer ${res.firstAnswerMs.toFixed(0)} ms)${res.cancelled ? ', cancelled' : ''}`,
  );
}

export const nestCommand: CliCommand = {
  name: 'nest',
  summary: 'arrange model footprints on a bed (fill a plate, plates, max copies, ESICUP strips)',
  usage,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          bed: { type: 'string' },
          spacing: { type: 'string' },
          margin: { type: 'string' },
          rotations: { type: 'string' },
          footprint: { type: 'string' },
          strategy: { type: 'string' },
          'ffdh-border': { type: 'string' },
          time: { type: 'string' },
          seed: { type: 'string' },
          plates: { type: 'boolean', default: false },
          'max-copies': { type: 'string' },
          strip: { type: 'string' },
          svg: { type: 'string' },
          json: { type: 'boolean', default: false },
        },
      });
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    const o = parsed.values;
    const strategy = (o.strategy ?? 'plateshift') as NestStrategyName;
    if (!NEST_STRATEGIES.includes(strategy)) {
      throw new UsageError(
        `--strategy must be one of ${NEST_STRATEGIES.join(', ')}, got “${o.strategy}”.`,
      );
    }
    const footprintMode = (o.footprint ?? 'outline') as FootprintMode;
    if (footprintMode !== 'outline' && footprintMode !== 'hull') {
      throw new UsageError(`--footprint must be outline or hull, got “${o.footprint}”.`);
    }
    const timeLimitMs = num('--time', o.time, 10) * 1000;
    const seed = num('--seed', o.seed, 1);
    const common = {
      strategy,
      timeLimitMs,
      seed,
      ...(o['ffdh-border'] !== undefined
        ? { ffdhBorderMm: num('--ffdh-border', o['ffdh-border'], 2) }
        : {}),
    };
    const { w, d } = parseBedSize(o.bed ?? '250x210');
    const modes = [
      o.strip !== undefined,
      o['max-copies'] !== undefined,
      parsed.positionals.length > 0,
    ];
    if (modes.filter(Boolean).length !== 1) {
      throw new UsageError(
        'Give model files, or --max-copies MODEL, or --strip INSTANCE (one of them).',
      );
    }
    const onProgress =
      process.stderr.isTTY && !o.json
        ? (p: { phase: string; elapsedMs: number; placed: number; density: number }) => {
            if (p.phase !== 'done')
              process.stderr.write(
                `\r  ${(p.elapsedMs / 1000).toFixed(1)} s: ${p.placed} placed, ${f1(p.density * 100)} %   `,
              );
            else process.stderr.write('\r' + ' '.repeat(60) + '\r');
          }
        : undefined;

    try {
      // ---- strip mode (ESICUP) ----
      if (o.strip !== undefined) {
        let json: unknown;
        try {
          json = JSON.parse(readFileSync(o.strip, 'utf8'));
        } catch (err) {
          throw new Error(
            `cannot read “${o.strip}”: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
        const inst = parseStripInstance(json, basename(o.strip, '.json'));
        const req = stripRequest(inst, common);
        const res = nest(req, onProgress ? { onProgress } : {});
        const L = res.stripLength ?? 0;
        const bed: NestBed = {
          outline: [
            { x: 0, y: 0 },
            { x: L, y: 0 },
            { x: L, y: inst.stripHeight },
            { x: 0, y: inst.stripHeight },
          ],
        };
        const violations = validatePlate(bed, res.placements, req.parts, 0);
        if (o.svg)
          writeFileSync(
            o.svg,
            renderSvg(bed, res, new Map(req.parts.map((p) => [p.id, p.footprint])), {
              title: `${inst.name}: length ${L.toFixed(3)}, density ${f1(res.density * 100)} %`,
            }),
          );
        if (o.json)
          console.log(
            JSON.stringify(
              { instance: inst.name, stripHeight: inst.stripHeight, ...res, violations },
              null,
              2,
            ),
          );
        else {
          console.log(`${inst.name}: ${req.parts.length} parts, strip height ${inst.stripHeight}`);
          console.log(
            `length ${L.toFixed(4)}, density ${(res.density * 100).toFixed(2)} %, ${strategy}, ${(res.timeMs / 1000).toFixed(1)} s${violations.length ? `, ${violations.length} VIOLATIONS` : ', valid'}`,
          );
        }
        return violations.length > 0 ? 1 : 0;
      }

      const bed: NestBed = {
        outline: [
          { x: 0, y: 0 },
          { x: w, y: 0 },
          { x: w, y: d },
          { x: 0, y: d },
        ],
        edgeMarginMm: num('--margin', o.margin, 0),
      };
      const spacingMm = num('--spacing', o.spacing, 6);
      const rotations = parseRotations(o.rotations);
      const base = { bed, spacingMm, rotations, footprintMode, ...common };

      // ---- max copies ----
      if (o['max-copies'] !== undefined) {
        const fp = readFootprint(o['max-copies']);
        const area = Math.abs(fp.outline.reduce((a, r) => a + ringArea(r), 0));
        const n = Math.min(
          2000,
          Math.floor(((w + spacingMm) * (d + spacingMm)) / Math.max(area, 1e-6)) + 1,
        );
        const parts: NestPart[] = Array.from({ length: n }, (_, i) => ({
          id: `${fp.name}#${i + 1}`,
          footprint: fp.outline,
          hull: fp.hull,
        }));
        const req: NestRequest = { ...base, parts, mode: 'fill' };
        const res = nest(req, onProgress ? { onProgress } : {});
        const violations = validatePlate(bed, res.placements, parts, spacingMm);
        if (o.svg)
          writeFileSync(o.svg, renderSvg(bed, res, new Map(parts.map((p) => [p.id, p.footprint]))));
        if (o.json)
          console.log(
            JSON.stringify(
              { model: fp.name, maxCopies: res.placements.length, ...res, violations },
              null,
              2,
            ),
          );
        else
          console.log(
            `${fp.name}: ${res.placements.length} copies fit a ${w}×${d} mm bed at ${spacingMm} mm spacing (density ${f1(res.density * 100)} %, ${(res.timeMs / 1000).toFixed(1)} s)${violations.length ? `; ${violations.length} VIOLATIONS` : ''}`,
          );
        return violations.length > 0 ? 1 : 0;
      }

      // ---- fill / plates ----
      const parts: NestPart[] = [];
      const names = new Map<string, string>();
      for (const arg of parsed.positionals) {
        const { path, count } = parseModelArg(arg);
        const fp = readFootprint(path);
        const n = count ?? quantityFromFileName(fp.name).quantity;
        for (let k = 1; k <= n; k++) {
          const id = n > 1 ? `${fp.name}#${k}` : fp.name;
          if (names.has(id))
            throw new UsageError(`“${fp.name}” is given twice; use ${fp.name}:N for copies.`);
          names.set(id, fp.name);
          parts.push({ id, footprint: fp.outline, hull: fp.hull });
        }
      }
      const req: NestRequest = { ...base, parts, mode: o.plates ? 'plates' : 'fill' };
      const res = nest(req, onProgress ? { onProgress } : {});
      const violations: string[] = [];
      for (let plate = 0; plate < Math.max(1, res.plateCount); plate++) {
        const pl = res.placements.filter((p) => p.plate === plate);
        violations.push(
          ...validatePlate(bed, pl, parts, spacingMm).map(
            (v) => `plate ${plate + 1}: ${v.message}`,
          ),
        );
      }
      if (o.svg)
        writeFileSync(o.svg, renderSvg(bed, res, new Map(parts.map((p) => [p.id, p.footprint]))));
      if (o.json) console.log(JSON.stringify({ ...res, violations }, null, 2));
      else {
        printResult(res, names);
        for (const v of violations) console.log(`VIOLATION ${v}`);
      }
      if (violations.length > 0) return 1;
      return res.unplaced.length > 0 ? 3 : 0;
    } catch (err) {
      // Bad geometry is the input's fault, not a crash: the message names the part.
      if (err instanceof NestInputError) throw new Error(err.message);
      throw err;
    }
  },
};

function ringArea(r: Polygon): number {
  let s = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const a = r[j] as Polygon[number];
    const b = r[i] as Polygon[number];
    s += a.x * b.y - b.x * a.y;
  }
  return s / 2;
}
