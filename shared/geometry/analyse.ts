import { type Point2, type Polygon } from '../domain/common';
import { type ModelFacts, type Verdict } from '../domain/model';
import { IntakeError, type CancelSignal, type ProgressCallback, throwIfCancelled } from './errors';
import { fitPrinters, type PrinterEnvelope } from './fit';
import { convexHull2 } from './hull';
import { measureSoup } from './measure';
import { analyseOverhangs, type OverhangResult } from './overhang';
import { type ParsedModel, type ParseNote, type TriangleMesh } from './mesh';
import { suggestOrientation, type OrientationSuggestion } from './orient';
import { footprintOutline } from './outline';
import { polygonArea, polygonBounds, translatePolygon } from './polygon';
import { analyseTopology } from './topology';
import { buildVerdict } from './verdict';
import { weldVertices } from './weld';

export interface AnalyseOptions {
  /** Printers to check fit against (each of the 4 flat rotations). Default none. */
  printers?: readonly PrinterEnvelope[];
  /** Faces pointing down more steeply than this (degrees from vertical) are overhangs. Default 45. */
  overhangAngleDeg?: number;
  /** Cantilevered overhang area (not bridges) above which supports are likely. Default 25 mm². */
  supportAreaThresholdMm2?: number;
  /** Vertices closer than this are one vertex (mm). Default 1e-4. */
  weldToleranceMm?: number;
  /** How far the footprint outline may stray outside the true footprint (mm). Default 0.5. */
  footprintToleranceMm?: number;
  /**
   * Look for a better resting face. 'auto' (default) does it for meshes up to 250 000
   * triangles — beyond that it costs a few hundred ms and fine meshes rarely have big flats.
   */
  suggestOrientation?: boolean | 'auto';
  onProgress?: ProgressCallback;
  signal?: CancelSignal;
}

/** Numbers behind the verdict that ModelFacts does not carry. */
export interface AnalysisDetails {
  weldedVertices: number;
  boundaryEdges: number;
  /** Non-manifold edges with an odd use count (open). */
  unpairedNonManifoldEdges: number;
  /** Edges whose two triangles walk them the same way (locally flipped winding). */
  misorientedEdges: number;
  /** Triangles whose corners merged when welding (counted in degenerateTriangles too). */
  collapsedTriangles: number;
  /** Shells whose volume has the opposite sign to the whole: cavities inside the part. */
  internalVoids: number;
  /** Signed volume (negative when inside-out). */
  signedVolumeMm3: number;
  likelyInches: boolean;
  /** Overhang breakdown: total, unsupported (cantilevered) area, regions and bridges. */
  overhang: OverhangResult;
  /** How far footprintOutline may lie outside the true footprint (mm). */
  footprintToleranceMm: number;
  orientation: OrientationSuggestion | null;
  /** Milliseconds spent per stage. */
  timings: Record<string, number>;
}

export interface ModelAnalysis {
  facts: ModelFacts;
  verdict: Verdict;
  details: AnalysisDetails;
}

/** Parsed model or a bare mesh (notes and unit are then unknown). */
export type AnalysisInput = TriangleMesh & Partial<Pick<ParsedModel, 'notes' | 'sourceUnit'>>;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Full geometric analysis of a triangle soup: welding, topology (watertight, holes,
 * non-manifold edges, shells, duplicates), measures (volume, area, bbox, overhangs),
 * footprint (hull + outline, origin at the bbox min corner), printer fit, verdict.
 * Reports progress in [0, 1] and stops with IntakeError('cancelled') when the signal aborts.
 */
