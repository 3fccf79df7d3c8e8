/** results.json holds one section per bench; results.md is regenerated from all of them. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import os from 'node:os';

export const benchDir = resolve(__dirname, '..', '..', 'bench', 'nesting');
export const repoRoot = resolve(__dirname, '..', '..');
export const sharedDir = resolve(repoRoot, '..', 'shared');

export interface PrusaRow {
  part: string;
  widthMm: number;
  depthMm: number;
  prusa: number;
  prusaCalls: number;
  ours: number;
  oursHull0: number | null;
  oursMs: number;
}

/** Which engine produced a section: the commit, whether the engine differs from it, and a hash
 * of the engine sources actually run (so a dirty run can still be matched to a later commit). */
export interface EngineInfo {
  commit: string;
  /** shared/nesting or bench/nesting differ from `commit` (uncommitted changes). */
  dirty: boolean;
  /** sha256 of shared/nesting/*.ts (tests excluded), sorted by name, as run. */
  sourceSha256: string;
}

export interface PrusaSection {
  date: string;
  machine: string;
  engine?: EngineInfo;
  timePerPartMs: number;
  spacingMm: number;
  bed: string;
  prusaVersion: string;
  rows: PrusaRow[];
  mixed: { order: string[]; prusa: number; ours: number; oursMs: number; seed: number } | null;
}

/** What one budget of an anytime run used and got. */
export interface EsicupBudget {
  /** CPU time of the run when the snapshot was taken (ms; ≥ the budget by one poll). */
  cpuMs: number;
  /** Pose evaluations done by then. */
  work: number;
  /** CPU time at which the layout held at this budget was found (ms). */
  foundAtMs: number;
}

export interface EsicupRow {
  instance: string;
  parts: number;
  best: number;
  ffdh: number;
  ffdhGa: number;
  ffdhCpuMs?: number;
  ffdhGaCpuMs?: number;
  /** density (%) per time budget label, e.g. "10s". */
  ours: Record<string, number>;
  lengths: Record<string, number>;
  /** Per budget label: CPU time and work spent (one anytime run, snapshotted at each budget). */
  spent?: Record<string, EsicupBudget>;
  /** The whole run (to the largest budget). */
  runCpuMs?: number;
  runWork?: number;
}

export interface EsicupSection {
  date: string;
  machine: string;
  engine?: EngineInfo;
  /** 'anytime': one run per instance to the largest budget, best-so-far at each budget. */
  protocol?: 'anytime' | 'separate';
  /** ffdh / ffdh-ga border (instance units) and the strip-mode sparrow patience cap used. */
  ffdhBorder?: number;
  sepScaleMax?: number;
  budgetsMs: number[];
  seed: number;
  rows: EsicupRow[];
}

export interface SpeedSection {
  date: string;
  machine: string;
  runs: {
    seed: number;
    firstAnswerMs: number;
    cpuMs?: number;
    placed: number;
    density: number;
    violations: number;
  }[];
}

export interface Results {
  prusa?: PrusaSection;
  esicup?: EsicupSection;
  speed?: SpeedSection;
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'cpu'} ×${cpus.length}, Node ${process.version}, load ${os.loadavg()[0]?.toFixed(1)}`;
}

function git(args: string[], dir: string): string | null {
  try {
    return execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

/**
 * The engine's provenance. A private copy of the repo (no .git) names its origin checkout in
 * BENCH_GIT_DIR; the source hash is always of the files actually run.
 */
export function engineInfo(): EngineInfo {
  const src = join(repoRoot, 'shared', 'nesting');
  const h = createHash('sha256');
  for (const f of readdirSync(src)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort()) {
    h.update(f);
    h.update(readFileSync(join(src, f)));
  }
  const dirs = [repoRoot, process.env.BENCH_GIT_DIR].filter((d): d is string => !!d);
  for (const dir of dirs) {
    const commit = git(['rev-parse', 'HEAD'], dir);
    if (!commit) continue;
    const status = git(['status', '--porcelain', '--', 'shared/nesting', 'bench/nesting/*.ts'], dir);
    return { commit, dirty: status === null || status.length > 0, sourceSha256: h.digest('hex') };
  }
  return { commit: 'unknown', dirty: true, sourceSha256: h.digest('hex') };
}

const provenance = (e: EngineInfo | undefined): string =>
  e
    ? ` Engine: commit \`${e.commit.slice(0, 10)}\`${e.dirty ? ' + uncommitted changes' : ''}, shared/nesting sha256 \`${e.sourceSha256.slice(0, 12)}\`.`
    : '';

