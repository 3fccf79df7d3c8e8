import { type Job } from '../domain/plan';
import { type Printer } from '../domain/printer';
import { type Profile } from '../domain/profile';
import {
  buildAvailability,
  type Interval,
  mergeIntervals,
  OperatorBook,
  type OperatorAvailability,
} from './calendar';
import {
  type EstimatePart,
  type Estimator,
  createVolumetricEstimator,
  estimatePartOf,
} from './estimator';
import { footprintArea, type PlanModel, type PlanningInput, type PlanWeights } from './input';
import {
  boundsProblem,
  type PlateBed,
  type PlateChecker,
  type PlateItem,
  createRectanglePlateChecker,
  usableBedArea,
} from './plate';
import { EPS, type Minutes, minutesFromIso } from './time';

/** Job statuses the planner never moves (DESIGN §4: locked, approved, sent, running). */
export const FROZEN_STATUSES = new Set(['approved', 'sent', 'printing', 'printed']);

export function isFrozen(job: Job): boolean {
  return job.locked || FROZEN_STATUSES.has(job.status);
}

/** One physical copy to plan, with everything planning reads about it resolved. */
export interface PPart {
  idx: number;
  id: string;
  modelId: string;
  modelName: string;
  orderId: string;
  orderRef: string;
  lineId: string;
  due: Minutes | null;
  priority: number;
  received: Minutes;
  model: PlanModel;
  estimatePart: EstimatePart;
  item: PlateItem;
  /** Spaced footprint area (mm²): what the plate-capacity estimate counts. */
  spacedArea: number;
  footprintArea: number;
  /** Profiles (ids) whose material/colour/profile requirement this part meets. */
  profileIds: string[];
}

export interface PPrinter {
  idx: number;
  id: string;
  name: string;
  printer: Printer;
  bed: PlateBed;
  usableArea: number;
  /** Profiles the printer offers with its loaded material/colour. */
  profiles: Profile[];
  /** False when offline or in maintenance for the whole run. */
  available: boolean;
  /** Maintenance windows and frozen jobs: no new job may overlap these. */
  blocked: Interval[];
}

export interface PlanningContext {
  input: PlanningInput;
  start: Minutes;
  end: Minutes;
  timezone: string;
  setup: Minutes;
  removal: Minutes;
  buffer: Minutes;
  spacing: number;
  rotationStep: number;
  allowDelayedStart: boolean;
  weights: PlanWeights;
  printers: PPrinter[];
  parts: PPart[];
  profiles: Map<string, Profile>;
  estimator: Estimator;
  checker: PlateChecker;
  availability: OperatorAvailability[];
  frozenJobs: Job[];
  /** Part ids already on frozen jobs (not in `parts`). */
  frozenPartIds: Set<string>;
  /** Why parts were dropped before planning (unknown model, order cancelled…), by part id. */
  excluded: Map<string, { code: string; reason: string }>;
  /** compat[part][printer] = profile ids usable for that pair (empty: incompatible). */
  compat: string[][][];
  /** Minutes per (part, profile) — explicit or estimated. */
  minutes(partIdx: number, profileId: string, printerIdx?: number): number;
  /** Whether those minutes were given (explicit) or modelled. */
  explicit(partIdx: number, profileId: string): boolean;
  /** A fresh operator book with the frozen jobs' tasks booked. */
  newBook(): OperatorBook;
}

export interface ContextOptions {
  estimator?: Estimator;
  checker?: PlateChecker;
}

const lc = (s: string | undefined | null) => (s ?? '').trim().toLowerCase();

/**
 * Does a profile satisfy a line's requirement (profile id, else material, colour and layer
 * height)? A required layer height must match within a micrometre (profiles store 0.15, not
 * 0.1500001).
 */
