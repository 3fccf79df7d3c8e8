import { Prng } from '../../shared/planning/prng';
import { type Polygon } from '../../shared/domain/common';
import { type ScenarioInput } from '../../shared/planning/scenario';

export interface FarmOptions {
  parts: number;
  printers: number;
  horizonDays: number;
  seed: number;
  /**
   * Real part footprints (outline rings, min corner at the origin): model k takes footprint
   * k mod n. Absent: rectangles of the generated width × depth.
   */
  footprints?: { name: string; outline: Polygon[]; width: number; depth: number }[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local "YYYY-MM-DDTHH:MM" minutes after a local start (wall-clock arithmetic). */
function localPlus(start: string, minutes: number): string {
  const [d, t] = start.split('T') as [string, string];
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const [hh, mm] = t.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, day, hh, mm) + Math.round(minutes) * 60_000)
    .toISOString()
    .slice(0, 16);
}

/**
 * A print farm for the planning benchmark: a mix of printer sizes and materials, two weekday
 * shifts and a Saturday morning, parts with sliced print times (log-normal, median 100 min, up to
 * 16 h) and footprints of typical functional parts, orders arriving over the first ten days with
 * due dates 2–7 days after arrival. Load is about 75 % of the farm's printer-hours.
 */
export function farmScenario(o: FarmOptions): ScenarioInput {
  const rng = new Prng(o.seed);
  const start = '2024-04-08T06:00'; // a Monday
  const printers = Array.from({ length: o.printers }, (_, i) => {
    const kind = i % 10 < 6 ? 'mk4' : i % 10 < 9 ? 'mini' : 'xl';
    const petg = i % 4 === 3;
    const size =
      kind === 'mk4'
        ? { width: 250, depth: 210 }
        : kind === 'mini'
          ? { width: 180, depth: 180 }
          : { width: 360, depth: 360 };
    return {
      id: `${kind}-${pad(i + 1)}`,
      name: `${kind.toUpperCase()} ${i + 1}`,
      bed: size,
      maxHeightMm: kind === 'mini' ? 180 : kind === 'mk4' ? 220 : 360,
      profiles: petg ? ['petg-0.2'] : kind === 'mini' ? ['pla-0.2'] : ['pla-0.2', 'pla-0.15'],
      loadedMaterial: petg ? 'PETG' : 'PLA',
    };
  });
  const models = Array.from({ length: 150 }, (_, i) => {
    const minutes = Math.min(
      960,
      Math.max(
        10,
        Math.round(100 * Math.exp(0.9 * (rng.next() + rng.next() + rng.next() - 1.5) * 1.4)),
      ),
    );
    const side = Math.sqrt(minutes) * (3 + 3 * rng.next());
    const w = Math.round(Math.min(170, Math.max(12, side * (0.6 + 0.8 * rng.next()))));
    const d = Math.round(Math.min(170, Math.max(12, side * (0.6 + 0.8 * rng.next()))));
    const height = 5 + rng.int(120);
    const real = o.footprints?.length ? o.footprints[i % o.footprints.length] : undefined;
    if (real) {
      // A real part's outline (the prusa-i3-mk3s set) with this model's sliced time and height.
      return {
        name: `part-${pad(i + 1)}-${real.name}`,
        widthMm: real.width,
        depthMm: real.depth,
        heightMm: height,
        printTime: minutes,
        footprint: real.outline,
      };
    }
    return {
      name: `part-${pad(i + 1)}.stl`,
      widthMm: w,
      depthMm: d,
      heightMm: height,
      printTime: minutes,
    };
  });
  const orders: ScenarioInput['orders'] = [];
  let remaining = o.parts;
  for (let k = 0; remaining > 0; k++) {
    const arrival = rng.next() < 0.55 ? -rng.int(2 * 1440) : rng.int(10 * 1440);
    const lines = Array.from({ length: 1 + rng.int(3) }, () => {
      const q = Math.min(remaining, 1 + rng.int(rng.next() < 0.2 ? 20 : 6));
      remaining -= q;
      const petg = rng.next() < 0.2;
      return {
        model: rng.pick(models).name,
        quantity: q,
        material: petg ? 'PETG' : 'PLA',
        ...(rng.next() < 0.1 && !petg ? { profile: 'pla-0.15' } : {}),
      };
    }).filter((l) => l.quantity > 0);
    orders.push({
      id: `order-${k + 1}`,
      received: localPlus(start, arrival),
      due: localPlus(start, Math.max(arrival, 0) + 1440 * (2 + rng.int(6)) + rng.int(600)),
      priority: rng.int(11),
      lines,
    });
  }
  return {
    name: `farm: ${o.parts} parts, ${o.printers} printers, ${o.horizonDays} days`,
    timezone: 'Europe/Berlin',
    start,
    horizonDays: o.horizonDays,
    settings: {
      setupMinutes: 10,
      removalMinutes: 15,
      bufferMinutes: 15,
      partSpacingMm: 6,
      rotationStepDeg: 90,
    },
    profiles: [
      { id: 'pla-0.2', material: 'PLA', layerHeightMm: 0.2 },
      { id: 'pla-0.15', material: 'PLA', layerHeightMm: 0.15 },
      { id: 'petg-0.2', material: 'PETG', layerHeightMm: 0.2 },
    ],
    printers,
    operators: [
      {
        id: 'early',
        name: 'Early shift',
        slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '06:00', end: '14:00' }],
      },
      {
        id: 'late',
        name: 'Late shift',
        slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '14:00', end: '22:00' }],
      },
      { id: 'weekend', name: 'Weekend', slots: [{ weekday: 'sat', start: '08:00', end: '12:00' }] },
    ],
    models,
    orders,
  };
}
