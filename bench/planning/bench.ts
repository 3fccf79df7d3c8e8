/**
 * Planning benchmark (issue 5): 2,000 parts, 20 printers, a 14-day horizon.
 *   node scripts/run-ts.mjs bench/planning/bench.ts [--quick]
 * Measures the time to the first complete plan (target < 5 s), the MIP-improved plan within 30 s,
 * memory, and quality against the seed 003 baselines run on the same scenario in the same process.
 * Writes results.json and results.md next to this file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import loadHighs from 'highs';
import {
  buildContext,
  createHighsSolver,
  formatLocal,
  plan,
  type PlanningInput,
  type PlanningResult,
  type ScenarioInput,
  scenarioToInput,
  STRATEGIES,
  type StrategyName,
  validatePlan,
} from '../../shared/planning';
import { farmScenario } from './farm';

const quick = process.argv.includes('--quick');
const PARTS = quick ? 400 : 2000;
const PRINTERS = quick ? 6 : 20;
const DAYS = 14;
const MIP_BUDGET_S = 25;
const gc = (globalThis as { gc?: () => void }).gc;
// run-ts bundles this file elsewhere; import.meta.url still names the source.
const here = dirname(fileURLToPath(import.meta.url));

function mb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

/** Tardiness counting unplanned parts as finishing at the horizon end (a planner cannot win by leaving parts out). */
function tardinessWithUnplanned(input: PlanningInput, r: PlanningResult): number {
  const end =
    Date.parse(input.start) + (input.horizonDays ?? input.settings.horizonDays) * 86_400_000;
  const due = new Map<string, number | null>();
  for (const o of input.orders)
    for (const l of o.lines)
      for (let k = 1; k <= l.quantity; k++)
        due.set(`${l.id}#${k}`, o.dueAt ? Date.parse(o.dueAt) : null);
  let extra = 0;
  for (const u of r.unplanned) {
    const d = due.get(u.partId);
    if (d != null) extra += Math.max(0, end - d) / 3_600_000;
  }
  return r.kpis.tardinessHours + extra;
}

interface Row {
  strategy: string;
  ms: number;
  partsPlanned: number;
  partsUnplanned: number;
  jobs: number;
  utilisation: number;
  tardinessHours: number;
  tardinessInclUnplannedHours: number;
  lateParts: number;
  waitingPlateHours: number;
  operatorMinutes: number;
  plateDensity: number;
  meanLeadHours: number;
  objective: number;
  valid: boolean;
}

