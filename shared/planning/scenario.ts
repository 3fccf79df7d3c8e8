import { z } from 'zod';
import { type Calendar, type CalendarException, type OperatorSlot } from '../domain/calendar';
import { type IsoDate, Polygon, TimeOfDay } from '../domain/common';
import { type Order } from '../domain/order';
import { Plan } from '../domain/plan';
import { type Printer, rectangleBed } from '../domain/printer';
import { type Profile } from '../domain/profile';
import { SiteSettings } from '../domain/settings';
import { EstimatorConfig, type PlanModel, PlanningInput, PlanWeights } from './input';
import { convexHull, signedArea } from '../nesting';
import { sha256Hex } from './sha256';
import { parseDuration } from './time';
import { isValidTimeZone, parseLocalDateTime } from './tz';

/**
 * The scenario file read by `plateshift plan` (documented in resources/scenarios/README.md):
 * a self-contained description of printers, operators, models and orders in friendly units —
 * local date-times in the scenario's zone, weekdays by name, print times as "h:mm:ss".
 */

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const WeekdayInput = z.union([
  z.number().int().min(1).max(7),
  z
    .string()
    .transform((s) => s.trim().toLowerCase().slice(0, 3))
    .pipe(z.enum(WEEKDAYS)),
]);

function weekdayNumber(w: z.infer<typeof WeekdayInput>): number {
  return typeof w === 'number' ? w : WEEKDAYS.indexOf(w) + 1;
}

/** "2024-03-04T08:00" (wall clock in the scenario's zone) or an ISO string with an offset. */
const LocalDateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/,
    'expected YYYY-MM-DDTHH:MM',
  );

const Duration = z.union([
  z.number().positive(),
  z.string().regex(/^\d+:[0-5]\d(:[0-5]\d)?$/, 'expected h:mm[:ss]'),
]);

const ScenarioSlot = z
  .object({
    /** One weekday, or several with `days`. */
    weekday: WeekdayInput.optional(),
    days: z.array(WeekdayInput).optional(),
    start: TimeOfDay,
    end: TimeOfDay,
  })
  .refine((s) => s.weekday !== undefined || (s.days?.length ?? 0) > 0, {
    message: 'give weekday or days',
  });

const ScenarioOperator = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  active: z.boolean().default(true),
  slots: z.array(ScenarioSlot).default([]),
});

const ScenarioException = z.object({
  date: z.iso.date(),
  kind: z.enum(['off', 'extra']),
  /** Operator id; null or absent: everyone. */
  operator: z.string().nullable().default(null),
  start: TimeOfDay.default('00:00'),
  end: TimeOfDay.default('24:00'),
  note: z.string().default(''),
});

const ScenarioProfile = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  material: z.string().min(1).default('PLA'),
  color: z.string().default(''),
  layerHeightMm: z.number().positive().default(0.2),
  nozzleMm: z.number().positive().default(0.4),
  infillPercent: z.number().min(0).max(100).default(15),
});

const ScenarioPrinter = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  model: z.string().default(''),
  /** A rectangle {width, depth} (mm) or an outline polygon. */
  bed: z.union([z.object({ width: z.number().positive(), depth: z.number().positive() }), Polygon]),
  exclusionZones: z.array(Polygon).default([]),
  maxHeightMm: z.number().positive(),
  nozzleMm: z.number().positive().default(0.4),
  /** Profile ids the printer offers; absent: every profile of the scenario. */
  profiles: z.array(z.string()).optional(),
  loadedMaterial: z.string().default(''),
  loadedColor: z.string().default(''),
  status: z.enum(['available', 'maintenance', 'offline']).default('available'),
  maintenance: z
    .array(z.object({ start: LocalDateTime, end: LocalDateTime, reason: z.string().default('') }))
    .default([]),
  hourlyCost: z.number().min(0).default(0),
});