export function analyseModel(model: AnalysisInput, options: AnalyseOptions = {}): ModelAnalysis {
  const { positions, triangleCount } = model;
  if (triangleCount <= 0 || positions.length < triangleCount * 9) {
    throw new IntakeError(
      'no-triangles',
      'The model contains no triangles: there is nothing to print.',
    );
  }
  const signal: CancelSignal | undefined = options.signal;
  const progress = options.onProgress ?? ((): void => undefined);
  const overhangAngleDeg = options.overhangAngleDeg ?? 45;
  const printers = options.printers ?? [];
  const timings: Record<string, number> = {};
  let t0 = now();
  const lap = (name: string): void => {
    const t = now();
    timings[name] = Math.round((t - t0) * 100) / 100;
    t0 = t;
  };

  // Exact weld first (what admesh calls "checking exact"); only when that leaves open or
  // unpaired edges are nearby vertices merged within the tolerance, and the edges recounted.
  progress(0, 'welding vertices');
  const tolerance = options.weldToleranceMm ?? 1e-4;
  let welded = weldVertices(positions, triangleCount, 0, signal, (f) =>
    progress(0.3 * f, 'welding vertices'),
  );
  lap('weld');
  progress(0.3, 'checking edges');
  let topo = analyseTopology(welded, signal, (f) => progress(0.3 + 0.25 * f, 'checking edges'));
  lap('topology');
  if (tolerance > 0 && (topo.boundaryEdges > 0 || topo.unpairedNonManifoldEdges > 0)) {
    const near = weldVertices(positions, triangleCount, tolerance, signal);
    if (near.vertexCount < welded.vertexCount) {
      welded = near;
      topo = analyseTopology(welded, signal);
    }
    lap('nearby weld');
  }
  progress(0.55, 'measuring');
  const m = measureSoup(positions, triangleCount, topo.shellOfTriangle, topo.shells, signal, (f) =>
    progress(0.55 + 0.1 * f, 'measuring'),
  );
  lap('measure');
  throwIfCancelled(signal);

  progress(0.65, 'footprint');
  const [minX, minY, minZ] = m.min;
  const [maxX, maxY, maxZ] = m.max;
  const hullRaw = convexHull2(welded.vertices, welded.vertexCount, 3);
  const outline = footprintOutline(positions, triangleCount, hullRaw, {
    toleranceMm: options.footprintToleranceMm ?? 0.5,
    upFacingOnly:
      topo.boundaryEdges === 0 && topo.nonManifoldEdges === 0 && topo.misorientedEdges === 0,
    ...(signal ? { signal } : {}),
  });
  const outlineRaw = outline.polygons;
  const toOrigin = (p: readonly Point2[]): Polygon => translatePolygon(p, -minX, -minY);
  const footprintHull = hullRaw.length >= 3 ? toOrigin(hullRaw) : null;
  const footprintOutlinePolys = outlineRaw.map(toOrigin);
  const footprintAreaMm2 =
    footprintOutlinePolys.length > 0
      ? footprintOutlinePolys.reduce((s, p) => s + polygonArea(p), 0)
      : footprintHull
        ? polygonArea(footprintHull)
        : 0;
  lap('footprint');
  progress(0.85, 'printer fit');

  const heightMm = maxZ - minZ;
  const fits = footprintHull ? fitPrinters(footprintHull, heightMm, printers) : [];
  lap('fit');

  const inverted = m.signedVolume < 0;
  const overhang = analyseOverhangs(
    positions,
    welded,
    topo.edges,
    overhangAngleDeg,
    inverted ? -1 : 1,
    minZ,
    signal,
  );
  lap('overhang');
  const overhangAreaMm2 = overhang.areaMm2;
  const supportThreshold = options.supportAreaThresholdMm2 ?? 25;
  let internalVoids = 0;
  for (let s = 0; s < m.shellVolumes.length; s++) {
    const v = m.shellVolumes[s] as number;
    if (v !== 0 && Math.sign(v) !== Math.sign(m.signedVolume)) internalVoids++;
  }

  let orientation: OrientationSuggestion | null = null;
  const orient = options.suggestOrientation ?? 'auto';
  if (orient === true || (orient === 'auto' && triangleCount <= 250_000)) {
    progress(0.9, 'resting face');
    orientation = suggestOrientation(model, welded, signal);
    lap('orientation');
  }

  const facts: ModelFacts = {
    triangles: triangleCount,
    volumeMm3: Math.abs(m.signedVolume),
    areaMm2: m.area,
    bbox: { min: { x: minX, y: minY, z: minZ }, max: { x: maxX, y: maxY, z: maxZ } },
    heightMm,
    // Closed when every edge use has a partner (what admesh and PrusaSlicer call manifold):
    // shells touching along an edge (4 uses) still close.
    watertight: topo.boundaryEdges === 0 && topo.unpairedNonManifoldEdges === 0,
    shells: topo.shells,
    holes: topo.holes,
    nonManifoldEdges: topo.nonManifoldEdges,
    degenerateTriangles: m.degenerateTriangles,
    duplicateTriangles: topo.duplicateTriangles,
    invertedNormals: inverted,
    overhangAreaMm2,
    supportsLikely: overhang.unsupportedAreaMm2 > supportThreshold,
    footprintHull,
    footprintOutline: footprintOutlinePolys,
    footprintAreaMm2,
    fits,
  };
  const likelyInches = looksLikeInches(facts, printers, model.sourceUnit ?? null);
  const notes: readonly ParseNote[] = model.notes ?? [];
  const verdict = buildVerdict({
    facts,
    printers,
    misorientedEdges: topo.misorientedEdges,
    unpairedNonManifoldEdges: topo.unpairedNonManifoldEdges,
    internalVoids,
    likelyInches,
    overhangAngleDeg,
    unsupportedOverhangMm2: overhang.unsupportedAreaMm2,
    notes,
    // Kept in the verdict (not only when supports are likely): the studio offers "Lay flat"
    // on this reason, and a part with more bed contact also holds better during the print.
    ...(orientation?.better
      ? {
          orientationHint: `Lying on its largest flat face (${(orientation.areaMm2 / 100).toFixed(1)} cm² instead of ${(orientation.currentAreaMm2 / 100).toFixed(1)} cm² on the bed) would ${facts.supportsLikely ? 'be more stable' : 'hold better on the bed'}.`,
        }
      : {}),
  });
  lap('verdict');
  progress(1, 'done');
  return {
    facts,
    verdict,
    details: {
      weldedVertices: welded.vertexCount,
      boundaryEdges: topo.boundaryEdges,
      unpairedNonManifoldEdges: topo.unpairedNonManifoldEdges,
      misorientedEdges: topo.misorientedEdges,
      collapsedTriangles: topo.collapsedTriangles,
      internalVoids,
      signedVolumeMm3: m.signedVolume,
      likelyInches,
      overhang,
      footprintToleranceMm: outline.toleranceMm,
      orientation,
      timings,
    },
  };
}

/**
 * "Everything tiny": STL and OBJ carry no unit, and an inch model read as millimetres is
 * 25.4× too small. Flag when the largest side is under 10 mm yet ×25.4 would still fit a
 * printer (or 300 mm when no printers are known). 3MF declares its unit, so it is trusted.
 */
function looksLikeInches(
  facts: ModelFacts,
  printers: readonly PrinterEnvelope[],
  unit: string | null,
): boolean {
  if (unit !== null) return false;
  const w = facts.bbox.max.x - facts.bbox.min.x;
  const d = facts.bbox.max.y - facts.bbox.min.y;
  const longest = Math.max(w, d, facts.heightMm);
  if (longest >= 10 || longest <= 0) return false;
  const scaled = longest * 25.4;
  if (printers.length === 0) return scaled <= 300;
  return printers.some((p) => {
    const b = polygonBounds(p.bed);
    return scaled <= Math.max(b.maxX - b.minX, b.maxY - b.minY, p.maxHeightMm);
  });
}
