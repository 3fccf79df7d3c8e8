import { z } from 'zod';
import { Box3, IsoDateTime, Polygon } from './common';

/** A model is content-addressed: its id is the SHA-256 of the file bytes (hex). */
export const ModelId = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hex digest');
export type ModelId = z.infer<typeof ModelId>;

export const ModelFormat = z.enum(['stl', '3mf', 'obj']);
export type ModelFormat = z.infer<typeof ModelFormat>;

export const VerdictLevel = z.enum(['ok', 'warning', 'error']);
export type VerdictLevel = z.infer<typeof VerdictLevel>;

/** One finding about a model, phrased for a technician. */
export const VerdictReason = z.object({
  level: VerdictLevel,
  /** Stable machine code, e.g. "holes", "too-tall", "inch-units". */
  code: z.string().min(1).max(60),
  message: z.string().min(1).max(500),
});
export type VerdictReason = z.infer<typeof VerdictReason>;

export const Verdict = z.object({
  level: VerdictLevel,
  reasons: z.array(VerdictReason),
});
export type Verdict = z.infer<typeof Verdict>;

/** Which printers a model fits on, and in which of the four flat rotations (degrees). */
export const PrinterFit = z.object({
  printerId: z.string(),
  rotations: z.array(z.number()),
});
export type PrinterFit = z.infer<typeof PrinterFit>;

/** The geometry facts planning needs; filled by intake analysis. */
export const ModelFacts = z.object({
  triangles: z.number().int().min(0),
  volumeMm3: z.number(),
  areaMm2: z.number().min(0),
  bbox: Box3,
  heightMm: z.number().min(0),
  watertight: z.boolean(),
  shells: z.number().int().min(0),
  holes: z.number().int().min(0),
  nonManifoldEdges: z.number().int().min(0),
  degenerateTriangles: z.number().int().min(0),
  duplicateTriangles: z.number().int().min(0),
  invertedNormals: z.boolean(),
  overhangAreaMm2: z.number().min(0),
  supportsLikely: z.boolean(),
  /** Footprint on the bed, as placed (min corner moved to the origin). */
  footprintHull: Polygon.nullable(),
  footprintOutline: z.array(Polygon).default([]),
  footprintAreaMm2: z.number().min(0),
  fits: z.array(PrinterFit).default([]),
});
export type ModelFacts = z.infer<typeof ModelFacts>;

export const ModelStatus = z.enum(['pending', 'analysing', 'ready', 'rejected']);
export type ModelStatus = z.infer<typeof ModelStatus>;

export const Model = z.object({
  id: ModelId,
  name: z.string().min(1).max(260),
  fileName: z.string().min(1).max(260),
  format: ModelFormat,
  sizeBytes: z.number().int().min(0),
  createdAt: IsoDateTime,
  status: ModelStatus,
  /** Scale applied to the file's coordinates (25.4 after the one-click inch fix). */
  unitScale: z.number().positive().default(1),
  verdict: Verdict.nullable(),
  facts: ModelFacts.nullable(),
});
export type Model = z.infer<typeof Model>;
