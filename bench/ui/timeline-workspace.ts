// Builds the Timeline benchmark's workspace through the core's own repositories: 20 printers,
// four operators on staggered weekday shifts, synthetic models with facts, orders whose parts
// fill the plates, and a plan in force with N jobs over four weeks (setup and removal tasks
// booked to operators on shift). The studio then serves it like any other workspace, so the
// Timeline receives the plan through `plans.current` over HTTP, validated by the contract.
import { createHash } from 'node:crypto';
import { rectangleBed, type Job, type ModelFacts, type Plan, type Task } from '../../shared/domain';
import { fromZoned, toZoned } from '../../shared/planning/tz';
import { saveOperator, saveSlot } from '../../electron/core/storage/repositories/calendar';
import { insertModel } from '../../electron/core/storage/repositories/models';
import { saveOrder } from '../../electron/core/storage/repositories/orders';
import { acceptProposal, insertProposal } from '../../electron/core/storage/repositories/plans';
import { savePrinter } from '../../electron/core/storage/repositories/printers';
import { saveProfile } from '../../electron/core/storage/repositories/profiles';
import { updateSettings } from '../../electron/core/storage/repositories/settings';
import { Workspace } from '../../electron/core/workspace';

const ACTOR = 'timeline-bench';
const TZ = 'Europe/Berlin';
const MIN = 60_000;
const DAY = 86_400_000;
const SETUP = 10;
const REMOVAL = 20;

export interface TimelineWorkspaceOptions {
  printers: number;
  jobs: number;
  days: number;
  partsPerJob: number;
  nowMs: number;
  seed: number;
}

/** mulberry32: deterministic per seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function facts(w: number, d: number, h: number): ModelFacts {
  return {
    triangles: 1200,
    volumeMm3: w * d * h * 0.4,
    areaMm2: 2 * (w * d + w * h + d * h),
    bbox: { min: { x: 0, y: 0, z: 0 }, max: { x: w, y: d, z: h } },
    heightMm: h,
    watertight: true,
    shells: 1,
    holes: 0,
    nonManifoldEdges: 0,
    degenerateTriangles: 0,
    duplicateTriangles: 0,
    invertedNormals: false,
    overhangAreaMm2: 0,
    supportsLikely: false,
    footprintHull: null,
    footprintOutline: [],
    footprintAreaMm2: w * d,
    fits: [],
  };
}

const local = (ms: number) => toZoned(ms, TZ);
const at = (dayMs: number, hh: number, mm = 0) => {
  const z = local(dayMs + 12 * 3_600_000);
  return fromZoned({ year: z.year, month: z.month, day: z.day }, hh * 60 + mm, TZ);
};

/**
 * Fills an empty workspace folder. With `jobs: 0` it is the reference: the same printers and
 * calendar, nothing scheduled.
 */
