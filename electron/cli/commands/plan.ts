import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type Job } from '../../../shared/domain/plan';
import {
  createAreaPlateChecker,
  createHighsSolver,
  createNestingPlateChecker,
  createRectanglePlateChecker,
  formatDuration,
  formatLocal,
  type HighsLike,
  isStrategy,
  type MipSolver,
  plan,
  type PlanningResult,
  Scenario,
  scenarioToInput,
  STRATEGIES,
  type StrategyName,
} from '../../../shared/planning';
import { type CliCommand, UsageError } from '../command';

const usage = `Usage: plateshift plan <scenario.json> [options]

Plans a scenario (printers, operator calendar, orders; see resources/scenarios/README.md) and
prints the schedule: every job with its printer, setup, print and removal times (local time of
the scenario), the operator who does each task, and the plan's KPIs.

Options:
  --strategy <name>   ${STRATEGIES.join(' | ')} (default plateshift)
  --seed <n>          seed for every random choice (default 1)
  --time-limit <s>    budget of the MIP phase in seconds (default 20)
  --no-mip            heuristic only (plateshift)
  --checker <name>    rectangles | nesting | area: how plates are checked (default rectangles)
  --compare           plan with every strategy and print their KPIs side by side
  --json              print the full result as JSON instead of tables
  -h, --help          this text`;

async function loadSolver(): Promise<MipSolver> {
  const m = await import('highs');
  const highs: HighsLike = await m.default();
  return createHighsSolver(highs);
}

