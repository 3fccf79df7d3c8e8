import {
  type ModelFacts,
  type Verdict,
  type VerdictLevel,
  type VerdictReason,
} from '../domain/model';
import { type PrinterEnvelope } from './fit';
import { type ParseNote } from './mesh';
import { polygonBounds } from './polygon';

/** Everything the verdict looks at beyond ModelFacts. */
export interface VerdictInput {
  facts: ModelFacts;
  printers: readonly PrinterEnvelope[];
  misorientedEdges: number;
  unpairedNonManifoldEdges: number;
  internalVoids: number;
  likelyInches: boolean;
  overhangAngleDeg: number;
  /** Overhang area that is not bridged (cantilevers, ledges). */
  unsupportedOverhangMm2: number;
  notes: readonly ParseNote[];
  orientationHint?: string;
}

const RANK: Record<VerdictLevel, number> = { ok: 0, warning: 1, error: 2 };

export function worstLevel(reasons: readonly VerdictReason[]): VerdictLevel {
  let level: VerdictLevel = 'ok';
  for (const r of reasons) if (RANK[r.level] > RANK[level]) level = r.level;
  return level;
}

function mm(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function bedSize(p: PrinterEnvelope): { w: number; d: number } {
  const b = polygonBounds(p.bed);
  return { w: b.maxX - b.minX, d: b.maxY - b.minY };
}

/**
 * Turns facts into the verdict a technician reads: errors mean the part will not print as
 * is, warnings mean it may print wrong or needs a look, 'ok' reasons are plain information.
 */
export function buildVerdict(input: VerdictInput): Verdict {
  const { facts, printers } = input;
  const reasons: VerdictReason[] = [];
  const add = (level: VerdictLevel, code: string, message: string): void => {
    reasons.push({
      level,
      code,
      message: message.length > 500 ? message.slice(0, 497) + '…' : message,
    });
  };
  const w = facts.bbox.max.x - facts.bbox.min.x;
  const d = facts.bbox.max.y - facts.bbox.min.y;

  if (Math.abs(facts.volumeMm3) < 1e-3 || facts.heightMm < 1e-4) {
    add(
      'error',
      'no-volume',
      'The mesh encloses no volume (a flat sheet or loose surfaces): there is nothing solid to print.',
    );
  }

  if (printers.length > 0) {
    if (facts.fits.length === 0) {
      const tallest = Math.max(...printers.map((p) => p.maxHeightMm));
      const footprintFitsSomewhere = printers.some((p) => {
        const b = bedSize(p);
        return (w <= b.w && d <= b.d) || (d <= b.w && w <= b.d);
      });
      if (facts.heightMm > tallest + 1e-3) {
        add(
          'error',
          'too-tall',
          `Taller than any printer: ${mm(facts.heightMm)} mm > ${mm(tallest)} mm.`,
        );
      }
      if (!footprintFitsSomewhere) {
        const largest = printers.map(bedSize).sort((a, b) => b.w * b.d - a.w * a.d)[0] as {
          w: number;
          d: number;
        };
        add(
          'error',
          'too-large',
          `Too large for every bed: the footprint ${mm(w)} × ${mm(d)} mm does not fit ${mm(largest.w)} × ${mm(largest.d)} mm in any flat rotation.`,
        );
      } else if (facts.heightMm <= tallest + 1e-3) {
        add(
          'error',
          'no-printer-fits',
          'No printer can take it: it is either too tall or too wide for each of them (or blocked by exclusion zones).',
        );
      }
    } else if (facts.fits.length < printers.length) {
      const names = facts.fits.map(
        (f) => printers.find((p) => p.id === f.printerId)?.name ?? f.printerId,
      );
      add(
        'ok',
        'fits-some',
        `Fits ${facts.fits.length} of ${printers.length} printers: ${names.join(', ')}.`,
      );
    }
  }

  if (facts.holes > 0) {
    add(
      'warning',
      'holes',
      `${plural(facts.holes, 'hole', 'holes')} in the mesh: the slicer will guess the inside.`,
    );
  }
  if (input.unpairedNonManifoldEdges > 0) {
    add(
      'warning',
      'non-manifold',
      `${plural(facts.nonManifoldEdges, 'edge is', 'edges are')} shared by more than two triangles (non-manifold): walls may print doubled or go missing.`,
    );
  } else if (facts.nonManifoldEdges > 0) {
    add(
      'ok',
      'touching-shells',
      `${plural(facts.nonManifoldEdges, 'edge is', 'edges are')} shared by four triangles (pieces touching along an edge): slicers handle this.`,
    );
  }
  if (facts.invertedNormals) {
    add(
      'warning',
      'inverted-normals',
      'The mesh is inside-out (all normals point inward): most slicers flip it back, check the preview.',
    );
  } else if (input.misorientedEdges > 0) {
    add(
      'warning',
      'flipped-triangles',
      `Some triangles face the wrong way (${plural(input.misorientedEdges, 'edge disagrees', 'edges disagree')}): slicers usually repair this, check the preview.`,
    );
  }
  if (facts.duplicateTriangles > 0) {
    // Inside a closed surface a duplicate is an internal double wall slicers ignore.
    add(
      facts.watertight ? 'ok' : 'warning',
      'duplicate-triangles',
      `${plural(facts.duplicateTriangles, 'triangle is', 'triangles are')} duplicated: ${facts.watertight ? 'internal double walls, slicers ignore them.' : 'the slicer may see doubled walls.'}`,
    );
  }
  if (facts.degenerateTriangles > 0) {
    const many = facts.degenerateTriangles > Math.max(10, facts.triangles * 0.01);
    add(
      many ? 'warning' : 'ok',
      'degenerate-triangles',
      `${plural(facts.degenerateTriangles, 'triangle has', 'triangles have')} zero area${many ? ': the mesh is sloppy, re-export it with finer settings.' : ' (harmless, slicers drop them).'}`,
    );
  }
  if (input.likelyInches) {
    const big = Math.max(w, d, facts.heightMm) * 25.4;
    add(
      'warning',
      'inch-units',
      `Very small: ${mm(w)} × ${mm(d)} × ${mm(facts.heightMm)} mm. If the file is in inches it is ${mm(big)} mm long: scale it ×25.4.`,
    );
  }
  if (facts.supportsLikely) {
    add(
      'warning',
      'supports-likely',
      `${(input.unsupportedOverhangMm2 / 100).toFixed(1)} cm² of overhang steeper than ${input.overhangAngleDeg}° hangs free (not bridged): supports likely.`,
    );
  }
  if (facts.shells > 1) {
    const voids = input.internalVoids;
    add(
      'ok',
      'shells',
      voids > 0
        ? `${facts.shells} shells, ${plural(voids, 'of them an internal void', 'of them internal voids')}: printed as one part.`
        : `${facts.shells} separate shells: they are printed together as one part.`,
    );
  }
  if (input.orientationHint) add('ok', 'orientation', input.orientationHint);
  for (const note of input.notes) {
    if (note.code === 'stl-trailing-bytes')
      add('warning', note.code, `${note.message} The file may be damaged.`);
    else if (note.code === '3mf-unit' || note.code === 'stl-several-solids')
      add('ok', note.code, note.message);
  }
  return { level: worstLevel(reasons), reasons };
}

/** The verdict stored with a file that could not be read at all. */
export function verdictForError(error: { code: string; message: string }): Verdict {
  return {
    level: 'error',
    reasons: [{ level: 'error', code: error.code, message: error.message.slice(0, 500) }],
  };
}
