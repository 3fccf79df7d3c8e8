// Agreement table: our facts against admesh and `prusa-slicer --info` on the 45 Prusa MK3S
// parts, per file (watertight, shells, volume difference, largest bounding-box difference).
// The pass/fail check is electron/core/intake/reference-tools.test.ts; this writes the numbers.
// Run: node scripts/run-ts.mjs bench/intake/agreement.ts
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseAdmesh,
  parsePrusaInfo,
  type ToolFacts,
} from '../../electron/core/intake/reference-tools';
import { analyseModel, parseModelFile } from '../../shared/geometry';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchDir, '..', '..');
const dataDir = resolve(repoRoot, '..', 'shared', 'data', 'models', 'prusa-i3-mk3s');

/** The tolerances: volume within 0.1 %, bounding box within 0.01 mm. */
const VOLUME_TOLERANCE = 0.001;
const BBOX_TOLERANCE_MM = 0.01;

/** The first output line naming the tool (prusa-slicer logs trace lines before it). */
function version(tool: string, args: string[], name: RegExp): string | null {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error) return null;
  return (
    (r.stdout + r.stderr)
      .split('\n')
      .find((l) => name.test(l))
      ?.trim() ?? `${tool} (version unknown)`
  );
}

if (!existsSync(dataDir)) {
  console.error(`bench/intake: the reference parts are missing (${dataDir}); nothing to compare.`);
  process.exit(0);
}
const admeshVersion = version('admesh', ['--version'], /admesh/i);
const prusaVersion = version('prusa-slicer', ['--help'], /^PrusaSlicer-/);
if (!admeshVersion || !prusaVersion) {
  console.error(
    'admesh and prusa-slicer must both be on PATH (apt-get install admesh prusa-slicer).',
  );
  process.exit(1);
}

const files = readdirSync(dataDir)
  .filter((f) => f.toLowerCase().endsWith('.stl'))
  .sort();
const prusa = parsePrusaInfo(
  execFileSync('prusa-slicer', ['--info', ...files.map((f) => join(dataDir, f))], {
    cwd: dataDir,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'ignore'],
  }),
);

interface ToolDelta {
  watertight: boolean;
  parts: number;
  volumeMm3: number;
  /** (ours − tool) / tool, in percent. */
  volumeDiffPct: number;
  /** Largest |ours − tool| over the six bounding-box coordinates (mm). */
  bboxMaxDiffMm: number;
}

interface Row {
  file: string;
  triangles: number;
  watertight: boolean;
  shells: number;
  volumeMm3: number;
  admesh: ToolDelta;
  prusaSlicer: ToolDelta;
  agrees: boolean;
}

function delta(
  ours: { watertight: boolean; volumeMm3: number; min: number[]; max: number[] },
  ref: ToolFacts,
): ToolDelta {
  let bbox = 0;
  for (let k = 0; k < 3; k++) {
    bbox = Math.max(
      bbox,
      Math.abs((ours.min[k] as number) - (ref.min[k] as number)),
      Math.abs((ours.max[k] as number) - (ref.max[k] as number)),
    );
  }
  return {
    watertight: ref.watertight,
    parts: ref.parts,
    volumeMm3: ref.volume,
    volumeDiffPct: ((ours.volumeMm3 - ref.volume) / ref.volume) * 100,
    bboxMaxDiffMm: bbox,
  };
}

const rows: Row[] = files.map((f) => {
  const path = join(dataDir, f);
  const { facts } = analyseModel(parseModelFile(readFileSync(path), f), {
    suggestOrientation: false,
  });
  const ours = {
    watertight: facts.watertight,
    volumeMm3: facts.volumeMm3,
    min: [facts.bbox.min.x, facts.bbox.min.y, facts.bbox.min.z],
    max: [facts.bbox.max.x, facts.bbox.max.y, facts.bbox.max.z],
  };
  const a = delta(ours, parseAdmesh(execFileSync('admesh', [path], { encoding: 'utf8' })));
  const p = prusa.get(f);
  if (!p) throw new Error(`prusa-slicer --info said nothing about ${f}`);
  const ps = delta(ours, p);
  const ok = (d: ToolDelta) =>
    d.watertight === facts.watertight &&
    d.parts === facts.shells &&
    Math.abs(d.volumeDiffPct) <= VOLUME_TOLERANCE * 100 &&
    d.bboxMaxDiffMm <= BBOX_TOLERANCE_MM;
  return {
    file: f,
    triangles: facts.triangles,
    watertight: facts.watertight,
    shells: facts.shells,
    volumeMm3: facts.volumeMm3,
    admesh: a,
    prusaSlicer: ps,
    agrees: ok(a) && ok(ps),
  };
});