function readScenario(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read “${path}”`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(
      `${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const parsed = Scenario.safeParse(json);
  if (!parsed.success)
    throw new Error(`${path} is not a valid scenario:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

function kpiLine(r: PlanningResult): string {
  const k = r.kpis;
  return [
    `parts planned ${k.partsPlanned}/${k.partsPlanned + k.partsUnplanned}`,
    `utilisation ${pct(k.utilisation)}`,
    `tardiness ${k.tardinessHours.toFixed(1)} h (${k.lateParts} late)`,
    `operator ${k.operatorMinutes.toFixed(0)} min`,
    `plate density ${pct(k.plateDensity)}`,
    `waiting plates ${k.waitingPlateHours.toFixed(1)} h`,
  ].join(' · ');
}

function describeSchedule(scenario: Scenario, r: PlanningResult): string {
  const tz = scenario.timezone;
  const printerName = new Map(scenario.printers.map((p) => [p.id, p.name ?? p.id]));
  const at = (iso: string, seconds = false) => formatLocal(Date.parse(iso), tz, seconds);
  const short = (iso: string, seconds = false) =>
    at(iso, seconds).replace(/^(\w{3}) \d{4}-(\d{2}-\d{2})/, '$1 $2');
  const task = (job: Job, kind: 'setup' | 'removal') => job.tasks.find((t) => t.kind === kind);
  const rows: string[][] = [
    [
      '#',
      'Printer',
      'Setup',
      'Print start',
      'Print end',
      'Removal',
      'Operator',
      'Estimate',
      'Parts',
      'Start',
    ],
  ];
  r.plan.jobs.forEach((job, i) => {
    const setup = task(job, 'setup');
    const removal = task(job, 'removal');
    const delayed = setup ? Date.parse(job.start) - Date.parse(setup.end) > 60_000 : false;
    rows.push([
      String(i + 1),
      printerName.get(job.printerId) ?? job.printerId,
      setup ? short(setup.start) : '—',
      short(job.start, true),
      short(job.end, true),
      removal ? `${short(removal.start)}–${at(removal.end).slice(-5)}` : '—',
      [...new Set(job.tasks.map((t) => t.operatorId ?? '—'))].join(', '),
      formatDuration(job.estimateMinutes),
      String(job.placements.length),
      job.locked || job.status !== 'planned'
        ? job.status + (job.locked ? ' (locked)' : '')
        : delayed
          ? 'delayed'
          : 'after setup',
    ]);
  });
  const lines = [
    `${scenario.name} — strategy ${r.run.strategy}, ${r.plan.jobs.length} jobs, times in ${tz}`,
    '',
    table(rows),
    '',
    kpiLine(r),
  ];
  if (r.stats.lastRemoval) lines.push(`last removal ends ${at(r.stats.lastRemoval)}`);
  if (r.run.mip) {
    const m = r.run.mip;
    const p = m.polish;
    lines.push(
      `MIP: ${m.solved}/${m.batches} batch allocations solved (${m.optimal} optimal)` +
        (p ? `, ${p.accepted}/${p.chunks} re-allocations accepted` : '') +
        `; objective ${r.run.heuristicObjective?.toFixed(0)} → ${r.run.objective.toFixed(0)}` +
        (m.improved ? ' (plan improved)' : ' (heuristic plan kept)'),
    );
  }
  if (r.unplanned.length > 0) {
    lines.push('', `Unplanned (${r.unplanned.length}):`);
    const byReason = new Map<string, string[]>();
    for (const u of r.unplanned)
      byReason.set(u.reason, [...(byReason.get(u.reason) ?? []), u.partId]);
    for (const [reason, ids] of byReason) {
      lines.push(
        `  ${ids.length} × ${reason}: ${ids.slice(0, 6).join(', ')}${ids.length > 6 ? ', …' : ''}`,
      );
    }
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

function compareTable(results: PlanningResult[], timezone: string): string {
  const rows = [
    [
      'Strategy',
      'Planned',
      'Jobs',
      'Utilisation',
      'Tardiness h',
      'Late',
      'Operator min',
      'Density',
      'Waiting h',
      'Last removal',
    ],
  ];
  for (const r of results) {
    rows.push([
      r.run.strategy,
      `${r.kpis.partsPlanned}/${r.kpis.partsPlanned + r.kpis.partsUnplanned}`,
      String(r.stats.jobs),
      pct(r.kpis.utilisation),
      r.kpis.tardinessHours.toFixed(1),
      String(r.kpis.lateParts),
      r.kpis.operatorMinutes.toFixed(0),
      pct(r.kpis.plateDensity),
      r.kpis.waitingPlateHours.toFixed(1),
      r.stats.lastRemoval ? formatLocal(Date.parse(r.stats.lastRemoval), timezone) : '—',
    ]);
  }
  return table(rows);
}

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'plan a scenario file and print the shift-aligned schedule',
  usage,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          strategy: { type: 'string' },
          seed: { type: 'string' },
          'time-limit': { type: 'string' },
          'no-mip': { type: 'boolean' },
          checker: { type: 'string' },
          compare: { type: 'boolean' },
          json: { type: 'boolean' },
        },
      });
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('give exactly one scenario file');
    const strategy = values.strategy ?? 'plateshift';
    if (!isStrategy(strategy))
      throw new UsageError(`unknown strategy “${strategy}” (${STRATEGIES.join(', ')})`);
    const seed = values.seed !== undefined ? Number(values.seed) : 1;
    if (!Number.isInteger(seed)) throw new UsageError('--seed takes an integer');
    const timeLimit = values['time-limit'] !== undefined ? Number(values['time-limit']) : 20;
    if (!(timeLimit >= 0)) throw new UsageError('--time-limit takes a number of seconds');
    const checkerName = values.checker ?? 'rectangles';
    if (!['rectangles', 'nesting', 'area'].includes(checkerName))
      throw new UsageError(`unknown checker “${checkerName}”`);

    const scenario = readScenario(positionals[0] as string);
    const input = scenarioToInput(scenario);
    const checker =
      checkerName === 'nesting'
        ? createNestingPlateChecker({ seed })
        : checkerName === 'area'
          ? createAreaPlateChecker()
          : createRectanglePlateChecker();
    const wantsMip = !values['no-mip'] && timeLimit > 0;
    const solver =
      wantsMip && (values.compare || strategy === 'plateshift') ? await loadSolver() : null;
    const runOne = (s: StrategyName) =>
      plan(input, {
        strategy: s,
        seed,
        solver: s === 'plateshift' ? solver : null,
        timeLimitSec: timeLimit,
        checker,
      });

    if (values.compare) {
      const results = STRATEGIES.map(runOne);
      if (values.json)
        console.log(
          JSON.stringify(
            results.map((r) => ({ strategy: r.run.strategy, kpis: r.kpis, stats: r.stats })),
            null,
            2,
          ),
        );
      else
        console.log(
          `${scenario.name} (times in ${scenario.timezone})\n\n${compareTable(results, scenario.timezone)}`,
        );
      return 0;
    }
    const result = runOne(strategy);
    console.log(values.json ? JSON.stringify(result, null, 2) : describeSchedule(scenario, result));
    return 0;
  },
};
