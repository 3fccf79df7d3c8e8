import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
import {
  applyTriggers,
  describeTrigger,
  previousPlanFromJson,
  ScenarioTrigger,
} from './plan-triggers';

const usage = `Usage: plateshift plan <scenario.json> [options]
       plateshift plan --workspace DIR [--as-of ISO] [options]

Plans a scenario (printers, operator calendar, orders; see resources/scenarios/README.md) and
prints the schedule: every job with its printer, setup, print and removal times (local time of
the scenario), the operator who does each task, and the plan's KPIs.

With --workspace, plans a studio workspace's queue instead, read the way the studio's Plan
action reads it (the same input, the same planner and options as its worker): the schedule the
studio would propose, from a script. Nothing is written to the workspace.

Options:
  --workspace <dir>   plan this workspace's queue (read-only)
  --as-of <iso>       with --workspace: plan as of this moment (default now); the studio's
                      Plan action takes the same \`asOf\`
  --strategy <name>   ${STRATEGIES.join(' | ')} (default plateshift)
  --seed <n>          seed for every random choice (default 1)
  --time-limit <s>    budget of the MIP phase in seconds (default 20)
  --no-mip            heuristic only (plateshift)
  --checker <name>    rectangles | nesting | area: the pre-filter for candidate plates
                      (default rectangles); every plate of the plan is then arranged and
                      validated by the nesting engine with the parts' true footprints
  --no-nesting        skip that final nesting pass (keeps the pre-filter's layouts)
  --previous <file>   the plan in force (a \`plan --json\` result or a plan); replaces the
                      scenario's previousPlan
  --trigger <json>    a re-planning trigger applied before planning, e.g.
                      '{"kind":"printer-down","printerId":"mk4-a"}' (repeatable; after the
                      scenario's own \`triggers\`; kinds in resources/scenarios/README.md)
  --compare           plan with every strategy and print their KPIs side by side
  --json              print the full result as JSON instead of tables
  -h, --help          this text`;

async function loadSolver(): Promise<MipSolver> {
  const m = await import('highs');
  const highs: HighsLike = await m.default();
  return createHighsSolver(highs);
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read “${path}”`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(
      `${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

const Triggers = z.array(ScenarioTrigger);

/** The scenario and its `triggers` (read here: the planner's scenario format has no triggers). */
function readScenario(path: string): { scenario: Scenario; triggers: ScenarioTrigger[] } {
  const json = readJson(path);
  const parsed = Scenario.safeParse(json);
  if (!parsed.success)
    throw new Error(`${path} is not a valid scenario:\n${z.prettifyError(parsed.error)}`);
  const raw = json && typeof json === 'object' ? (json as { triggers?: unknown }).triggers : [];
  const triggers = Triggers.safeParse(raw ?? []);
  if (!triggers.success)
    throw new Error(`${path} has invalid triggers:\n${z.prettifyError(triggers.error)}`);
  return { scenario: parsed.data, triggers: triggers.data };
}

function parseTriggerOption(text: string): ScenarioTrigger {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`--trigger takes JSON, e.g. '{"kind":"printer-back","printerId":"p1"}'`);
  }
  const parsed = ScenarioTrigger.safeParse(json);
  if (!parsed.success)
    throw new UsageError(`invalid --trigger ${text}:\n${z.prettifyError(parsed.error)}`);
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

/** What the schedule table needs to know of where the plan came from. */
interface ScheduleView {
  name: string;
  timezone: string;
  printers: readonly { id: string; name?: string | undefined }[];
}

function describeSchedule(scenario: ScheduleView, r: PlanningResult, triggers: string[]): string {
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
  for (const t of triggers) lines.push(`trigger: ${t}`);
  if (r.diff) lines.push(`versus the previous plan: ${r.diff.summary}`);
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

/**
 * A workspace's queue planned as the studio's Plan action plans it: the input the core builds
 * from storage, the worker's options (rectangle pre-filter, nesting of every plate, the MIP for
 * plateshift), so the same seed gives the studio's proposal.
 */
async function planWorkspace(
  dir: string,
  asOf: Date,
  o: { strategy: StrategyName; seed: number; timeLimit: number; mip: boolean; json: boolean },
): Promise<number> {
  const file = join(resolve(dir), 'workspace.sqlite');
  if (!existsSync(file)) throw new Error(`there is no workspace in ${resolve(dir)}`);
  // Loaded here so `plateshift --help` does not open native modules.
  const { openDatabase } = await import('../../core/storage/database');
  const { planningInputFromStorage } = await import('../../core/services/planning-input');
  const db = openDatabase(file, { readonly: true });
  let input;
  try {
    input = planningInputFromStorage(db, asOf);
  } finally {
    db.close();
  }
  const solver =
    o.mip && o.strategy === 'plateshift' && o.timeLimit > 0 ? await loadSolver() : null;
  const result = plan(input, {
    strategy: o.strategy,
    seed: o.seed,
    solver,
    timeLimitSec: o.timeLimit,
    checker: createRectanglePlateChecker(),
  });
  if (o.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    const view = {
      name: `workspace ${resolve(dir)} as of ${asOf.toISOString()}`,
      timezone: input.calendar.timezone || input.settings.timezone || 'UTC',
      printers: input.printers.map((p) => ({ id: p.id, name: p.name })),
    };
    console.log(describeSchedule(view, result, []));
  }
  return 0;
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
          'no-nesting': { type: 'boolean' },
          compare: { type: 'boolean' },
          json: { type: 'boolean' },
          previous: { type: 'string' },
          trigger: { type: 'string', multiple: true },
          workspace: { type: 'string' },
          'as-of': { type: 'string' },
        },
      });
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    const { values, positionals } = parsed;
    if (values.workspace !== undefined) {
      if (positionals.length > 0)
        throw new UsageError('give a scenario file or --workspace, not both');
    } else if (positionals.length !== 1) throw new UsageError('give exactly one scenario file');
    if (values['as-of'] !== undefined && values.workspace === undefined)
      throw new UsageError('--as-of goes with --workspace (a scenario carries its own start)');
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

    if (values.workspace !== undefined) {
      const asOf = values['as-of'] !== undefined ? new Date(values['as-of']) : new Date();
      if (Number.isNaN(asOf.getTime())) throw new UsageError('--as-of takes an ISO date-time');
      if (values.compare || values.trigger || values.previous)
        throw new UsageError('--compare, --trigger and --previous work on scenario files');
      return planWorkspace(values.workspace, asOf, {
        strategy,
        seed,
        timeLimit,
        mip: !values['no-mip'],
        json: values.json === true,
      });
    }

    const extraTriggers = (values.trigger ?? []).map(parseTriggerOption);
    const { scenario, triggers } = readScenario(positionals[0] as string);
    const fromScenario = scenarioToInput(scenario);
    const previousPlan =
      values.previous !== undefined
        ? previousPlanFromJson(readJson(values.previous))
        : fromScenario.previousPlan;
    const { input, applied } = applyTriggers(
      { ...fromScenario, previousPlan },
      [...triggers, ...extraTriggers],
      scenario.timezone,
    );
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
        ...(values['no-nesting'] ? { nesting: false as const } : {}),
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
    console.log(
      values.json
        ? JSON.stringify(result, null, 2)
        : describeSchedule(
            scenario,
            result,
            applied.map((t) =>
              describeTrigger(t, (iso) => formatLocal(Date.parse(iso), scenario.timezone)),
            ),
          ),
    );
    return 0;
  },
};