function row(
  input: PlanningInput,
  label: string,
  r: PlanningResult,
  ms: number,
  valid: boolean,
): Row {
  return {
    strategy: label,
    ms: Math.round(ms),
    partsPlanned: r.kpis.partsPlanned,
    partsUnplanned: r.kpis.partsUnplanned,
    jobs: r.stats.jobs,
    utilisation: r.kpis.utilisation,
    tardinessHours: r.kpis.tardinessHours,
    tardinessInclUnplannedHours: tardinessWithUnplanned(input, r),
    lateParts: r.kpis.lateParts,
    waitingPlateHours: r.kpis.waitingPlateHours,
    operatorMinutes: r.kpis.operatorMinutes,
    plateDensity: r.kpis.plateDensity,
    meanLeadHours: r.stats.meanLeadHours,
    objective: r.run.objective,
    valid,
  };
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0] ?? 0;
  const scenario: ScenarioInput = farmScenario({
    parts: PARTS,
    printers: PRINTERS,
    horizonDays: DAYS,
    seed: 1,
  });
  const input = scenarioToInput(scenario);
  const ctx = buildContext(input);
  const minutes = ctx.parts.reduce(
    (s, p) => s + Math.min(...p.profileIds.map((id) => ctx.minutes(p.idx, id))),
    0,
  );
  console.log(
    `scenario: ${ctx.parts.length} parts (${Math.round(minutes / 60)} print hours), ${ctx.printers.length} printers, ${DAYS} days (${PRINTERS * DAYS * 24} printer hours)`,
  );

  // 1. First complete plan: the shift-aware heuristic alone.
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let t = performance.now();
  const first = plan(input, { strategy: 'plateshift', seed: 1 });
  const firstMs = performance.now() - t;
  const heapAfter = process.memoryUsage().heapUsed;
  const firstValid = validatePlan(ctx, first.plan).length === 0;
  console.log(
    `first complete plan: ${firstMs.toFixed(0)} ms (target < 5000 ms), ${first.kpis.partsPlanned} parts on ${first.stats.jobs} jobs, valid: ${firstValid}`,
  );

  // 2. MIP-improved plan (HiGHS WASM, loaded once; the load is timed separately).
  t = performance.now();
  const highs = await loadHighs();
  const loadMs = performance.now() - t;
  const solver = createHighsSolver(highs);
  t = performance.now();
  const improved = plan(input, {
    strategy: 'plateshift',
    seed: 1,
    solver,
    timeLimitSec: MIP_BUDGET_S,
  });
  const mipMs = performance.now() - t;
  const mipValid = validatePlan(ctx, improved.plan).length === 0;
  const gain = improved.run.heuristicObjective
    ? (improved.run.heuristicObjective - improved.run.objective) / improved.run.heuristicObjective
    : 0;
  console.log(
    `MIP-improved plan: ${mipMs.toFixed(0)} ms (target < 30000 ms; HiGHS load ${loadMs.toFixed(0)} ms), objective ${improved.run.heuristicObjective?.toFixed(0)} → ${improved.run.objective.toFixed(0)} (${(gain * 100).toFixed(1)} % better), valid: ${mipValid}`,
  );
  // The same MIP phase without a budget: every batch and chunk solved to its node limit. Shows
  // the gain the budget could buy and how long this machine needs for it.
  t = performance.now();
  const full = plan(input, {
    strategy: 'plateshift',
    seed: 1,
    solver,
    timeLimitSec: 600,
    solveCapSec: 30,
  });
  const fullMs = performance.now() - t;
  const fullValid = validatePlan(ctx, full.plan).length === 0;
  const fullGain = full.run.heuristicObjective
    ? (full.run.heuristicObjective - full.run.objective) / full.run.heuristicObjective
    : 0;
  console.log(
    `MIP without a budget: ${fullMs.toFixed(0)} ms, objective ${full.run.heuristicObjective?.toFixed(0)} → ${full.run.objective.toFixed(0)} (${(fullGain * 100).toFixed(1)} % better), deterministic: ${full.run.deterministic}, valid: ${fullValid}`,
  );
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);

  // 3. Baselines on the same scenario.
  const rows: Row[] = [
    row(input, 'plateshift (heuristic)', first, firstMs, firstValid),
    row(input, `plateshift (+MIP, ${MIP_BUDGET_S} s)`, improved, mipMs, mipValid),
    row(input, 'plateshift (+MIP, no budget)', full, fullMs, fullValid),
  ];
  for (const s of STRATEGIES.filter((x) => x !== 'plateshift') as StrategyName[]) {
    t = performance.now();
    const r = plan(input, { strategy: s, seed: 1 });
    const ms = performance.now() - t;
    rows.push(row(input, s, r, ms, validatePlan(ctx, r.plan).length === 0));
  }
  for (const r of rows) {
    console.log(
      `${r.strategy.padEnd(24)} ${String(r.ms).padStart(6)} ms  planned ${r.partsPlanned}/${r.partsPlanned + r.partsUnplanned}  util ${(r.utilisation * 100).toFixed(1)} %  tardiness ${r.tardinessInclUnplannedHours.toFixed(0)} h  late ${r.lateParts}  waiting ${r.waitingPlateHours.toFixed(0)} h  jobs ${r.jobs}`,
    );
  }

  // 4. Seed 002's worked example (the acceptance anchor).
  const example = JSON.parse(
    readFileSync(join(here, '..', '..', 'resources', 'scenarios', 'example.json'), 'utf8'),
  ) as ScenarioInput;
  const exInput = scenarioToInput(example);
  const ex = plan(exInput, { solver, seed: 1, timeLimitSec: 10 });
  const exLast = ex.stats.lastRemoval
    ? formatLocal(Date.parse(ex.stats.lastRemoval), 'Europe/Berlin')
    : '—';
  console.log(
    `seed 002 example: ${ex.kpis.partsPlanned} parts, last removal ends ${exLast} (paper: Mon 08:30), late parts ${ex.kpis.lateParts}`,
  );

  const ours = rows[1] as Row;
  const ref = (name: string) => rows.find((r) => r.strategy === name) as Row;
  const results = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${process.platform} ${process.arch}, ${cpus().length} cores, node ${process.version}`,
    loadAverage: {
      before: Math.round(loadBefore * 10) / 10,
      after: Math.round((loadavg()[0] ?? 0) * 10) / 10,
    },
    scenario: {
      parts: ctx.parts.length,
      printHours: Math.round(minutes / 60),
      printers: PRINTERS,
      days: DAYS,
      printerHours: PRINTERS * DAYS * 24,
    },
    firstPlan: {
      ms: Math.round(firstMs),
      targetMs: 5000,
      valid: firstValid,
      heapDeltaMb: mb(heapAfter - heapBefore),
    },
    mip: {
      ms: Math.round(mipMs),
      targetMs: 30000,
      highsLoadMs: Math.round(loadMs),
      budgetS: MIP_BUDGET_S,
      objectiveHeuristic: improved.run.heuristicObjective,
      objective: improved.run.objective,
      gain,
      deterministic: improved.run.deterministic,
      stats: improved.run.mip,
      valid: mipValid,
    },
    mipNoBudget: {
      ms: Math.round(fullMs),
      objective: full.run.objective,
      gain: fullGain,
      deterministic: full.run.deterministic,
      stats: full.run.mip,
      valid: fullValid,
    },
    memory: { peakRssMb },
    quality: rows,
    versusReference: {
      tardinessVsFcfs: ours.tardinessInclUnplannedHours / ref('fcfs').tardinessInclUnplannedHours,
      tardinessVsFfdh: ours.tardinessInclUnplannedHours / ref('ffdh').tardinessInclUnplannedHours,
      waitingVsFcfs: ours.waitingPlateHours / ref('fcfs').waitingPlateHours,
      waitingVsFfdh: ours.waitingPlateHours / ref('ffdh').waitingPlateHours,
      utilisationVsFcfs: ours.utilisation - ref('fcfs').utilisation,
      utilisationVsFfdh: ours.utilisation - ref('ffdh').utilisation,
    },
    seed002: {
      parts: ex.kpis.partsPlanned,
      lastRemoval: ex.stats.lastRemoval,
      lastRemovalLocal: exLast,
      paperLastRemovalLocal: 'Mon 2024-03-11 08:30',
      lateParts: ex.kpis.lateParts,
    },
  };
  if (quick) {
    console.log('(quick run: results not written)');
    return;
  }
  writeFileSync(join(here, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const md = [
    '# Planning benchmark results',
    '',
    `Run ${results.date} on ${results.machine} (\`node scripts/run-ts.mjs bench/planning/bench.ts\`). The machine is shared: 1-minute load average ${results.loadAverage.before} before and ${results.loadAverage.after} after the run, so times are inflated accordingly.`,
    '',
    `Scenario: ${results.scenario.parts} parts (${results.scenario.printHours} print hours), ${PRINTERS} printers, ${DAYS}-day horizon (${results.scenario.printerHours} printer hours), two weekday shifts and a Saturday morning (see farm.ts).`,
    '',
    '| figure | measured | target |',
    '|---|---|---|',
    `| first complete plan (shift-aware heuristic) | ${results.firstPlan.ms} ms | < 5 000 ms |`,
    `| MIP-improved plan (HiGHS, ${MIP_BUDGET_S} s budget) | ${results.mip.ms} ms | < 30 000 ms |`,
    `| objective heuristic → MIP | ${results.mip.objectiveHeuristic?.toFixed(0)} → ${results.mip.objective.toFixed(0)} (${pct(gain)} better) | lower is better |`,
    `| the same MIP phase without a budget | ${results.mipNoBudget.ms} ms, objective → ${results.mipNoBudget.objective.toFixed(0)} (${pct(fullGain)} better) | |`,
    `| HiGHS load | ${results.mip.highsLoadMs} ms | |`,
    `| heap growth of one plan | ${results.firstPlan.heapDeltaMb} MB | |`,
    `| peak RSS of the whole run | ${peakRssMb} MB | |`,
    `| seed 002 example: last removal | ${exLast} | no later than Mon 08:30 (paper) |`,
    '',
    'Quality on the same scenario (tardiness counts unplanned parts as finishing at the horizon end):',
    '',
    '| strategy | time ms | planned | jobs | utilisation | tardiness h | late parts | waiting plates h | operator min | density | valid |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.strategy} | ${r.ms} | ${r.partsPlanned}/${r.partsPlanned + r.partsUnplanned} | ${r.jobs} | ${pct(r.utilisation)} | ${r.tardinessInclUnplannedHours.toFixed(0)} | ${r.lateParts} | ${r.waitingPlateHours.toFixed(0)} | ${r.operatorMinutes.toFixed(0)} | ${pct(r.plateDensity)} | ${r.valid ? 'yes' : 'NO'} |`,
    ),
    '',
    `Versus the references measured in the same run: tardiness ×${results.versusReference.tardinessVsFfdh.toFixed(2)} of ffdh and ×${results.versusReference.tardinessVsFcfs.toFixed(2)} of fcfs; waiting plates ×${results.versusReference.waitingVsFfdh.toFixed(2)} of ffdh and ×${results.versusReference.waitingVsFcfs.toFixed(2)} of fcfs; utilisation ${(results.versusReference.utilisationVsFfdh * 100).toFixed(1)} points vs ffdh, ${(results.versusReference.utilisationVsFcfs * 100).toFixed(1)} vs fcfs.`,
    '',
  ].join('\n');
  writeFileSync(join(here, 'results.md'), md);
  console.log('wrote bench/planning/results.json and results.md');
}

void main();