export function profileMeets(
  req: { profileId: string | null; material: string; color: string; layerHeightMm?: number | null },
  profile: Profile,
): boolean {
  if (req.profileId) return req.profileId === profile.id;
  if (req.layerHeightMm != null && Math.abs(req.layerHeightMm - profile.layerHeightMm) > 1e-3)
    return false;
  if (req.material && lc(req.material) !== lc(profile.material)) return false;
  if (req.color && profile.color && lc(req.color) !== lc(profile.color)) return false;
  return true;
}

/** The profiles a printer can run right now: offered, and matching the loaded material. */
export function printerProfiles(
  printer: Printer,
  profiles: ReadonlyMap<string, Profile>,
): Profile[] {
  const out: Profile[] = [];
  for (const id of printer.profileIds) {
    const p = profiles.get(id);
    if (!p) continue;
    if (printer.loadedMaterial && lc(printer.loadedMaterial) !== lc(p.material)) continue;
    if (printer.loadedColor && p.color && lc(printer.loadedColor) !== lc(p.color)) continue;
    out.push(p);
  }
  return out;
}

/** Interval a frozen job occupies its printer: from its setup to the end of its removal. */
export function frozenSpan(job: Job): Interval {
  const times = [minutesFromIso(job.start), minutesFromIso(job.end)];
  for (const t of job.tasks) times.push(minutesFromIso(t.start), minutesFromIso(t.end));
  return { start: Math.min(...times), end: Math.max(...times) };
}

