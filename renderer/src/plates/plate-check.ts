import type { Polygon } from '../../../shared/domain/common';
import type { Placement } from '../../../shared/domain/plan';
import type { CheckReply, CheckRequest } from './plate-check-worker';
import { checkPlacements, type CheckInput, type RawCheck } from './plate-validation';

/**
 * Whole-plate checks, cached by content and run in a worker (falling back to this thread when
 * workers are unavailable). Edits are checked incrementally on this thread; these full checks
 * run when a plate is opened, when the host's arrangement differs from what the view predicted
 * (undo, re-nest, another window), and for the plate strip's problem counts.
 */

const CACHE_SIZE = 64;
const cache = new Map<string, RawCheck>();
const footprintIds = new WeakMap<ReadonlyMap<string, Polygon[]>, number>();
let nextFootprintId = 1;

/** Content key: the same arrangement on the same bed with the same footprints → same verdict. */
export function checkKey(placements: readonly Placement[], input: CheckInput): string {
  let fid = footprintIds.get(input.footprints);
  if (fid === undefined) {
    fid = nextFootprintId++;
    footprintIds.set(input.footprints, fid);
  }
  const bed = JSON.stringify([input.bed.outline, input.bed.exclusionZones ?? [], input.spacingMm]);
  let body = '';
  for (const p of placements)
    body += `${p.partId}:${p.modelId.slice(0, 12)}:${p.x}:${p.y}:${p.rotationDeg};`;
  return `${fid}|${bed}|${body}`;
}

export function cachedCheck(
  placements: readonly Placement[],
  input: CheckInput,
): RawCheck | undefined {
  const key = checkKey(placements, input);
  const hit = cache.get(key);
  if (hit) {
    // Refresh its place in the LRU order.
    cache.delete(key);
    cache.set(key, hit);
  }
  return hit;
}

function remember(key: string, raw: RawCheck): void {
  cache.set(key, raw);
  while (cache.size > CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
}

let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, (reply: CheckReply) => void>();

function checkWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker =
      typeof Worker === 'undefined'
        ? null
        : new Worker(new URL('./plate-check-worker.ts', import.meta.url), { type: 'module' });
    worker?.addEventListener('message', (e: MessageEvent<CheckReply>) => {
      pending.get(e.data.id)?.(e.data);
      pending.delete(e.data.id);
    });
    worker?.addEventListener('error', () => {
      // A worker that cannot start (strict policy, old engine): check on this thread instead.
      worker?.terminate();
      worker = null;
      for (const [id, reply] of pending) reply({ id, ok: false, message: 'worker failed' });
      pending.clear();
    });
  } catch {
    worker = null;
  }
  return worker;
}

const inFlight = new Map<string, Promise<RawCheck>>();

/** The verdict on a whole plate: from the cache, else computed off this thread. */
export function checkPlate(placements: readonly Placement[], input: CheckInput): Promise<RawCheck> {
  const key = checkKey(placements, input);
  const hit = cache.get(key);
  if (hit) return Promise.resolve(hit);
  const running = inFlight.get(key);
  if (running) return running;
  const used = new Set(placements.map((p) => p.modelId));
  const request: Omit<CheckRequest, 'id'> = {
    bed: input.bed,
    spacingMm: input.spacingMm,
    placements: placements.slice(),
    footprints: [...input.footprints].filter(([id]) => used.has(id)),
  };
  const job = (async () => {
    const w = checkWorker();
    let raw: RawCheck | null = null;
    if (w) {
      const id = nextId++;
      const reply = await new Promise<CheckReply>((resolve) => {
        pending.set(id, resolve);
        w.postMessage({ id, ...request } satisfies CheckRequest);
      });
      if (reply.ok) raw = reply.raw;
    }
    raw ??= checkPlacements(placements, input);
    remember(key, raw);
    return raw;
  })().finally(() => inFlight.delete(key));
  inFlight.set(key, job);
  return job;
}
