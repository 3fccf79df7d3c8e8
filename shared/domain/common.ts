import { z } from 'zod';

/** Identifiers are opaque strings; models use their SHA-256, everything else a random id. */
export const Id = z.string().min(1).max(128);
export type Id = z.infer<typeof Id>;

/** Instants cross every boundary as ISO-8601 strings in UTC so JSON and SQLite agree. */
export const IsoDateTime = z.iso.datetime({ offset: true });
export type IsoDateTime = z.infer<typeof IsoDateTime>;

/** Calendar dates (holidays, due dates without a time) in the site's time zone. */
export const IsoDate = z.iso.date();
export type IsoDate = z.infer<typeof IsoDate>;

/** Wall-clock time of day "HH:MM" in the site's time zone. */
export const TimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM (00:00–24:00)');
export type TimeOfDay = z.infer<typeof TimeOfDay>;

export const Point2 = z.object({ x: z.number().finite(), y: z.number().finite() });
export type Point2 = z.infer<typeof Point2>;

/** A simple polygon, counter-clockwise, millimetres, not closed (last ≠ first). */
export const Polygon = z.array(Point2).min(3);
export type Polygon = z.infer<typeof Polygon>;

export const Vec3 = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  z: z.number().finite(),
});
export type Vec3 = z.infer<typeof Vec3>;

export const Box3 = z.object({ min: Vec3, max: Vec3 });
export type Box3 = z.infer<typeof Box3>;

export function timeOfDayToMinutes(t: TimeOfDay): number {
  const [h, m] = t.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export function minutesToTimeOfDay(minutes: number): TimeOfDay {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
