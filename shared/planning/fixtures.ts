import { Prng } from './prng';
import { type ScenarioInput } from './scenario';

export interface RandomScenarioOptions {
  printers?: number;
  operators?: number;
  models?: number;
  orders?: number;
  /** Target number of parts (quantities are scaled towards it). */
  parts?: number;
  horizonDays?: number;
  start?: string;
  timezone?: string;
  /** Add awkward cases: an oversized model, a maintenance window, late arrivals, holidays. */
  awkward?: boolean;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** A local "YYYY-MM-DDTHH:MM" some minutes after a local start (calendar arithmetic only). */
function localPlus(start: string, minutes: number): string {
  const [d, t] = start.split('T') as [string, string];
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const [hh, mm] = t.split(':').map(Number) as [number, number];
  const base = Date.UTC(y, m - 1, day, hh, mm) + Math.round(minutes) * 60_000;
  return new Date(base).toISOString().slice(0, 16);
}

/**
 * A seeded random scenario for property tests and benchmarks: several printers and profiles, one
 * to three operators with weekday shifts, models with explicit or modelled print times, orders
 * with due dates. The default start spans the Europe/Berlin spring DST change.
 */
export function randomScenario(seed: number, o: RandomScenarioOptions = {}): ScenarioInput {
  const rng = new Prng(seed);
  const start = o.start ?? '2024-03-25T06:00';
  const horizonDays = o.horizonDays ?? 10;
  const nPrinters = o.printers ?? 2 + rng.int(4);
  const nOperators = o.operators ?? 1 + rng.int(3);
  const nModels = o.models ?? 8 + rng.int(20);
  const nOrders = o.orders ?? 5 + rng.int(12);
  const awkward = o.awkward ?? true;
  const profiles = [
    { id: 'pla-0.2', material: 'PLA', layerHeightMm: 0.2 },
    { id: 'pla-0.15', material: 'PLA', layerHeightMm: 0.15, infillPercent: 20 },
    { id: 'petg-0.2', material: 'PETG', layerHeightMm: 0.2 },
  ];
  const printers = Array.from({ length: nPrinters }, (_, i) => {
    const petg = i % 3 === 2;
    const width = 180 + rng.int(13) * 10;
    return {
      id: `P${i + 1}`,
      name: `Printer ${i + 1}`,
      bed: { width, depth: Math.min(width, 180 + rng.int(8) * 10) },
      maxHeightMm: 150 + rng.int(11) * 10,
      profiles: petg ? ['petg-0.2'] : rng.next() < 0.5 ? ['pla-0.2', 'pla-0.15'] : ['pla-0.2'],
      loadedMaterial: petg ? 'PETG' : 'PLA',
      maintenance:
        awkward && i === 0 && rng.next() < 0.7
          ? [
              {
                start: localPlus(start, 1440 * (1 + rng.int(3)) + 600),
                end: localPlus(start, 1440 * (2 + rng.int(3)) + 300),
                reason: 'nozzle change',
              },
            ]
          : [],
    };
  });
  const operators = Array.from({ length: nOperators }, (_, i) => {
    const slots: { days: string[]; start: string; end: string }[] = [];
    const from = 6 * 60 + rng.int(16) * 30;
    const len = 60 + rng.int(14) * 30;
    slots.push({
      days: DAYS.slice(0, 5) as unknown as string[],
      start: hhmm(from),
      end: hhmm(Math.min(from + len, 23 * 60 + 30)),
    });
    if (rng.next() < 0.5) {
      const f2 = 8 * 60 + rng.int(10) * 30;
      slots.push({
        days: [rng.pick(['sat', 'sun'])],
        start: hhmm(f2),
        end: hhmm(f2 + 60 + rng.int(4) * 30),
      });
    }
    return { id: `op${i + 1}`, name: `Operator ${i + 1}`, slots };
  });
  const startDate = start.slice(0, 10);
  const dateAfter = (days: number) => localPlus(`${startDate}T12:00`, days * 1440).slice(0, 10);
  const exceptions = awkward
    ? [
        { date: dateAfter(2 + rng.int(4)), kind: 'off' as const, operator: null, note: 'holiday' },
        {
          date: dateAfter(1 + rng.int(6)),
          kind: 'extra' as const,
          operator: 'op1',
          start: '18:00',
          end: '19:30',
        },
      ]
    : [];
  const models = Array.from({ length: nModels }, (_, i) => {
    const w = 10 + rng.int(90);
    const d = 10 + rng.int(90);
    const h = 2 + rng.int(120);
    const explicit = rng.next() < 0.6;
    return {
      name: `model-${i + 1}.stl`,
      widthMm: w,
      depthMm: d,
      heightMm: h,
      volumeMm3: Math.round(w * d * h * (0.2 + 0.5 * rng.next())),
      ...(explicit ? { printTime: Math.round(20 + rng.next() ** 2 * 1400) } : {}),
    };
  });
  if (awkward)
    models.push({
      name: 'oversized.stl',
      widthMm: 400,
      depthMm: 380,
      heightMm: 50,
      volumeMm3: 1e6,
      printTime: 600,
    });
  const wantParts = o.parts;
  const orders = Array.from({ length: nOrders }, (_, i) => {
    const nLines = 1 + rng.int(3);
    const arrives = awkward && rng.next() < 0.2 ? 60 * (6 + rng.int(72)) : -rng.int(2000);
    const due =
      rng.next() < 0.8 ? localPlus(start, 1440 * (1 + rng.int(horizonDays)) + rng.int(600)) : null;
    return {
      id: `order-${i + 1}`,
      received: localPlus(start, arrives),
      due,
      priority: rng.int(11),
      lines: Array.from({ length: nLines }, () => {
        const model = rng.pick(models.filter((m) => m.name !== 'oversized.stl'));
        const petg = rng.next() < 0.2;
        return {
          model: model.name,
          quantity:
            1 + rng.int(wantParts ? Math.max(1, Math.round((2 * wantParts) / (nOrders * 2))) : 6),
          material: petg ? 'PETG' : 'PLA',
          ...(rng.next() < 0.15 && !petg ? { profile: 'pla-0.15' } : {}),
        };
      }),
    };
  });
  if (awkward)
    orders.push({
      id: 'order-big',
      received: start,
      due: null,
      priority: 5,
      lines: [{ model: 'oversized.stl', quantity: 1, material: 'PLA' }],
    });
  return {
    name: `random-${seed}`,
    timezone: o.timezone ?? 'Europe/Berlin',
    start,
    horizonDays,
    settings: {
      setupMinutes: [0, 5, 10, 15][rng.int(4)] ?? 10,
      removalMinutes: [10, 15, 20, 30][rng.int(4)] ?? 15,
      bufferMinutes: [0, 10, 15, 30][rng.int(4)] ?? 15,
      partSpacingMm: 2 + rng.int(6),
    },
    profiles,
    printers,
    operators,
    exceptions,
    models,
    orders,
  };
}
