import { z } from 'zod';
import { Id } from './common';

/** A print configuration: what a part requires and what a printer offers. */
export const Profile = z.object({
  id: Id,
  name: z.string().min(1).max(120),
  material: z.string().min(1).max(40),
  color: z.string().max(40).default(''),
  layerHeightMm: z.number().positive().max(2),
  nozzleMm: z.number().positive().max(3).default(0.4),
  infillPercent: z.number().min(0).max(100).default(15),
  /** Slicer settings passed through to the slicer (key → value), e.g. {"perimeters": "3"}. */
  slicerSettings: z.record(z.string(), z.string()).default({}),
});
export type Profile = z.infer<typeof Profile>;
