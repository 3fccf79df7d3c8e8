import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Plan } from '../../shared/domain';
import { openTestCore, waitForAnalysedModels, type TestCore } from './test-support/core';

// The studio's Plan action (plans.propose → the planning worker, with progress) and the headless
// `plateshift plan --workspace` give the same plan for the same workspace, moment and seed: one
// planner, one input, whichever way it is asked.
const run = promisify(execFile);
const bin = resolve(__dirname, '../../bin/plateshift.cjs');
const AS_OF = '2026-11-23T06:30:00Z'; // a Monday morning, before the shift starts
const SEED = 7;

let t: TestCore;
beforeAll(async () => {
  t = openTestCore('studio-cli');
  await waitForAnalysedModels(t);
}, 180_000);
afterAll(() => t.close());

const shape = (jobs: readonly Job[]) =>
  jobs
    .map((j) => ({
      printerId: j.printerId,
      start: j.start,
      end: j.end,
      tasks: j.tasks.map((k) => [k.kind, k.start, k.end, k.operatorId]),
      placements: j.placements
        .map((p) => [p.partId, p.x, p.y, p.rotationDeg])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    }))
    .sort((a, b) => a.start.localeCompare(b.start) || a.printerId.localeCompare(b.printerId));

describe('the studio and the command line plan alike', () => {
  it.each([
    // with the MIP phase: bounded by work (solve count), so the same for a seed
    ['plateshift', 20],
    ['plateshift', 0],
    ['ffdh', 0],
  ] as const)(
    '%s, MIP budget %i s: the Plan action and `plateshift plan --workspace` give the same jobs',
    async (strategy, timeLimitSeconds) => {
      const progress: number[] = [];
      const stop = t.core.bus.subscribe((name, payload) => {
        const p = payload as { taskId?: string; done?: number };
        if (name === 'progress' && p.taskId === `same-${strategy}`) progress.push(p.done ?? 0);
      });
      const studio = await t.ok<{ plan: Plan }>('plans.propose', {
        taskId: `same-${strategy}`,
        strategy,
        seed: SEED,
        timeLimitSeconds,
        asOf: AS_OF,
      });
      stop();
      expect(progress.length).toBeGreaterThan(0);
      expect(studio.plan.jobs.length).toBeGreaterThan(0);

      const { stdout } = await run(
        process.execPath,
        [
          bin,
          'plan',
          '--workspace',
          t.core.workspaceDir,
          '--as-of',
          AS_OF,
          '--strategy',
          strategy,
          '--seed',
          String(SEED),
          '--time-limit',
          String(timeLimitSeconds),
          '--json',
        ],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      const cli = JSON.parse(stdout) as { plan: Plan };
      expect(shape(cli.plan.jobs)).toEqual(shape(studio.plan.jobs));
    },
    300_000,
  );
});