/** Resolves a PlanningInput into the indexed structures the strategies work on. */
export function buildContext(input: PlanningInput, options: ContextOptions = {}): PlanningContext {
  const start = minutesFromIso(input.start);
  const horizonDays = input.horizonDays ?? input.settings.horizonDays;
  const end = start + horizonDays * 1440;
  const s = input.settings;
  const profiles = new Map(input.profiles.map((p) => [p.id, p]));
  const models = new Map(input.models.map((m) => [m.id, m]));
  const estimator = options.estimator ?? createVolumetricEstimator(input.estimator);
  const checker = options.checker ?? createRectanglePlateChecker();

  const frozenJobs = (input.previousPlan?.jobs ?? []).filter(isFrozen);
  const frozenPartIds = new Set(frozenJobs.flatMap((j) => j.placements.map((p) => p.partId)));

  const printers: PPrinter[] = input.printers.map((printer, idx) => {
    const bed: PlateBed = {
      outline: printer.bed,
      exclusionZones: printer.exclusionZones,
      maxHeightMm: printer.maxHeightMm,
    };
    const blocked = mergeIntervals([
      ...printer.maintenance.map((m) => ({
        start: minutesFromIso(m.start),
        end: minutesFromIso(m.end),
      })),
      ...frozenJobs.filter((j) => j.printerId === printer.id).map(frozenSpan),
    ]);
    return {
      idx,
      id: printer.id,
      name: printer.name,
      printer,
      bed,
      usableArea: usableBedArea(bed),
      profiles: printerProfiles(printer, profiles),
      available: printer.status === 'available',
      blocked,
    };
  });

  const excluded = new Map<string, { code: string; reason: string }>();
  const parts: PPart[] = [];
  for (const order of input.orders) {
    for (const line of order.lines) {
      const copies =
        line.parts.length > 0
          ? line.parts
          : Array.from({ length: line.quantity }, (_, k) => ({
              id: `${line.id}#${k + 1}`,
              orderLineId: line.id,
              copy: k + 1,
              status: 'queued' as const,
            }));
      for (const part of copies) {
        if (frozenPartIds.has(part.id)) continue;
        if (!['queued', 'failed', 'planned'].includes(part.status)) continue;
        if (order.status === 'cancelled' || order.status === 'done') {
          excluded.set(part.id, {
            code: 'order-closed',
            reason: `order ${order.reference} is ${order.status}`,
          });
          continue;
        }
        const model = models.get(line.modelId);
        if (!model) {
          excluded.set(part.id, {
            code: 'no-model-facts',
            reason: 'the model has not been analysed (no footprint or height yet)',
          });
          continue;
        }
        const req = {
          profileId: line.profileId,
          material: line.material,
          color: line.color,
          layerHeightMm: line.layerHeightMm,
        };
        const fp = footprintArea(model);
        const item: PlateItem = {
          id: part.id,
          widthMm: model.widthMm,
          depthMm: model.depthMm,
          heightMm: model.heightMm,
          hull: model.footprintHull,
          outline: model.footprintOutline,
          shapeKey: model.id,
          rotatable: model.rotatable,
        };
        parts.push({
          idx: parts.length,
          id: part.id,
          modelId: model.id,
          modelName: model.name,
          orderId: order.id,
          orderRef: order.reference,
          lineId: line.id,
          due: order.dueAt ? minutesFromIso(order.dueAt) : null,
          priority: order.priority,
          received: minutesFromIso(order.receivedAt),
          model,
          estimatePart: estimatePartOf(model),
          item,
          spacedArea: (model.widthMm + s.partSpacingMm) * (model.depthMm + s.partSpacingMm),
          footprintArea: fp,
          profileIds: input.profiles.filter((p) => profileMeets(req, p)).map((p) => p.id),
        });
      }
    }
  }

  const compat: string[][][] = parts.map((part) =>
    printers.map((pr) => {
      if (boundsProblem(part.item, pr.bed, s.rotationStepDeg)) return [];
      return pr.profiles.filter((p) => part.profileIds.includes(p.id)).map((p) => p.id);
    }),
  );

  const cache = new Map<string, { minutes: number; explicit: boolean }>();
  const estimate = (partIdx: number, profileId: string, printerIdx = 0) => {
    const part = parts[partIdx] as PPart;
    const printer = (printers[printerIdx] ?? printers[0])?.printer;
    const key = `${part.modelId}|${profileId}|${printer?.nozzleMm ?? 0.4}`;
    let e = cache.get(key);
    if (!e) {
      const profile = profiles.get(profileId);
      if (!profile) throw new Error(`unknown profile ${profileId}`);
      const r = estimator.part(part.estimatePart, profile, {
        id: printer?.id ?? '',
        nozzleMm: printer?.nozzleMm ?? 0.4,
      });
      e = { minutes: Math.max(r.minutes, EPS), explicit: r.source === 'explicit' };
      cache.set(key, e);
    }
    return e;
  };

  const availability = buildAvailability(input.calendar, start - 1440, end + 1440);

  return {
    input,
    start,
    end,
    timezone: input.calendar.timezone || s.timezone,
    setup: s.setupMinutes,
    removal: s.removalMinutes,
    buffer: s.bufferMinutes,
    spacing: s.partSpacingMm,
    rotationStep: s.rotationStepDeg,
    allowDelayedStart: input.allowDelayedStart,
    weights: input.weights,
    printers,
    parts,
    profiles,
    estimator,
    checker,
    availability,
    frozenJobs,
    frozenPartIds,
    excluded,
    compat,
    minutes: (i, p, pr) => estimate(i, p, pr).minutes,
    explicit: (i, p) => estimate(i, p).explicit,
    newBook() {
      const book = new OperatorBook(availability);
      for (const job of frozenJobs) {
        for (const t of job.tasks) {
          if (!t.operatorId) continue;
          book.book(
            {
              operatorId: t.operatorId,
              start: minutesFromIso(t.start),
              end: minutesFromIso(t.end),
            },
            `${t.kind} ${job.id}`,
            true,
          );
        }
      }
      return book;
    },
  };
}

/** Seed 002's order: due date first (none last), then priority (high first), then longest print. */
export function compareParts(ctx: PlanningContext, profileId: string | null) {
  return (a: PPart, b: PPart): number => {
    const da = a.due ?? Infinity;
    const db = b.due ?? Infinity;
    if (da !== db) return da - db;
    if (a.priority !== b.priority) return b.priority - a.priority;
    if (profileId) {
      const ma = ctx.minutes(a.idx, profileId);
      const mb = ctx.minutes(b.idx, profileId);
      if (ma !== mb) return mb - ma;
    }
    if (a.received !== b.received) return a.received - b.received;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
