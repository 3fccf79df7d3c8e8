import type { Polygon } from '../../../shared/domain/common';
import type { ModelFacts } from '../../../shared/domain/model';
import type { Placement } from '../../../shared/domain/plan';
import type { NestBed } from '../../../shared/nesting/types';
import {
  validatePlate,
  type PlateViolation,
  type PlateViolationKind,
  type ValidatorPart,
  type ValidatorPlacement,
} from '../../../shared/nesting/validate';
import { placedBounds, type Bounds2 } from './placement-transform';

/**
 * Live plate checks for the Plates view. The verdicts come from the independent validator the
 * nesting engine is tested against (shared/nesting/validate.ts); this module only chooses the
 * footprints, keeps drags cheap (moving parts against their neighbours) and words the results
 * with part names a technician recognises.
 */

export type ProblemSeverity = 'error' | 'warning';

export interface PlateProblem {
  /** Stable across re-validations, for React keys and change detection. */
  key: string;
  kind: PlateViolationKind | 'no-footprint';
  severity: ProblemSeverity;
  partIds: string[];
  message: string;
}

export interface PlateContext {
  bed: NestBed;
  spacingMm: number;
  /** Footprint rings per model id (same frame as the mesh). */
  footprints: ReadonlyMap<string, Polygon[]>;
  /** "fs-lever #3 · FL-1002" for a part id. */
  label: (partId: string) => string;
}

/** The footprint the nesting engine uses too: the true outline, else the convex hull. */
export function footprintRings(facts: ModelFacts | null | undefined): Polygon[] | null {
  if (!facts) return null;
  if (facts.footprintOutline.length > 0) return facts.footprintOutline;
  return facts.footprintHull ? [facts.footprintHull] : null;
}

const SEVERITY: Record<PlateProblem['kind'], ProblemSeverity> = {
  overlap: 'error',
  'out-of-bed': 'error',
  'exclusion-zone': 'error',
  duplicate: 'error',
  'invalid-placement': 'error',
  'unknown-part': 'error',
  spacing: 'warning',
  'edge-margin': 'warning',
  'no-footprint': 'warning',
};

function fmt(v: number): string {
  return v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2);
}

function word(v: PlateViolation, ctx: PlateContext): string {
  const [a = '?', b = '?'] = v.ids.map(ctx.label);
  const area = v.areaMm2 !== undefined ? ` (${fmt(v.areaMm2)} mm²)` : '';
  switch (v.kind) {
    case 'overlap':
      return `${a} and ${b} collide${area}.`;
    case 'spacing': {
      const gap = Math.max(0, ctx.spacingMm - v.penetrationMm);
      return `${a} and ${b} are ${fmt(gap)} mm apart; the site keeps ${fmt(ctx.spacingMm)} mm.`;
    }
    case 'out-of-bed':
      return `${a} sticks out of the bed${area}.`;
    case 'edge-margin':
      return `${a} is too close to the bed edge.`;
    case 'exclusion-zone':
      return v.areaMm2 !== undefined
        ? `${a} lies on an exclusion zone${area}.`
        : `${a} is too close to an exclusion zone.`;
    case 'duplicate':
      return `${a} is placed twice.`;
    case 'invalid-placement':
      return `${a} has an invalid position.`;
    case 'unknown-part':
      return `${a} cannot be checked.`;
  }
}

function toProblem(v: PlateViolation, ctx: PlateContext): PlateProblem {
  const ids = [...v.ids].sort();
  return {
    key: `${v.kind}:${ids.join('|')}`,
    kind: v.kind,
    severity: SEVERITY[v.kind],
    partIds: ids,
    message: word(v, ctx),
  };
}

function rank(p: PlateProblem): number {
  return p.severity === 'error' ? 0 : 1;
}

export function sortProblems(problems: PlateProblem[]): PlateProblem[] {
  return problems.sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key));
}

/** The validator's raw verdict on a set of placements, before wording (worker-friendly). */
export interface RawCheck {
  violations: PlateViolation[];
  /** Parts whose model has no footprint yet (not checked). */
  missing: string[];
}

/** Just what the validator needs; plain data, so it can cross to a worker. */
export interface CheckInput {
  bed: NestBed;
  spacingMm: number;
  footprints: ReadonlyMap<string, Polygon[]>;
}

