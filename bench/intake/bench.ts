// Intake benchmark: our parse + full analysis against admesh on the 45 Prusa MK3S parts, and a
// generated 1,000,000-triangle binary STL (time and peak memory, measured in a clean child).
// Run: node scripts/run-ts.mjs bench/intake/bench.ts [--reps 5] [--quick]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rectangleBed } from '../../shared/domain';
import {
  analyseModel,
  encodeBinaryStl,
  parseModelFile,
  torus,
  type PrinterEnvelope,
} from '../../shared/geometry';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchDir, '..', '..');
const dataDir = resolve(repoRoot, '..', 'shared', 'data', 'models', 'prusa-i3-mk3s');
const printers: PrinterEnvelope[] = [
  { id: 'mk3s', name: 'Prusa MK3S', bed: rectangleBed(250, 210), maxHeightMm: 210 },
  { id: 'mini', name: 'Prusa MINI', bed: rectangleBed(180, 180), maxHeightMm: 180 },
];

/**
 * Our whole intake of one file as admesh does it: read the file from disk, identity hash,
 * parse, full analysis with printer fit.
 */
function intake(path: string): { triangles: number; watertight: boolean; volume: number } {
  const bytes = new Uint8Array(readFileSync(path));
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  createHash('sha256').update(bytes).digest('hex');
  const parsed = parseModelFile(bytes, fileName);
  const { facts } = analyseModel(parsed, { printers });
  return { triangles: facts.triangles, watertight: facts.watertight, volume: facts.volumeMm3 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function round(v: number, d = 2): number {
  const k = 10 ** d;
  return Math.round(v * k) / k;
}

function hasTool(tool: string): boolean {
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).error === undefined;
}

const cli = join(repoRoot, 'bin', 'plateshift.cjs');

/**
 * Wall time of `plateshift inspect <paths…> --json` as a lab script runs it: a fresh Node
 * process, the CLI bundle, the intake worker pool, reading, judging and printing.
 */
function timeInspect(paths: string[]): number {
  for (let attempt = 1; ; attempt++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [cli, 'inspect', ...paths, '--json'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    const ms = performance.now() - t;
    // Exit 1 means "a file is an error", still a full run; only crashes are retried.
    if (r.status === 0 || r.status === 1) return ms;
    if (attempt >= 3) throw new Error(`plateshift inspect failed: ${r.error?.message ?? r.stderr}`);
  }
}

function timeAdmesh(file: string): number {
  // A shared machine occasionally kills or starves a child: retry before giving up.
  for (let attempt = 1; ; attempt++) {
    const t = performance.now();
    const r = spawnSync('admesh', [file], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    const ms = performance.now() - t;
    if (r.status === 0) return ms;
    if (attempt >= 3) throw new Error(`admesh failed on ${file}: ${r.error?.message ?? r.stderr}`);
  }
}

// ---- child mode: one big file, clean process, peak memory from the kernel's maxRSS ----
if (process.argv[2] === '--child') {
  const file = process.argv[3] as string;
  const rssBefore = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const bytes = new Uint8Array(readFileSync(file));
  const t1 = performance.now();
  const parsed = parseModelFile(bytes, 'big.stl');
  const t2 = performance.now();
  const { facts, details } = analyseModel(parsed, { printers });
  const t3 = performance.now();
  const cpu = process.cpuUsage(c0);
  console.log(
    JSON.stringify({
      readMs: round(t1 - t0),
      parseMs: round(t2 - t1),
      analyseMs: round(t3 - t2),
      parseAndAnalyseMs: round(t3 - t1),
      cpuMs: round((cpu.user + cpu.system) / 1000),
      rssBeforeMb: round(rssBefore / 1048576, 1),
      peakRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
      triangles: facts.triangles,
      watertight: facts.watertight,
      timings: details.timings,
    }),
  );
  process.exit(0);
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const repsArg = args.indexOf('--reps');
const reps = repsArg >= 0 ? Number(args[repsArg + 1]) : quick ? 2 : 5;
/** Process-per-file runs are ~10× dearer than in-process ones: fewer repetitions. */
const processReps = quick ? 1 : 3;

if (!existsSync(dataDir)) {
  console.error(`bench/intake: the reference parts are missing (${dataDir}); nothing to measure.`);
  process.exit(0);
}
const admesh = hasTool('admesh');
if (!admesh) console.warn('admesh is not on PATH: only our own times are measured.');

const loadBefore = loadavg();
const files = readdirSync(dataDir)
  .filter((f) => f.toLowerCase().endsWith('.stl'))
  .sort();
const paths = files.map((f) => join(dataDir, f));
const sizes = paths.map((p) => readFileSync(p).byteLength);
const haveCli = existsSync(join(repoRoot, 'dist', 'cli.cjs'));
if (!haveCli)
  console.warn('dist/cli.cjs is missing (build first): process-level times are skipped.');

// Cold: the first file of a fresh process (JIT not warm), then a warm-up pass.
const tCold = performance.now();
intake(paths[0] as string);
const coldFirstMs = performance.now() - tCold;
for (const p of paths) intake(p);

interface Row {
  file: string;
  encoding: 'ascii' | 'binary';
  sizeKb: number;
  triangles: number;
  /** In process, JIT warm, file read included. */
  oursMs: number;
  admeshMs: number | null;
  ratio: number | null;
  /** `plateshift inspect <file> --json` as its own process (like `admesh <file>`). */
  inspectProcessMs: number | null;
  processRatio: number | null;
  oursTrianglesPerS: number;
  admeshTrianglesPerS: number | null;
}
const rows: Row[] = [];
for (let i = 0; i < files.length; i++) {
  const file = files[i] as string;
  const path = paths[i] as string;
  const size = sizes[i] as number;
  const ours: number[] = [];
  const theirs: number[] = [];
  const inspectRuns: number[] = [];
  let triangles = 0;
  // Interleaved, so each tool sees the same machine load.
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    triangles = intake(path).triangles;
    ours.push(performance.now() - t);
    if (admesh) theirs.push(timeAdmesh(path));
    if (haveCli && r < processReps) inspectRuns.push(timeInspect([path]));
  }
  const oursMs = median(ours);
  const admeshMs = admesh ? median(theirs) : null;
  const inspectMs = haveCli ? median(inspectRuns) : null;
  const ascii = size !== 84 + 50 * triangles;
  rows.push({
    file,
    encoding: ascii ? 'ascii' : 'binary',
    sizeKb: round(size / 1024, 1),
    triangles,
    oursMs: round(oursMs, 3),
    admeshMs: admeshMs === null ? null : round(admeshMs, 3),
    ratio: admeshMs === null ? null : round(oursMs / admeshMs, 3),
    inspectProcessMs: inspectMs === null ? null : round(inspectMs, 1),
    processRatio: inspectMs === null || admeshMs === null ? null : round(inspectMs / admeshMs, 2),
    oursTrianglesPerS: Math.round(triangles / (oursMs / 1000)),
    admeshTrianglesPerS: admeshMs === null ? null : Math.round(triangles / (admeshMs / 1000)),
  });
  process.stdout.write(
    `${file.padEnd(40)} ${String(triangles).padStart(6)} tris  ours ${oursMs.toFixed(2).padStart(7)} ms  admesh ${admeshMs === null ? '   -' : admeshMs.toFixed(2).padStart(7)} ms  inspect process ${inspectMs === null ? '   -' : inspectMs.toFixed(1).padStart(7)} ms\n`,
  );
}

// The floor under any Node CLI on this machine at this load: an empty Node process.
const nodeStartRuns: number[] = [];
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  nodeStartRuns.push(performance.now() - t);
}

// A lab script checking a whole submission: one `plateshift inspect <folder>` process against
// one `admesh` process per file (admesh takes one file per run), back to back.
const batch = { inspectMs: [] as number[], admeshMs: [] as number[] };
for (let r = 0; r < processReps; r++) {
  if (haveCli) batch.inspectMs.push(timeInspect([dataDir]));
  if (admesh) batch.admeshMs.push(paths.reduce((sum, p) => sum + timeAdmesh(p), 0));
}

// The median file (by triangle count) and the medians of the per-file times.
const byTris = [...rows].sort((a, b) => a.triangles - b.triangles);
const medianFile = byTris[byTris.length >> 1] as Row;
const summary = {
  files: rows.length,
  repsPerFile: reps,
  coldFirstFileMs: round(coldFirstMs, 2),
  medianOursMs: round(median(rows.map((r) => r.oursMs)), 3),
  medianAdmeshMs: admesh ? round(median(rows.map((r) => r.admeshMs as number)), 3) : null,
  medianRatio: admesh ? round(median(rows.map((r) => r.ratio as number)), 3) : null,
  filesFasterThanAdmesh: admesh ? rows.filter((r) => (r.ratio as number) < 1).length : null,
  medianFile: {
    file: medianFile.file,
    triangles: medianFile.triangles,
    oursMs: medianFile.oursMs,
    admeshMs: medianFile.admeshMs,
    inspectProcessMs: medianFile.inspectProcessMs,
  },
  processRepsPerFile: processReps,
  medianInspectProcessMs: haveCli
    ? round(median(rows.map((r) => r.inspectProcessMs as number)), 1)
    : null,
  medianProcessRatio:
    haveCli && admesh ? round(median(rows.map((r) => r.processRatio as number)), 2) : null,
  filesWhereInspectProcessIsFaster:
    haveCli && admesh ? rows.filter((r) => (r.processRatio as number) < 1).length : null,
  /** `node -e 0`: what starting Node alone costs here, the floor of the process column. */
  emptyNodeProcessMs: round(median(nodeStartRuns), 1),
  batch45: {
    inspectOneProcessMs: haveCli ? round(median(batch.inspectMs), 1) : null,
    admesh45ProcessesMs: admesh ? round(median(batch.admeshMs), 1) : null,
  },
  totalOursMs: round(
    rows.reduce((s, r) => s + r.oursMs, 0),
    1,
  ),
  totalAdmeshMs: admesh
    ? round(
        rows.reduce((s, r) => s + (r.admeshMs as number), 0),
        1,
      )
    : null,
  oursTrianglesPerS: Math.round(
    rows.reduce((s, r) => s + r.triangles, 0) / (rows.reduce((s, r) => s + r.oursMs, 0) / 1000),
  ),
  admeshTrianglesPerS: admesh
    ? Math.round(
        rows.reduce((s, r) => s + r.triangles, 0) /
          (rows.reduce((s, r) => s + (r.admeshMs as number), 0) / 1000),
      )
    : null,
};

// ---- 1,000,000-triangle binary STL in a child process ----
const tmp = mkdtempSync(join(tmpdir(), 'plateshift-bench-'));
const bigFile = join(tmp, 'torus-1M.stl');
const torusMesh = torus(60, 20, 1000, 500);
writeFileSync(bigFile, encodeBinaryStl(torusMesh));
const bigRuns: Record<string, unknown>[] = [];
for (let r = 0; r < (quick ? 1 : 3); r++) {
  // A shared machine occasionally kills or starves a child: retry before giving up.
  for (let attempt = 1; ; attempt++) {
    const res = spawnSync(process.execPath, [process.argv[1] as string, '--child', bigFile], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (res.status === 0) {
      const last = res.stdout.trim().split('\n').pop() as string;
      bigRuns.push(JSON.parse(last) as Record<string, unknown>);
      break;
    }
    console.warn(
      `big-file child failed (attempt ${attempt}): ${res.error?.message ?? res.stderr.slice(0, 500)}`,
    );
    if (attempt >= 3) throw new Error('the big-file child failed three times');
  }
}
const bigAdmesh = admesh
  ? median([timeAdmesh(bigFile), ...(quick ? [] : [timeAdmesh(bigFile)])])
  : null;
rmSync(tmp, { recursive: true, force: true });
const bigMedian = (key: string): number => median(bigRuns.map((r) => r[key] as number));
const big = {
  triangles: 1_000_000,
  fileMb: round((84 + 50 * 1_000_000) / 1048576, 1),
  runs: bigRuns.length,
  parseAndAnalyseMs: bigMedian('parseAndAnalyseMs'),
  parseMs: bigMedian('parseMs'),
  analyseMs: bigMedian('analyseMs'),
  cpuMs: bigMedian('cpuMs'),
  peakRssMb: Math.max(...bigRuns.map((r) => r.peakRssMb as number)),
  baselineRssMb: bigMedian('rssBeforeMb'),
  stageMs: bigRuns[0]?.timings,
  admeshMs: bigAdmesh === null ? null : round(bigAdmesh, 1),
  targetMs: 2000,
  targetPeakMb: 400,
};

const loadAfter = loadavg();
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  node: process.version,
  loadAverageBefore: loadBefore.map((v) => round(v, 2)),
  loadAverageAfter: loadAfter.map((v) => round(v, 2)),
  date: new Date().toISOString(),
};
const result = { machine, summary, big, rows };
writeFileSync(join(benchDir, 'results.json'), JSON.stringify(result, null, 2) + '\n');

const md: string[] = [
  '# Intake benchmark',
  '',
  `Measured ${machine.date} on ${machine.cores}× ${machine.cpu}, Node ${machine.node}; load average ${machine.loadAverageBefore.join(' / ')} before and ${machine.loadAverageAfter.join(' / ')} after (the machine is shared, so absolute times drift with it).`,
  '',
  'Two comparisons, both like for like with `admesh <file>` (wall time of one process: start, read the file, check, print stats):',
  '',
  `- **in process**: our intake of one file *including reading it from disk* — read + SHA-256 + parse + full analysis (weld, edges, holes, shells, duplicates, volume, area, bbox, overhangs, footprint hull and outline, fit against 2 printers, verdict; resting-face suggestion up to 250 k triangles) — in one warm Node process (JIT warm, no worker hop), median of ${reps} runs per file. This is the cost of the work itself; admesh's column still carries its process start (a few ms), ours does not.`,
  `- **process per file**: \`plateshift inspect <file> --json\` as its own process, median of ${processReps} runs per file: Node start, the CLI bundle, the intake worker pool, reading, judging, printing. This is what a lab script pays per file, exactly as it pays \`admesh <file>\`.`,
  '',
  'All three are measured interleaved per file (ours, admesh, inspect), so they see the same machine load. The file is in the page cache for every tool after the first run.',
  '',
  '## Summary',
  '',
  '| | ours | admesh |',
  '|---|---:|---:|',
  `| median per-file time, in process with the file read (45 files) | ${summary.medianOursMs} ms | ${summary.medianAdmeshMs ?? '-'} ms |`,
  `| median file (${summary.medianFile.file}, ${summary.medianFile.triangles} triangles), in process | ${summary.medianFile.oursMs} ms | ${summary.medianFile.admeshMs ?? '-'} ms |`,
  `| median of per-file ratios ours/admesh, in process | ${summary.medianRatio ?? '-'} | 1 |`,
  `| files where ours is faster, in process | ${summary.filesFasterThanAdmesh ?? '-'} of ${summary.files} | |`,
  `| median per-file time, one process per file (\`plateshift inspect <file>\` vs \`admesh <file>\`) | ${summary.medianInspectProcessMs ?? '-'} ms | ${summary.medianAdmeshMs ?? '-'} ms |`,
  `| median file, one process per file | ${summary.medianFile.inspectProcessMs ?? '-'} ms | ${summary.medianFile.admeshMs ?? '-'} ms |`,
  `| median of per-file ratios, one process per file | ${summary.medianProcessRatio ?? '-'} | 1 |`,
  `| files where ours is faster, one process per file | ${summary.filesWhereInspectProcessIsFaster ?? '-'} of ${summary.files} | |`,
  `| an empty Node process (\`node -e 0\`), the floor of any Node CLI here | ${summary.emptyNodeProcessMs} ms | |`,
  `| the whole folder: one \`plateshift inspect <folder>\` vs 45 \`admesh\` runs | ${summary.batch45.inspectOneProcessMs ?? '-'} ms | ${summary.batch45.admesh45ProcessesMs ?? '-'} ms |`,
  `| all 45 files, in process (sum) | ${summary.totalOursMs} ms | ${summary.totalAdmeshMs ?? '-'} ms |`,
  `| throughput, in process | ${(summary.oursTrianglesPerS / 1e6).toFixed(2)} M triangles/s | ${summary.admeshTrianglesPerS === null ? '-' : (summary.admeshTrianglesPerS / 1e6).toFixed(2)} M triangles/s |`,
  `| first file in a fresh process (cold JIT), in process | ${summary.coldFirstFileMs} ms | |`,
  '',
  '## 1,000,000-triangle binary STL (torus, generated)',
  '',
  `Clean child process per run (${big.runs} runs, median times, highest peak): read the ${big.fileMb} MB file, parse, analyse.`,
  '',
  '| | measured | target |',
  '|---|---:|---:|',
  `| parse + full analysis | ${big.parseAndAnalyseMs} ms (parse ${big.parseMs}, analysis ${big.analyseMs}; CPU ${big.cpuMs} ms) | < ${big.targetMs} ms |`,
  `| peak RSS of the process | ${big.peakRssMb} MB (Node baseline ${big.baselineRssMb} MB) | < ${big.targetPeakMb} MB |`,
  `| admesh on the same file | ${big.admeshMs ?? '-'} ms | |`,
  '',
  `Stages (first run, ms): ${Object.entries((big.stageMs ?? {}) as Record<string, number>)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}.`,
  '',
  '## Per file',
  '',
  '| file | enc | KB | triangles | ours ms (in process, read included) | admesh ms | ours/admesh | inspect process ms | inspect/admesh | ours Mtri/s | admesh Mtri/s |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.file} | ${r.encoding} | ${r.sizeKb} | ${r.triangles} | ${r.oursMs} | ${r.admeshMs ?? '-'} | ${r.ratio ?? '-'} | ${r.inspectProcessMs ?? '-'} | ${r.processRatio ?? '-'} | ${(r.oursTrianglesPerS / 1e6).toFixed(2)} | ${r.admeshTrianglesPerS === null ? '-' : (r.admeshTrianglesPerS / 1e6).toFixed(2)} |`,
  ),
  '',
];
writeFileSync(join(benchDir, 'results.md'), md.join('\n'));
console.log(
  `\nmedian ours ${summary.medianOursMs} ms (in process, read included) vs admesh ${summary.medianAdmeshMs} ms (median ratio ${summary.medianRatio}); one process per file: inspect ${summary.medianInspectProcessMs} ms vs admesh ${summary.medianAdmeshMs} ms (median ratio ${summary.medianProcessRatio}); whole folder: inspect ${summary.batch45.inspectOneProcessMs} ms vs 45 admesh ${summary.batch45.admesh45ProcessesMs} ms; 1M triangles: ${big.parseAndAnalyseMs} ms, peak ${big.peakRssMb} MB`,
);
console.log(`wrote ${join(benchDir, 'results.md')} and results.json`);
