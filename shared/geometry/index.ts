/**
 * shared/geometry — model intake: parse STL / 3MF / OBJ, analyse the mesh, judge it.
 * Pure TypeScript (no Node, no DOM): runs in the intake worker, the renderer and tests.
 * Node callers normally go through electron/core/intake (IntakeService: worker pool,
 * SHA-256, zip/folder expansion) rather than calling this directly.
 *
 * Typical use (what the intake worker does):
 *
 *   const parsed = parseModelFile(bytes, 'bracket_x2.stl', { limits, signal });
 *   const { facts, verdict, details } = analyseModel(parsed, { printers, onProgress, signal });
 *   const { name, quantity } = quantityFromFileName('bracket_x2.stl'); // bracket, 2
 *
 * Mesh layout: `ParsedModel.positions` is a triangle soup, 9 float32 per triangle
 * (x0 y0 z0 x1 y1 z1 x2 y2 z2), millimetres (3MF units converted), CCW seen from outside.
 * Analysis welds it itself (exact first, then within 1e-4 mm where the surface is open).
 *
 * Facts (shared/domain ModelFacts): `watertight` means every edge use has a partner, as
 * admesh and `prusa-slicer --info` count it (two shells touching along an edge still close);
 * `holes` = loops of open edges; `shells` = connected pieces; `volumeMm3` is positive even
 * when `invertedNormals`; `bbox` is in file coordinates; `fits` lists printers and the flat
 * rotations (0/90/180/270) in which the part stands on them.
 *
 * Footprints (for nesting): `facts.footprintHull` (convex hull) and `facts.footprintOutline`
 * (true projected outline, outer rings only, largest first) are CCW polygons in mm, not
 * closed, with the origin at the bbox min corner (the part spans [0, bbox width] ×
 * [0, bbox depth]). The outline contains the real footprint, lies at most
 * details.footprintToleranceMm outside it (≤ 0.5 mm for parts up to 60 mm, ≤ 0.8 % of the
 * longest side beyond) and never leaves the hull. Rotate with rotatePolygon90.
 *
 * Verdict reason codes: errors no-volume, too-tall, too-large, no-printer-fits; warnings
 * holes, non-manifold, inverted-normals, flipped-triangles, duplicate-triangles (open
 * meshes), degenerate-triangles (many), inch-units, supports-likely, stl-trailing-bytes;
 * information (level ok) fits-some, touching-shells, shells, orientation, 3mf-unit,
 * stl-several-solids. A file that cannot be read gets verdictForError(error).
 *
 * Errors: every bad input throws IntakeError { code, message, details } — code is stable
 * (see INTAKE_ERROR_CODES), message is for the technician. Cancellation throws code 'cancelled'.
 */
export {
  IntakeError,
  INTAKE_ERROR_CODES,
  isIntakeError,
  throwIfCancelled,
  type CancelSignal,
  type IntakeErrorCode,
  type IntakeErrorShape,
  type ProgressCallback,
} from './errors';
export { DEFAULT_LIMITS, limitsFromSettings, resolveLimits, type IntakeLimits } from './limits';
export {
  IDENTITY_TRANSFORM,
  UNIT_TO_MM,
  composeTransforms,
  concatPositions,
  scaleMesh,
  transformMesh,
  type MeshPart,
  type ParsedModel,
  type ParseNote,
  type SourceUnit,
  type TriangleMesh,
} from './mesh';
export { parseModelFile, type ParseOptions } from './parse';
export { detectFormat, extensionOf, sniff, type SniffedKind } from './sniff';
export { parseStl } from './stl';
export { parseObj } from './obj';
export { parse3mf } from './threemf';
export {
  isEscapingPath,
  listZip,
  readZipEntry,
  unzipEntries,
  type ZipEntry,
  type ZipEntryInfo,
} from './zip';
export {
  analyseModel,
  type AnalyseOptions,
  type AnalysisDetails,
  type AnalysisInput,
  type ModelAnalysis,
} from './analyse';
export { weldVertices, type WeldedMesh } from './weld';
export { analyseTopology, type Topology } from './topology';
export { measureSoup, type Measures } from './measure';
export { analyseOverhangs, FIRST_LAYER_MM, MAX_BRIDGE_MM, type OverhangResult } from './overhang';
export { convexHull2 } from './hull';
export { footprintOutline, type OutlineOptions, type OutlineResult } from './outline';
export {
  clipToConvex,
  pointInPolygon,
  polygonArea,
  polygonBounds,
  polygonsOverlap,
  rotatePolygon90,
  signedArea,
  simplifyRing,
  translatePolygon,
} from './polygon';
export { FLAT_ROTATIONS, fitPrinters, fitRotations, type PrinterEnvelope } from './fit';
export { rotateMesh, rotationTo, suggestOrientation, type OrientationSuggestion } from './orient';
export { buildVerdict, verdictForError, worstLevel, type VerdictInput } from './verdict';
export { quantityFromFileName } from './quantity';
export {
  asciiStlText,
  encode3mf,
  encodeAsciiStl,
  encodeBinaryStl,
  encodeObj,
  indexMesh,
  threeMfModelXml,
  type AsciiStlStyle,
  type ObjStyle,
  type ThreeMfDocument,
} from './writers';
export { box, invert, merge, prismXZ, sphere, tShape, torus, withoutTriangles } from './solids';

import { analyseModel, type AnalyseOptions, type ModelAnalysis } from './analyse';
import { type ParsedModel } from './mesh';
import { parseModelFile, type ParseOptions } from './parse';

/** Parse then analyse in one call (progress: parsing is reported as the first 10 %). */
export function inspectModelFile(
  bytes: Uint8Array,
  fileName: string,
  options: ParseOptions & Omit<AnalyseOptions, 'signal'> = {},
): { parsed: ParsedModel; analysis: ModelAnalysis } {
  const { onProgress, ...rest } = options;
  onProgress?.(0, 'reading file');
  const parsed = parseModelFile(bytes, fileName, rest);
  const analysis = analyseModel(parsed, {
    ...rest,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(onProgress ? { onProgress: (f, stage) => onProgress(0.1 + 0.9 * f, stage) } : {}),
  });
  return { parsed, analysis };
}