const ScenarioModel = z.object({
  /** The name orders refer to, e.g. "IE_Foot_Bottom.stl". */
  name: z.string().min(1),
  /** SHA-256 of the file when known; otherwise derived from the name. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  widthMm: z.number().positive(),
  depthMm: z.number().positive(),
  heightMm: z.number().min(0),
  volumeMm3: z.number().min(0).optional(),
  surfaceAreaMm2: z.number().min(0).optional(),
  /** Print time of one copy on any profile: minutes, or "h:mm[:ss]" (seed 002's Table 4). */
  printTime: Duration.optional(),
  /** Print time by profile id. */
  printTimeByProfile: z.record(z.string(), Duration).default({}),
  rotatable: z.boolean().default(true),
  /**
   * True footprint (mm): one outline or several rings (islands), in the part's own coordinates
   * with the bounding box's min corner at the origin (intake's facts.footprintOutline). Absent:
   * the width × depth rectangle.
   */
  footprint: z.union([Polygon, z.array(Polygon).min(1)]).optional(),
});

const ScenarioLine = z.object({
  id: z.string().optional(),
  model: z.string().min(1),
  quantity: z.number().int().min(1).max(10000),
  profile: z.string().nullable().default(null),
  material: z.string().default(''),
  color: z.string().default(''),
  /** Required layer height (mm): only profiles with this layer height print the line. */
  layerHeightMm: z.number().positive().nullable().default(null),
});

const ScenarioOrder = z.object({
  id: z.string().min(1),
  reference: z.string().optional(),
  requester: z.string().default(''),
  /** When the order arrived; default: the scenario start. */
  received: LocalDateTime.optional(),
  due: LocalDateTime.nullable().default(null),
  priority: z.number().int().min(0).max(10).default(5),
  lines: z.array(ScenarioLine).min(1),
});

export const Scenario = z.object({
  name: z.string().default('scenario'),
  description: z.string().default(''),
  timezone: z.string().default('Europe/Berlin').refine(isValidTimeZone, 'unknown time zone'),
  /** Planning starts here ("now"). */
  start: LocalDateTime,
  horizonDays: z.number().int().min(1).max(90).default(14),
  settings: SiteSettings.partial().default({}),
  profiles: z.array(ScenarioProfile).default([]),
  printers: z.array(ScenarioPrinter).min(1),
  operators: z.array(ScenarioOperator).min(1),
  exceptions: z.array(ScenarioException).default([]),
  models: z.array(ScenarioModel).min(1),
  orders: z.array(ScenarioOrder).default([]),
  estimator: EstimatorConfig.partial().default({}),
  weights: PlanWeights.partial().default({}),
  allowDelayedStart: z.boolean().default(true),
  /** A plan in force (e.g. from an earlier `plan --json`): its locked and running jobs stay. */
  previousPlan: Plan.nullable().default(null),
});
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

const DEFAULT_PROFILE: Profile = {
  id: 'default',
  name: 'Default PLA 0.2 mm',
  material: 'PLA',
  color: '',
  layerHeightMm: 0.2,
  nozzleMm: 0.4,
  infillPercent: 15,
  slicerSettings: {},
};

function footprintRings(f: Polygon | Polygon[] | undefined): Polygon[] | null {
  if (!f || f.length === 0) return null;
  return Array.isArray(f[0]) ? (f as Polygon[]) : [f as Polygon];
}

export function scenarioModelId(name: string): string {
  return sha256Hex(`plateshift-scenario-model:${name}`);
}

