import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WireResult } from '../../../shared/api';
import type { Job, Model, Plan } from '../../../shared/domain';
import { openCore, type Core, type CoreOptions } from '../index';
import type { PlannerService } from '../services/planner-service';

/** A core on a fresh temporary workspace, called the way a host calls it (through the dispatcher). */
export interface TestCore {
  core: Core;
  /** The raw answer: for tests of refusals. */
  dispatch(channel: string, input: unknown): Promise<WireResult>;
  /** The value of a successful answer; anything else throws with the code and message. */
  ok<T>(channel: string, input: unknown): Promise<T>;
  close(): void;
}

export function openTestCore(
  prefix: string,
  options: Partial<Pick<CoreOptions, 'demo'>> & { planner?: PlannerService } = {},
  actor = 'test',
): TestCore {
  const core = openCore({
    workspaceDir: mkdtempSync(join(tmpdir(), `ps-${prefix}-`)),
    host: 'browser',
    log: process.env.PS_TEST_LOG ? (m: string) => console.error(m) : () => {},
    ...options,
  });
  const dispatch = (channel: string, input: unknown) =>
    core.dispatcher.dispatch(channel, input, { actor });
  return {
    core,
    dispatch,
    async ok<T>(channel: string, input: unknown): Promise<T> {
      const r = await dispatch(channel, input);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
      return r.value as T;
    },
    close: () => core.close(),
  };
}

/** The demo's models are analysed in the background after the first start; planning needs them. */
export async function waitForAnalysedModels(t: TestCore): Promise<void> {
  for (;;) {
    const models = await t.ok<Model[]>('models.list', {});
    if (models.every((m) => m.facts !== null || m.status === 'rejected')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Plans the demo queue (ffdh, quick), puts it in force and returns its fullest plate's job. */
export async function acceptedFullestJob(t: TestCore): Promise<Job> {
  const proposal = await t.ok<{ plan: Plan }>('plans.propose', {
    strategy: 'ffdh',
    timeLimitSeconds: 2,
  });
  const plan = await t.ok<Plan>('plans.accept', { id: proposal.plan.id });
  return [...plan.jobs].sort((a, b) => b.placements.length - a.placements.length)[0] as Job;
}
