import { z } from 'zod';

/** Site-wide planning settings (seed 002's setup/removal/buffer times and friends). */
export const SiteSettings = z.object({
  siteName: z.string().min(1).max(120).default('FabLab'),
  timezone: z.string().min(1).max(64).default('Europe/Berlin'),
  setupMinutes: z.number().int().min(0).max(600).default(15),
  removalMinutes: z.number().int().min(0).max(600).default(30),
  bufferMinutes: z.number().int().min(0).max(600).default(15),
  partSpacingMm: z.number().min(0).max(50).default(6),
  rotationStepDeg: z.number().int().min(1).max(360).default(90),
  horizonDays: z.number().int().min(1).max(90).default(14),
  maxFileSizeMb: z.number().int().min(1).max(2048).default(200),
  maxTriangles: z.number().int().min(1).max(50_000_000).default(5_000_000),
  /** Intake: faces hanging down more steeply than this (degrees from vertical) are overhangs. */
  overhangAngleDeg: z.number().min(1).max(89).default(45),
});
export type SiteSettings = z.infer<typeof SiteSettings>;