export function loadResults(): Results {
  const p = join(benchDir, 'results.json');
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Results) : {};
}

export function saveSection<K extends keyof Results>(key: K, value: Results[K]): void {
  const all = loadResults();
  all[key] = value;
  writeFileSync(join(benchDir, 'results.json'), JSON.stringify(all, null, 2) + '\n');
  writeFileSync(join(benchDir, 'results.md'), renderMarkdown(all));
}

const pct = (v: number) => v.toFixed(1);

export function renderMarkdown(r: Results): string {
  const out: string[] = ['# Nesting benchmarks', '', 'Generated by the scripts in this folder (see README.md). Do not edit by hand.', ''];
  if (r.prusa) {
    const s = r.prusa;
    const sumP = s.rows.reduce((a, x) => a + x.prusa, 0);
    const sumO = s.rows.reduce((a, x) => a + x.ours, 0);
    const wins = s.rows.filter((x) => x.ours > x.prusa).length;
    const ties = s.rows.filter((x) => x.ours === x.prusa).length;
    const losses = s.rows.filter((x) => x.ours < x.prusa).length;
    out.push(
      '## Copies per plate vs PrusaSlicer arrange',
      '',
      `${s.bed} bed, ${s.spacingMm} mm spacing. ${s.prusaVersion} (Debian build): largest N for which` +
        ' `--merge --duplicate N --duplicate-distance 6` produces an arrangement that fits the bed (binary search, then' +
        ' the next three N probed as well). Ours: `plateshift` strategy, true outline, 90° rotations, edge margin 0, ' +
        `${s.timePerPartMs / 1000} s CPU per part. Measured ${s.date} on ${s.machine}.${provenance(s.engine)}`,
      '',
      `**Total: ours ${sumO} copies vs PrusaSlicer ${sumP} (${sumP > 0 ? ((sumO / sumP - 1) * 100).toFixed(1) : '∞'} % more); ` +
        `ours ahead on ${wins} parts, equal on ${ties}, behind on ${losses}.**`,
      '',
      `Target (issue 4: ours ≥ PrusaSlicer on every part and ≥ 10 % more copies in total): **${losses === 0 && sumO >= 1.1 * sumP ? 'met' : 'missed'}**.`,
      '',
      '| part | size (mm) | PrusaSlicer | ours | ours (hull, no rotation) | Δ |',
      '|---|---|---:|---:|---:|---:|',
    );
    for (const x of s.rows) {
      out.push(
        `| ${x.part} | ${x.widthMm.toFixed(0)}×${x.depthMm.toFixed(0)} | ${x.prusa} | ${x.ours} | ${x.oursHull0 ?? '–'} | ${x.ours - x.prusa >= 0 ? '+' : ''}${x.ours - x.prusa} |`,
      );
    }
    out.push(`| **total** | | **${sumP}** | **${sumO}** | ${s.rows.every((x) => x.oursHull0 !== null) ? s.rows.reduce((a, x) => a + (x.oursHull0 ?? 0), 0) : '–'} | **${sumO - sumP >= 0 ? '+' : ''}${sumO - sumP}** |`, '');
    if (s.mixed) {
      out.push(
        '### Mixed plate',
        '',
        `The 45 parts in a fixed random order (seed ${s.mixed.seed}); how many of the first k fit on one plate.`,
        '',
        `| PrusaSlicer | ours |`,
        `|---:|---:|`,
        `| ${s.mixed.prusa} | ${s.mixed.ours} |`,
        '',
        `Order: ${s.mixed.order.join(', ')}`,
        '',
      );
    }
  }
  if (r.esicup) {
    const s = r.esicup;
    const labels = s.budgetsMs.map((b) => `${b / 1000}s`);
    const last = labels[labels.length - 1] as string;
    const anytime = s.protocol === 'anytime';
    out.push(
      '## ESICUP strip packing',
      '',
      `Density (%) = Σ part area / (strip length × strip height). Seed ${s.seed}, single thread, budgets in CPU seconds,` +
        ` measured ${s.date} on ${s.machine}.${provenance(s.engine)} Best published: sparrow (Gardeyn & Wauters 2025) records.`,
      '',
      anytime
        ? `One run per instance to ${last}; the ${labels.slice(0, -1).join(', ')} column${labels.length > 2 ? 's are' : ' is'} the best layout that same run had found by then` +
            ' (anytime), so a longer budget never scores below a shorter one. Every snapshot is checked by the validator.' +
            ` The work columns are pose evaluations by that budget; “CPU” is the run's CPU time when the snapshot was taken.`
        : 'One separate run per budget.',
      `FFDH and FFDH+GA (seed 003) pack bounding rectangles in vertical levels along the strip, border ${s.ffdhBorder ?? 0}` +
        ' (seed 003 draws 2 mm around each part on a printer bed; ESICUP coordinates have no unit and no spacing, so no border here).' +
        (s.sepScaleMax !== undefined ? ` Separator patience cap in strip mode: ${s.sepScaleMax}.` : ''),
      '',
      `| instance | parts | FFDH | FFDH+GA | ${labels.map((l) => `ours ${l}`).join(' | ')} | best published | gap (${last}) | ${labels.map((l) => `CPU / work ${l}`).join(' | ')} |`,
      `|---|---:|---:|---:|${labels.map(() => '---:').join('|')}|---:|---:|${labels.map(() => '---:').join('|')}|`,
    );
    const spent = (x: EsicupRow, l: string) => {
      const b = x.spent?.[l];
      return b ? `${(b.cpuMs / 1000).toFixed(1)} s / ${(b.work / 1e6).toFixed(2)} M` : '–';
    };
    for (const x of s.rows) {
      out.push(
        `| ${x.instance} | ${x.parts} | ${pct(x.ffdh)} | ${pct(x.ffdhGa)} | ${labels.map((l) => (x.ours[l] !== undefined ? pct(x.ours[l] as number) : '–')).join(' | ')} | ${pct(x.best)} | ${x.ours[last] !== undefined ? pct(x.best - (x.ours[last] as number)) : '–'} | ${labels.map((l) => spent(x, l)).join(' | ')} |`,
      );
    }
    const meanNum = (f: (x: EsicupRow) => number | undefined): number | undefined => {
      const v = s.rows.map(f).filter((x): x is number => x !== undefined);
      return v.length ? v.reduce((a, b) => a + b, 0) / v.length : undefined;
    };
    const mean = (f: (x: EsicupRow) => number | undefined) => {
      const m = meanNum(f);
      return m === undefined ? '–' : pct(m);
    };
    const gapOf = (x: EsicupRow) =>
      x.ours[last] !== undefined ? x.best - (x.ours[last] as number) : undefined;
    out.push(
      `| **mean** | | ${mean((x) => x.ffdh)} | ${mean((x) => x.ffdhGa)} | ${labels.map((l) => mean((x) => x.ours[l])).join(' | ')} | ${mean((x) => x.best)} | **${mean(gapOf)}** | ${labels.map(() => '').join(' | ')} |`,
      '',
    );
    const gap = meanNum(gapOf);
    const over = s.rows.filter((x) => (gapOf(x) ?? 0) > 5).map((x) => x.instance);
    if (gap !== undefined) {
      out.push(
        gap <= 5
          ? `Target (issue 4: mean gap ≤ 5 points at 60 s): **met**, ${pct(gap)} points` +
              (over.length > 0 ? `; instances over 5 points on their own: ${over.join(', ')}.` : '.')
          : `Target (issue 4: mean gap ≤ 5 points at 60 s): **missed**, ${pct(gap)} points` +
              (over.length > 0 ? `; instances over 5 points: ${over.join(', ')}.` : '.'),
        '',
      );
    }
  }
  if (r.speed) {
    const s = r.speed;
    const worst = Math.max(...s.runs.map((x) => x.firstAnswerMs));
    out.push(
      '## Speed: first valid answer, 200 candidate parts',
      '',
      `Fill one 250×210 plate from 200 generated parts (convex and concave, 6–30 mm), 90° rotations, 6 mm spacing; time until the first valid layout (the whole run: input checks, construction, result; no improvement budget). Measured ${s.date} on ${s.machine} (shared, so CPU time is shown too). Worst: **${worst.toFixed(0)} ms**.`,
      '',
      '| seed | first answer (ms, wall) | CPU (ms) | parts placed | density | violations |',
      '|---:|---:|---:|---:|---:|---:|',
      ...s.runs.map(
        (x) =>
          `| ${x.seed} | ${x.firstAnswerMs.toFixed(0)} | ${x.cpuMs?.toFixed(0) ?? '–'} | ${x.placed} | ${pct(x.density * 100)} % | ${x.violations} |`,
      ),
      '',
    );
  }
  return out.join('\n');
}

/** Regenerates results.md from results.json (after a change of the renderer). */
export function rewriteMarkdown(): void {
  writeFileSync(join(benchDir, 'results.md'), renderMarkdown(loadResults()));
}