/** Converts a scenario into the planner's input (domain types, UTC instants). */
export function scenarioToInput(raw: ScenarioInput | Scenario): PlanningInput {
  const s = Scenario.parse(raw);
  const tz = s.timezone;
  const iso = (local: string) => new Date(parseLocalDateTime(local, tz)).toISOString();
  const start = iso(s.start);
  const profiles: Profile[] =
    s.profiles.length > 0
      ? s.profiles.map((p) => ({ ...p, name: p.name ?? p.id, slicerSettings: {} }))
      : [DEFAULT_PROFILE];
  const profileIds = new Set(profiles.map((p) => p.id));

  const printers: Printer[] = s.printers.map((p) => {
    for (const id of p.profiles ?? []) {
      if (!profileIds.has(id)) throw new Error(`printer ${p.id} offers unknown profile “${id}”`);
    }
    return {
      id: p.id,
      name: p.name ?? p.id,
      model: p.model,
      bed: Array.isArray(p.bed) ? p.bed : rectangleBed(p.bed.width, p.bed.depth),
      exclusionZones: p.exclusionZones,
      maxHeightMm: p.maxHeightMm,
      nozzleMm: p.nozzleMm,
      loadedMaterial: p.loadedMaterial,
      loadedColor: p.loadedColor,
      profileIds: p.profiles ?? profiles.map((x) => x.id),
      connection: { kind: 'virtual' },
      hourlyCost: p.hourlyCost,
      status: p.status,
      maintenance: p.maintenance.map((m) => ({
        start: iso(m.start),
        end: iso(m.end),
        reason: m.reason,
      })),
    };
  });

  const slots: OperatorSlot[] = [];
  for (const op of s.operators) {
    op.slots.forEach((slot, k) => {
      const days = slot.days ?? (slot.weekday !== undefined ? [slot.weekday] : []);
      days.forEach((d, j) => {
        slots.push({
          id: `${op.id}-${k + 1}-${j + 1}`,
          operatorId: op.id,
          weekday: weekdayNumber(d),
          start: slot.start,
          end: slot.end,
        });
      });
    });
  }
  const operatorIds = new Set(s.operators.map((o) => o.id));
  const exceptions: CalendarException[] = s.exceptions.map((e, k) => {
    if (e.operator !== null && !operatorIds.has(e.operator))
      throw new Error(`exception ${k + 1} names unknown operator “${e.operator}”`);
    return {
      id: `exception-${k + 1}`,
      operatorId: e.operator,
      date: e.date as IsoDate,
      kind: e.kind,
      start: e.start,
      end: e.end,
      note: e.note,
    };
  });
  const calendar: Calendar = {
    timezone: tz,
    operators: s.operators.map((o) => ({ id: o.id, name: o.name ?? o.id, active: o.active })),
    slots,
    exceptions,
  };

  const modelsByName = new Map<string, PlanModel>();
  for (const m of s.models) {
    if (modelsByName.has(m.name)) throw new Error(`model “${m.name}” is listed twice`);
    const printMinutes: Record<string, number> = {};
    const minutes = (d: number | string) => (typeof d === 'number' ? d : parseDuration(d));
    if (m.printTime !== undefined) printMinutes['*'] = minutes(m.printTime);
    for (const [profile, d] of Object.entries(m.printTimeByProfile))
      printMinutes[profile] = minutes(d);
    const rings = footprintRings(m.footprint);
    modelsByName.set(m.name, {
      id: m.sha256 ?? scenarioModelId(m.name),
      name: m.name,
      widthMm: m.widthMm,
      depthMm: m.depthMm,
      heightMm: m.heightMm,
      footprintHull: rings ? convexHull(rings.flat()) : null,
      footprintOutline: rings,
      footprintAreaMm2: rings ? rings.reduce((a, r) => a + Math.abs(signedArea(r)), 0) : null,
      volumeMm3: m.volumeMm3 ?? null,
      surfaceAreaMm2: m.surfaceAreaMm2 ?? null,
      printMinutes,
      rotatable: m.rotatable,
    });
  }

  const orders: Order[] = s.orders.map((o) => ({
    id: o.id,
    reference: o.reference ?? o.id,
    requester: o.requester,
    receivedAt: o.received ? iso(o.received) : start,
    dueAt: o.due ? iso(o.due) : null,
    priority: o.priority,
    status: 'open',
    notes: '',
    lines: o.lines.map((l, k) => {
      const model = modelsByName.get(l.model);
      if (!model) throw new Error(`order ${o.id} line ${k + 1} names unknown model “${l.model}”`);
      if (l.profile && !profileIds.has(l.profile))
        throw new Error(`order ${o.id} line ${k + 1} names unknown profile “${l.profile}”`);
      return {
        id: l.id ?? `${o.id}/${k + 1}`,
        orderId: o.id,
        modelId: model.id,
        quantity: l.quantity,
        profileId: l.profile,
        material: l.material,
        color: l.color,
        layerHeightMm: l.layerHeightMm,
        parts: [],
      };
    }),
  }));

  return PlanningInput.parse({
    start,
    horizonDays: s.horizonDays,
    settings: SiteSettings.parse({ ...s.settings, timezone: tz }),
    printers,
    profiles,
    calendar,
    orders,
    models: [...modelsByName.values()],
    previousPlan: s.previousPlan,
    estimator: s.estimator,
    weights: s.weights,
    allowDelayedStart: s.allowDelayedStart,
  });
}
