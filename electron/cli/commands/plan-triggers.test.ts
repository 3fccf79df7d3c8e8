import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Job } from '../../../shared/domain/plan';
import { type PlanningResult, type ScenarioInput, scenarioToInput } from '../../../shared/planning';
import { planCommand } from './plan';
import { resolveTrigger } from './plan-triggers';

const example = resolve(__dirname, '..', '..', '..', 'resources', 'scenarios', 'example.json');
const dir = mkdtempSync(join(tmpdir(), 'ps-plan-triggers-'));

/** Runs `plateshift plan` in this process (the bundle in dist/ may predate this code). */
async function run(...argv: string[]): Promise<string> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: unknown) => {
    out.push(String(s));
  });
  try {
    expect(await planCommand.run(argv)).toBe(0);
  } finally {
    log.mockRestore();
  }
  return out.join('\n');
}
const runJson = async (...argv: string[]) =>
  JSON.parse(await run(...argv, '--json', '--strategy', 'ffdh')) as PlanningResult;
const partsOf = (j: Job) => j.placements.map((p) => p.partId);

let first: PlanningResult;
let firstFile: string;
beforeAll(async () => {
  first = await runJson(example);
  firstFile = join(dir, 'first.json');
  writeFileSync(firstFile, JSON.stringify(first));
}, 60_000);
afterEach(() => vi.restoreAllMocks());

describe('plateshift plan with re-planning triggers', () => {
  it('takes a printer down with --trigger and reports the change versus --previous', async () => {
    expect(first.plan.jobs.some((j) => j.printerId === 'printer-2')).toBe(true);
    const trigger = JSON.stringify({ kind: 'printer-down', printerId: 'printer-2' });
    const r = await runJson(example, '--previous', firstFile, '--trigger', trigger);
    expect(r.plan.jobs.filter((j) => j.printerId === 'printer-2')).toEqual([]);
    expect(r.diff?.summary).toMatch(/moved|added|removed/);
    const table = await run(example, '--previous', firstFile, '--trigger', trigger, '--no-mip');
    expect(table).toMatch(/^trigger: printer printer-2 down$/m);
    expect(table).toMatch(/^versus the previous plan: \d+ unchanged, \d+ moved/m);
  }, 60_000);

  it('applies a scenario’s triggers: failed QC parts return, passed parts are done', async () => {
    const job = first.plan.jobs.find((j) => j.placements.length >= 2)!;
    const [failed, ...passed] = partsOf(job) as [string, ...string[]];
    const scenario = {
      ...(JSON.parse(readFileSync(example, 'utf8')) as object),
      previousPlan: first.plan,
      triggers: [{ kind: 'qc-failed', failedPartIds: [failed] }],
    };
    const file = join(dir, 'qc.json');
    writeFileSync(file, JSON.stringify(scenario));
    const r = await runJson(file);
    const planned = new Set(r.plan.jobs.flatMap(partsOf));
    expect(planned.has(failed)).toBe(true);
    for (const p of passed) expect(planned.has(p)).toBe(false);
    expect(r.diff?.partsNewlyPlanned).toContain(failed);
  }, 60_000);

  it('refuses triggers that name unknown things', async () => {
    const bad = JSON.stringify({ kind: 'printer-back', printerId: 'nope' });
    await expect(planCommand.run([example, '--trigger', bad])).rejects.toThrow(
      /unknown printer “nope”/,
    );
    await expect(planCommand.run([example, '--trigger', '{"kind":"meteor"}'])).rejects.toThrow(
      /invalid --trigger/,
    );
    const orphan = JSON.stringify({ kind: 'qc-failed', failedPartIds: ['x#1'] });
    await expect(planCommand.run([example, '--trigger', orphan])).rejects.toThrow(
      /on no job of the previous plan/,
    );
  });

  it('reads local times and makes “down from” a window to the end of the horizon', () => {
    const input = scenarioToInput(JSON.parse(readFileSync(example, 'utf8')) as ScenarioInput);
    const t = resolveTrigger(
      { kind: 'printer-down', printerId: 'printer-1', from: '2024-03-05T12:00' },
      input,
      'Europe/Berlin',
    );
    const horizon = input.horizonDays ?? input.settings.horizonDays;
    expect(t).toEqual({
      kind: 'printer-down',
      printerId: 'printer-1',
      from: '2024-03-05T11:00:00.000Z',
      until: new Date(Date.parse(input.start) + horizon * 86_400_000).toISOString(),
    });
  });
});