const worst = (pick: (r: Row) => number) => Math.max(...rows.map((r) => Math.abs(pick(r))));
const summary = {
  files: rows.length,
  agreeing: rows.filter((r) => r.agrees).length,
  watertight: rows.filter((r) => r.watertight).length,
  maxVolumeDiffPct: {
    admesh: worst((r) => r.admesh.volumeDiffPct),
    prusaSlicer: worst((r) => r.prusaSlicer.volumeDiffPct),
  },
  maxBboxDiffMm: {
    admesh: worst((r) => r.admesh.bboxMaxDiffMm),
    prusaSlicer: worst((r) => r.prusaSlicer.bboxMaxDiffMm),
  },
};
const tools = { admesh: admeshVersion, prusaSlicer: prusaVersion };
const date = new Date().toISOString();
writeFileSync(
  join(benchDir, 'agreement.json'),
  `${JSON.stringify({ date, tools, tolerances: { volumePct: VOLUME_TOLERANCE * 100, bboxMm: BBOX_TOLERANCE_MM }, summary, rows }, null, 2)}\n`,
);

const pct = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(4)} %`;
const mm = (v: number) => v.toFixed(6);
const yn = (b: boolean) => (b ? 'yes' : 'no');
const md = [
  '# Intake agreement with admesh and prusa-slicer --info',
  '',
  `Measured ${date}: ${tools.admesh}; ${tools.prusaSlicer}. Ours = \`parseModelFile\` + \`analyseModel\` (shared/geometry), the code every intake runs.`,
  '',
  `Tolerances (issue 3): watertight and number of shells/parts equal, volume within ${VOLUME_TOLERANCE * 100} %, every bounding-box coordinate within ${BBOX_TOLERANCE_MM} mm. Volume difference = (ours − tool) / tool; bbox = the largest of the six |ours − tool| coordinate differences.`,
  '',
  '## Summary',
  '',
  '| | admesh | prusa-slicer --info |',
  '|---|---:|---:|',
  `| files agreeing on everything (both tools) | ${summary.agreeing} of ${summary.files} | |`,
  `| largest volume difference | ${summary.maxVolumeDiffPct.admesh.toFixed(4)} % | ${summary.maxVolumeDiffPct.prusaSlicer.toFixed(4)} % |`,
  `| largest bbox difference | ${mm(summary.maxBboxDiffMm.admesh)} mm | ${mm(summary.maxBboxDiffMm.prusaSlicer)} mm |`,
  `| watertight (ours) | ${summary.watertight} of ${summary.files} | |`,
  '',
  'All 45 parts are watertight, so "not watertight" agreement is checked on holed copies in reference-tools.test.ts (second test), not here.',
  '',
  '## Per file',
  '',
  '| file | triangles | watertight ours / admesh / prusa | shells ours / admesh / prusa | volume mm³ (ours) | Δvol admesh | Δvol prusa | Δbbox admesh mm | Δbbox prusa mm | agrees |',
  '|---|---:|---|---|---:|---:|---:|---:|---:|---|',
  ...rows.map(
    (r) =>
      `| ${r.file} | ${r.triangles} | ${yn(r.watertight)} / ${yn(r.admesh.watertight)} / ${yn(r.prusaSlicer.watertight)} | ${r.shells} / ${r.admesh.parts} / ${r.prusaSlicer.parts} | ${r.volumeMm3.toFixed(2)} | ${pct(r.admesh.volumeDiffPct)} | ${pct(r.prusaSlicer.volumeDiffPct)} | ${mm(r.admesh.bboxMaxDiffMm)} | ${mm(r.prusaSlicer.bboxMaxDiffMm)} | ${r.agrees ? 'yes' : '**no**'} |`,
  ),
  '',
];
writeFileSync(join(benchDir, 'agreement.md'), md.join('\n'));
console.log(
  `${summary.agreeing}/${summary.files} agree; max Δvol admesh ${summary.maxVolumeDiffPct.admesh.toFixed(4)} %, prusa ${summary.maxVolumeDiffPct.prusaSlicer.toFixed(4)} %; max Δbbox admesh ${mm(summary.maxBboxDiffMm.admesh)} mm, prusa ${mm(summary.maxBboxDiffMm.prusaSlicer)} mm`,
);
console.log(`wrote ${join(benchDir, 'agreement.md')} and agreement.json`);
process.exitCode = summary.agreeing === summary.files ? 0 : 1;