export function fillTimelineWorkspace(dir: string, o: TimelineWorkspaceOptions): { jobs: number } {
  const ws = new Workspace(dir, () => undefined);
  const db = ws.db;
  const rnd = prng(o.seed);
  try {
    updateSettings(db, { siteName: 'Timeline bench farm', timezone: TZ }, ACTOR);
    const pla = saveProfile(
      db,
      {
        name: 'PLA 0.20 mm',
        material: 'PLA',
        color: '',
        layerHeightMm: 0.2,
        nozzleMm: 0.4,
        infillPercent: 15,
        slicerSettings: {},
      },
      ACTOR,
    );
    const printerIds: string[] = [];
    for (let i = 0; i < o.printers; i++) {
      const p = savePrinter(
        db,
        {
          name: `${i % 4 === 3 ? 'X1C' : 'MK4'} #${String(i + 1).padStart(2, '0')}`,
          model: i % 4 === 3 ? 'Bambu Lab X1 Carbon' : 'Prusa MK4',
          bed: i % 4 === 3 ? rectangleBed(256, 256) : rectangleBed(250, 210),
          exclusionZones: [],
          maxHeightMm: 220,
          nozzleMm: 0.4,
          loadedMaterial: 'PLA',
          loadedColor: '',
          profileIds: [pla.id],
          connection: { kind: 'virtual' },
          hourlyCost: 1.2,
          status: i === o.printers - 1 ? 'maintenance' : 'available',
          maintenance: [],
        },
        ACTOR,
      );
      printerIds.push(p.id);
    }
    const shifts: [string, string, string][] = [
      ['Anna', '06:00', '14:00'],
      ['Ben', '08:00', '16:30'],
      ['Chris', '12:00', '20:00'],
      ['Dana', '14:00', '22:00'],
    ];
    const operators = shifts.map(([name, start, end]) => {
      const op = saveOperator(db, { name, active: true }, ACTOR);
      for (let weekday = 1; weekday <= 5; weekday++) {
        saveSlot(db, { operatorId: op.id, weekday, start, end }, ACTOR);
      }
      const [sh, sm] = start.split(':').map(Number) as [number, number];
      const [eh, em] = end.split(':').map(Number) as [number, number];
      return { id: op.id, from: sh * 60 + sm, to: eh * 60 + em };
    });

    const modelIds: string[] = [];
    const sizes: [number, number, number][] = [
      [30, 24, 18],
      [42, 20, 12],
      [25, 25, 40],
      [60, 35, 10],
      [18, 18, 22],
    ];
    sizes.forEach(([w, d, h], k) => {
      const id = createHash('sha256').update(`timeline-bench-model-${k}`).digest('hex');
      insertModel(
        db,
        {
          id,
          name: `bench-part-${k + 1}`,
          fileName: `bench-part-${k + 1}.stl`,
          format: 'stl',
          sizeBytes: 1000,
          createdAt: new Date(o.nowMs).toISOString(),
          status: 'ready',
          verdict: { level: 'ok', reasons: [] },
          facts: facts(w, d, h),
        },
        ACTOR,
      );
      modelIds.push(id);
    });

    if (o.jobs === 0) return { jobs: 0 };

    // Parts: one order per 100 jobs, one line per model.
    const partsNeeded = o.jobs * o.partsPerJob;
    const parts: { id: string; modelId: string }[] = [];
    const perOrder = 100 * o.partsPerJob;
    for (let k = 0; parts.length < partsNeeded; k++) {
      const n = Math.min(perOrder, partsNeeded - parts.length);
      const perLine = Math.ceil(n / modelIds.length);
      const order = saveOrder(
        db,
        {
          reference: `TL-${String(k + 1).padStart(3, '0')}`,
          requester: 'Bench',
          dueAt: new Date(o.nowMs + (7 + k) * DAY).toISOString(),
          priority: 5,
          status: 'open',
          notes: '',
          lines: modelIds.map((modelId) => ({
            modelId,
            quantity: perLine,
            profileId: pla.id,
            material: '',
            color: '',
          })),
        },
        ACTOR,
      );
      for (const line of order.lines) {
        for (const p of line.parts) parts.push({ id: p.id, modelId: line.modelId });
      }
    }

    // Jobs: each printer runs plates back to back (day plates, and overnight ones that wait
    // for the morning shift), each set up and removed by an operator on shift and free.
    const planId = 'plan-timeline-bench';
    const jobs: Job[] = [];
    const perPrinter = Math.ceil(o.jobs / o.printers);
    let partCursor = 0;
    let taskNo = 0;
    const taskId = () => `bench-task-${++taskNo}`;
    const booked = new Map<string, [number, number][]>(operators.map((op) => [op.id, []]));
    const freeOperator = (a: number, b: number): string | null => {
      const z = local(a);
      const len = (b - a) / MIN;
      for (const op of operators) {
        if (z.weekday > 5 || z.minuteOfDay < op.from || z.minuteOfDay + len > op.to) continue;
        const list = booked.get(op.id) ?? [];
        if (list.some(([x, y]) => x < b && a < y)) continue;
        list.push([a, b]);
        return op.id;
      }
      return null;
    };
    /** The first moment ≥ t when some operator can spend `minutes` (booked on return). */
    const book = (t: number, minutes: number): { at: number; op: string } => {
      let a = Math.ceil(t / (5 * MIN)) * 5 * MIN;
      for (let guard = 0; guard < 5000; guard++) {
        const op = freeOperator(a, a + minutes * MIN);
        if (op) return { at: a, op };
        a += 5 * MIN;
      }
      throw new Error('no operator time found');
    };
    const cursor = printerIds.map((_, pi) => at(o.nowMs - 3 * DAY, 7, (pi % 6) * 5));
    const made = printerIds.map(() => 0);
    const endOfPlan = o.nowMs + (o.days - 2.5) * DAY;
    while (jobs.length < o.jobs) {
      // The printer that frees up first gets the next plate (spreads operators fairly).
      let pi = -1;
      for (let k = 0; k < printerIds.length; k++) {
        // A printer in maintenance gets a share only (its plates show as conflicts).
        if (k === printerIds.length - 1 && (made[k] as number) >= perPrinter / 2) continue;
        if (pi < 0 || (cursor[k] as number) < (cursor[pi] as number)) pi = k;
      }
      if (pi < 0 || (cursor[pi] as number) > endOfPlan) break;
      const setup = book(cursor[pi] as number, SETUP);
      const start = setup.at + SETUP * MIN;
      const m = local(start).minuteOfDay;
      const minutes =
        m < 10 * 60
          ? 150 + Math.floor(rnd() * 100)
          : m < 17 * 60
            ? 120 + Math.floor(rnd() * 80)
            : 420 + Math.floor(rnd() * 120);
      const end = start + minutes * MIN;
      const uncertainty = Math.round(minutes * 0.12);
      const removal = book(end + (uncertainty + 10) * MIN, REMOVAL);
      cursor[pi] = removal.at + REMOVAL * MIN;
      made[pi] = (made[pi] as number) + 1;
      const id = `job-bench-${String(jobs.length + 1).padStart(4, '0')}`;
      const tasks: Task[] = [
        {
          id: taskId(),
          jobId: id,
          kind: 'setup',
          operatorId: setup.op,
          start: new Date(setup.at).toISOString(),
          end: new Date(start).toISOString(),
        },
        {
          id: taskId(),
          jobId: id,
          kind: 'removal',
          operatorId: removal.op,
          start: new Date(removal.at).toISOString(),
          end: new Date(removal.at + REMOVAL * MIN).toISOString(),
        },
      ];
      const placements = Array.from({ length: o.partsPerJob }, (_, k) => {
        const part = parts[partCursor++ % parts.length] as { id: string; modelId: string };
        return {
          partId: part.id,
          modelId: part.modelId,
          x: 10 + (k % 4) * 60,
          y: 10 + Math.floor(k / 4) * 50,
          rotationDeg: 0,
          fixed: false,
        };
      });
      const status: Job['status'] =
        end < o.nowMs
          ? 'done'
          : start <= o.nowMs
            ? 'printing'
            : start < o.nowMs + DAY
              ? 'approved'
              : 'planned';
      jobs.push({
        id,
        planId,
        printerId: printerIds[pi] as string,
        profileId: pla.id,
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        estimateMinutes: minutes,
        uncertaintyMinutes: uncertainty,
        status,
        locked: rnd() < 0.05,
        placements,
        tasks,
      });
    }
    const plan: Plan = {
      id: planId,
      createdAt: new Date(o.nowMs).toISOString(),
      strategy: 'plateshift',
      status: 'proposal',
      kpis: {
        partsPlanned: jobs.length * o.partsPerJob,
        partsUnplanned: 0,
        utilisation: 0.6,
        tardinessHours: 0,
        lateParts: 0,
        operatorMinutes: jobs.length * (SETUP + REMOVAL),
        plateDensity: 0.3,
        waitingPlateHours: 1,
      },
      jobs,
      unplanned: [],
    };
    insertProposal(db, plan, ACTOR);
    acceptProposal(db, planId, ACTOR);
    return { jobs: jobs.length };
  } finally {
    ws.close();
  }
}
