import { z } from 'zod';
import { Calendar } from '../domain/calendar';
import { IsoDateTime, Polygon } from '../domain/common';
import { type Model, ModelId } from '../domain/model';
import { Order } from '../domain/order';
import { Plan } from '../domain/plan';
import { Printer } from '../domain/printer';
import { Profile } from '../domain/profile';
import { SiteSettings } from '../domain/settings';

/**
 * What planning needs to know about a model: its footprint and height on the bed, the geometry the
 * volumetric estimator uses, and optionally known print times (from a slicer run or a table such
 * as seed 002's Table 4). `planModelFromModel` derives it from intake's ModelFacts.
 */
export const PlanModel = z.object({
  id: ModelId,
  name: z.string().min(1).max(260),
  /** Footprint bounding box as placed on the bed (mm). */
  widthMm: z.number().positive(),
  depthMm: z.number().positive(),
  heightMm: z.number().min(0),
  /** Footprint outline (mm, min corner at the origin); the rectangle is used when absent. */
  footprintHull: Polygon.nullable().default(null),
  /** True footprint outline rings (intake's facts.footprintOutline): what nesting places. */
  footprintOutline: z.array(Polygon).nullable().default(null),
  /** Footprint area (mm²); defaults to the hull's area, else width × depth. */
  footprintAreaMm2: z.number().positive().nullable().default(null),
  volumeMm3: z.number().min(0).nullable().default(null),
  surfaceAreaMm2: z.number().min(0).nullable().default(null),
  /** Known print minutes for one copy, by profile id; the key "*" applies to any profile. */
  printMinutes: z.record(z.string(), z.number().positive()).default({}),
  /** May be turned on the bed (in steps of the site's rotation step). */
  rotatable: z.boolean().default(true),
});
export type PlanModel = z.infer<typeof PlanModel>;

/** Weights of the planner's objective (see shared/planning/README.md, "Objective"). */
export const PlanWeights = z.object({
  /** Cost of one part-minute of tardiness, in printer-minutes. */
  tardiness: z.number().min(0).default(0.05),
  /** Cost of one part-minute spent between arrival and removal (flow time), in printer-minutes. */
  flow: z.number().min(0).default(0.001),
  /** Fixed cost of one job (operator attention, plate swap), in printer-minutes. */
  job: z.number().min(0).default(60),
  /** Cost of one idle printer-minute inside a job's span. */
  idle: z.number().min(0).default(1),
  /** Cost of a part left unplanned, per print minute (seed 004's left-over cost). */
  leftover: z.number().min(0).default(10),
  /**
   * Seed 004's left-over cost by volume (C^left · v_i) in the batch ILPs, per cm³ of the part:
   * a part left in the queue now costs more the more material (and printer time) it carries, so
   * a batch prefers to place big parts and leave small ones that fit any later gap.
   */
  leftoverPerCm3: z.number().min(0).default(0.5),
  /** Fixed cost of a part left unplanned: at 1000 about two weeks of one part's tardiness, so a
   * part is only left out when it truly does not fit. */
  unplannedPart: z.number().min(0).default(1000),
});
export type PlanWeights = z.infer<typeof PlanWeights>;

/** Coefficients of the default volumetric estimator for one profile (seconds per feature). */
export const VolumetricCoefficients = z.object({
  /** s per mm³ of extruded material (shell + infill share of the interior). */
  perMm3: z.number().min(0),
  /** s per layer per part (layer change, travel, retraction). */
  perLayer: z.number().min(0),
  /** s per mm² of surface (outer perimeters are slow). */
  perMm2: z.number().min(0),
  /** s per part (start and end of each island). */
  perPart: z.number().min(0),
});
export type VolumetricCoefficients = z.infer<typeof VolumetricCoefficients>;

export const EstimatorConfig = z.object({
  /** Minutes added once per plate (heating, bed levelling, purge line). */
  plateOverheadMinutes: z.number().min(0).default(5),
  /** Uncertainty margin as a share of estimated minutes that come from the volumetric model. */
  modelUncertainty: z.number().min(0).max(1).default(0.15),
  /** Uncertainty margin as a share of minutes that were given explicitly (slicer, table). */
  explicitUncertainty: z.number().min(0).max(1).default(0.03),
  /** Fixed uncertainty per plate (minutes). */
  fixedUncertaintyMinutes: z.number().min(0).default(0),
  /** Calibrated coefficients per profile id; the key "*" is the fallback. */
  coefficients: z.record(z.string(), VolumetricCoefficients).default({}),
});
export type EstimatorConfig = z.infer<typeof EstimatorConfig>;

/**
 * Everything one planning run reads, in domain types: what the core assembles from storage and
 * what a scenario file becomes. Validated at the worker boundary.
 */
export const PlanningInput = z.object({
  /** "Now": nothing is planned before this instant. */
  start: IsoDateTime,
  /** Defaults to settings.horizonDays. */
  horizonDays: z.number().int().min(1).max(90).optional(),
  settings: SiteSettings,
  printers: z.array(Printer),
  profiles: z.array(Profile),
  calendar: Calendar,
  orders: z.array(Order),
  models: z.array(PlanModel),
  /** The plan in force: its locked, approved, sent and running jobs stay where they are. */
  previousPlan: Plan.nullable().default(null),
  estimator: EstimatorConfig.default(EstimatorConfig.parse({})),
  weights: PlanWeights.default(PlanWeights.parse({})),
  /** Let a job start on a timer after its setup (seed 002's backward scheduling). */
  allowDelayedStart: z.boolean().default(true),
});
export type PlanningInput = z.infer<typeof PlanningInput>;
export type PlanningInputRaw = z.input<typeof PlanningInput>;

function polygonArea(poly: readonly { x: number; y: number }[]): number {
  let a = 0;
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i] as { x: number; y: number };
    const q = poly[(i + 1) % poly.length] as { x: number; y: number };
    a += p.x * q.y - q.x * p.y;
  }
  return Math.abs(a) / 2;
}

/** A part's volume (cm³): the model's, else a third of its bounding box (typical solid share). */
export function volumeCm3(m: PlanModel): number {
  if (m.volumeMm3 !== null && m.volumeMm3 > 0) return m.volumeMm3 / 1000;
  return (m.widthMm * m.depthMm * m.heightMm) / 3000;
}

export function footprintArea(m: PlanModel): number {
  if (m.footprintAreaMm2) return m.footprintAreaMm2;
  if (m.footprintHull) return polygonArea(m.footprintHull);
  return m.widthMm * m.depthMm;
}

/**
 * Planning facts from an analysed model (intake's ModelFacts). Models that are not analysed yet, or
 * were rejected, cannot be planned: null.
 */
export function planModelFromModel(
  model: Model,
  printMinutes: Record<string, number> = {},
): PlanModel | null {
  const f = model.facts;
  if (!f || model.status === 'rejected') return null;
  const w = f.bbox.max.x - f.bbox.min.x;
  const d = f.bbox.max.y - f.bbox.min.y;
  if (!(w > 0 && d > 0)) return null;
  return PlanModel.parse({
    id: model.id,
    name: model.name,
    widthMm: w,
    depthMm: d,
    heightMm: f.heightMm,
    footprintHull: f.footprintHull,
    footprintOutline: f.footprintOutline.length > 0 ? f.footprintOutline : null,
    footprintAreaMm2: f.footprintAreaMm2 > 0 ? f.footprintAreaMm2 : null,
    volumeMm3: Math.abs(f.volumeMm3),
    surfaceAreaMm2: f.areaMm2,
    printMinutes,
  });
}
