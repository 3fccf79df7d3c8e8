/*
 * ESICUP irregular strip-packing instances in jagua-rs JSON (as shipped by sparrow):
 * { name, strip_height, items: [{ id, demand, allowed_orientations, shape: { type:
 * "simple_polygon", data: [[x, y], …] } }] }. Older files use PascalCase keys.
 */
import { NestInputError, type NestPart, type NestRequest, type Point2 } from './types';

export interface StripInstance {
  name: string;
  stripHeight: number;
  items: { id: string; demand: number; orientations: number[]; polygon: Point2[] }[];
}

function field(o: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) if (n in o) return o[n];
  return undefined;
}

export function parseStripInstance(json: unknown, fallbackName = 'instance'): StripInstance {
  if (!json || typeof json !== 'object')
    throw new NestInputError('The strip instance is not a JSON object.');
  const o = json as Record<string, unknown>;
  const name = String(field(o, 'name', 'Name') ?? fallbackName);
  const h = Number(field(o, 'strip_height', 'StripHeight', 'stripHeight'));
  if (!Number.isFinite(h) || h <= 0)
    throw new NestInputError(`Instance “${name}”: strip_height is missing.`);
  const rawItems = field(o, 'items', 'Items');
  if (!Array.isArray(rawItems)) throw new NestInputError(`Instance “${name}”: items are missing.`);
  const items = rawItems.map((ri: unknown, k) => {
    const r = (ri ?? {}) as Record<string, unknown>;
    const id = String(field(r, 'id', 'Id') ?? k);
    const demand = Number(field(r, 'demand', 'Demand') ?? 1);
    const orientations = (field(r, 'allowed_orientations', 'AllowedOrientations') as
      number[] | undefined) ?? [0];
    const shape = (field(r, 'shape', 'Shape') ?? {}) as Record<string, unknown>;
    const data = field(shape, 'data', 'Data');
    if (!Array.isArray(data))
      throw new NestInputError(`Instance “${name}”: item ${id} has no polygon.`);
    const polygon = (data as unknown[]).map((pt) => {
      const a = pt as [number, number];
      return { x: Number(a[0]), y: Number(a[1]) };
    });
    return {
      id,
      demand: Math.max(0, Math.floor(demand)),
      orientations: orientations.map(Number),
      polygon,
    };
  });
  return { name, stripHeight: h, items };
}

/** Total demand. */
export function instanceSize(inst: StripInstance): number {
  return inst.items.reduce((a, it) => a + it.demand, 0);
}

/** A strip-mode request for the instance (no spacing, no simplification). */
export function stripRequest(
  inst: StripInstance,
  options: Partial<Omit<NestRequest, 'bed' | 'parts' | 'mode'>> = {},
): NestRequest {
  const h = inst.stripHeight;
  const parts: NestPart[] = [];
  for (const it of inst.items) {
    for (let k = 0; k < it.demand; k++) {
      parts.push({ id: `${it.id}#${k + 1}`, footprint: it.polygon, rotations: it.orientations });
    }
  }
  return {
    spacingMm: 0,
    simplifyToleranceMm: 0,
    ...options,
    mode: 'strip',
    bed: {
      outline: [
        { x: 0, y: 0 },
        { x: h, y: 0 },
        { x: h, y: h },
        { x: 0, y: h },
      ],
    },
    stripHeight: h,
    parts,
  };
}