function prepare(
  placements: readonly Placement[],
  footprints: ReadonlyMap<string, Polygon[]>,
): { placements: ValidatorPlacement[]; parts: ValidatorPart[]; missing: string[] } {
  const out = {
    placements: [] as ValidatorPlacement[],
    parts: [] as ValidatorPart[],
    missing: [] as string[],
  };
  for (const p of placements) {
    const rings = footprints.get(p.modelId);
    if (!rings || rings.length === 0) {
      out.missing.push(p.partId);
      continue;
    }
    out.placements.push({ id: p.partId, x: p.x, y: p.y, rotationDeg: p.rotationDeg });
    // Validator parts are keyed by part id; footprints are shared per model.
    out.parts.push({ id: p.partId, footprint: rings });
  }
  return out;
}

/** The whole plate through the validator: every part against the bed and every other part. */
export function checkPlacements(placements: readonly Placement[], input: CheckInput): RawCheck {
  const prep = prepare(placements, input.footprints);
  return {
    violations: validatePlate(input.bed, prep.placements, prep.parts, input.spacingMm),
    missing: prep.missing,
  };
}

/**
 * Some parts against the bed, each other and each of their neighbours, without checking the
 * neighbours against one another: what an edit of those parts can change. The validator's pair
 * test is the expensive part (every segment pair within the spacing), so this is what keeps a
 * drag on a crowded plate cheap.
 */
export function checkAgainst(
  changed: readonly Placement[],
  neighbours: readonly Placement[],
  input: CheckInput,
): RawCheck {
  const own = checkPlacements(changed, input);
  const violations = [...own.violations];
  for (const n of neighbours) {
    const r = checkPlacements([...changed, n], input);
    for (const v of r.violations)
      if (v.ids.length === 2 && v.ids.includes(n.partId)) violations.push(v);
  }
  return { violations, missing: own.missing };
}

export function wordProblems(raw: RawCheck, ctx: PlateContext): PlateProblem[] {
  const missing: PlateProblem[] = raw.missing.map((id) => ({
    key: `no-footprint:${id}`,
    kind: 'no-footprint',
    severity: 'warning',
    partIds: [id],
    message: `${ctx.label(id)} cannot be checked yet: its model is still being analysed.`,
  }));
  return sortProblems([...missing, ...raw.violations.map((v) => toProblem(v, ctx))]);
}

/** Every problem on a plate (synchronous: tests, small plates, the worker's fallback). */
export function validatePlacements(
  placements: readonly Placement[],
  ctx: PlateContext,
): PlateProblem[] {
  return wordProblems(checkPlacements(placements, ctx), ctx);
}

/** The worst severity per part, for instance colours. */
export function severityByPart(problems: readonly PlateProblem[]): Map<string, ProblemSeverity> {
  const out = new Map<string, ProblemSeverity>();
  for (const p of problems) {
    if (p.kind === 'no-footprint') continue;
    for (const id of p.partIds) {
      if (p.severity === 'error' || !out.has(id)) out.set(id, p.severity);
    }
  }
  return out;
}

function near(a: Bounds2, b: Bounds2, gap: number): boolean {
  return !(
    a.maxX + gap < b.minX ||
    b.maxX + gap < a.minX ||
    a.maxY + gap < b.minY ||
    b.maxY + gap < a.minY
  );
}

/**
 * Problems after an edit of `changedIds`, from the problems before it: problems not involving
 * the changed parts stand (the validator judges parts and pairs independently), the changed
 * parts are checked against the bed and their neighbours. Exactly what a full validation says.
 */
export function createIncrementalCheck(
  before: readonly Placement[],
  problemsBefore: readonly PlateProblem[],
  changedIds: ReadonlySet<string>,
  ctx: PlateContext,
): (now: readonly Placement[]) => PlateProblem[] {
  const staticProblems = problemsBefore.filter((p) => !p.partIds.some((id) => changedIds.has(id)));
  const stillBounds = before.flatMap((p) => {
    if (changedIds.has(p.partId)) return [];
    const rings = ctx.footprints.get(p.modelId);
    return rings ? [{ p, b: placedBounds(rings, p) }] : [];
  });
  const gap = ctx.spacingMm + 1e-6;
  return (now) => {
    const changed = now.filter((p) => changedIds.has(p.partId));
    const changedBounds = changed.flatMap((p) => {
      const rings = ctx.footprints.get(p.modelId);
      return rings ? [placedBounds(rings, p)] : [];
    });
    const neighbours = stillBounds
      .filter(({ b }) => changedBounds.some((m) => near(m, b, gap)))
      .map(({ p }) => p);
    const local = wordProblems(checkAgainst(changed, neighbours, ctx), ctx);
    return sortProblems([...staticProblems, ...local]);
  };
}

/** Same problems (by key and wording)? Lets views skip re-rendering while a drag changes nothing. */
export function sameProblems(a: readonly PlateProblem[], b: readonly PlateProblem[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]?.key !== b[i]?.key || a[i]?.message !== b[i]?.message) return false;
  }
  return true;
}
