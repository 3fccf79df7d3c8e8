import { z } from 'zod';
import { Id, Polygon } from './common';

export const PrinterConnection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('virtual') }),
  z.object({
    kind: z.literal('serial'),
    path: z.string().min(1).max(260),
    baudRate: z.number().int().positive().default(115200),
  }),
  z.object({
    kind: z.literal('octoprint'),
    url: z.url(),
    apiKey: z.string().max(200).default(''),
  }),
  z.object({
    kind: z.literal('moonraker'),
    url: z.url(),
    apiKey: z.string().max(200).default(''),
  }),
]);
export type PrinterConnection = z.infer<typeof PrinterConnection>;

export const PrinterStatus = z.enum(['available', 'maintenance', 'offline']);
export type PrinterStatus = z.infer<typeof PrinterStatus>;

export const MaintenanceWindow = z.object({
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
  reason: z.string().max(200).default(''),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

export const Printer = z.object({
  id: Id,
  name: z.string().min(1).max(120),
  /** Catalogue model, e.g. "Prusa MK4". */
  model: z.string().max(120).default(''),
  /** Usable bed outline in millimetres, origin at the front-left corner. */
  bed: Polygon,
  /** Areas of the bed nothing may be placed on (purge line, clips). */
  exclusionZones: z.array(Polygon).default([]),
  maxHeightMm: z.number().positive().max(5000),
  nozzleMm: z.number().positive().max(3).default(0.4),
  loadedMaterial: z.string().max(40).default(''),
  loadedColor: z.string().max(40).default(''),
  profileIds: z.array(Id).default([]),
  connection: PrinterConnection.default({ kind: 'virtual' }),
  hourlyCost: z.number().min(0).default(0),
  status: PrinterStatus.default('available'),
  maintenance: z.array(MaintenanceWindow).default([]),
});
export type Printer = z.infer<typeof Printer>;

export function rectangleBed(widthMm: number, depthMm: number): Polygon {
  return [
    { x: 0, y: 0 },
    { x: widthMm, y: 0 },
    { x: widthMm, y: depthMm },
    { x: 0, y: depthMm },
  ];
}

export function bedBounds(bed: Polygon): { width: number; depth: number } {
  const xs = bed.map((p) => p.x);
  const ys = bed.map((p) => p.y);
  return { width: Math.max(...xs) - Math.min(...xs), depth: Math.max(...ys) - Math.min(...ys) };
}
