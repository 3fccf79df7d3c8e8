import { ApiError } from '../../../shared/api';
import type { MeshRepairReport } from '../../../shared/api/channels/intake';
import {
  type CancelSignal,
  encodeBinaryStl,
  inspectModelFile,
  isIntakeError,
  type IntakeLimits,
  parseModelFile,
  type PrinterEnvelope,
  scaleMesh,
  type TriangleMesh,
} from '../../../shared/geometry';
import { repairMesh, type RepairResult } from '../../../shared/geometry/repair';

/** The repaired mesh as manifold-3d judged it. */
export interface ManifoldProof {
  library: string;
  /** manifold-3d's ErrorStatus ('NoError' when it is a closed 2-manifold). */
  status: string;
  volumeMm3: number;
}

interface ManifoldModule {
  Manifold: new (mesh: unknown) => { status(): string; volume(): number; delete(): void };
  Mesh: new (options: {
    numProp: number;
    vertProperties: Float32Array;
    triVerts: Uint32Array;
  }) => unknown;
}

let manifoldModule: Promise<ManifoldModule> | null = null;

/**
 * manifold-3d is ESM with a WASM file next to it: loaded with a dynamic import (kept as is by
 * the CJS bundles, where the package is external) and only when a repair is asked for.
 */
function loadManifold(): Promise<ManifoldModule> {
  manifoldModule ??= import('manifold-3d').then(async (mod) => {
    const m = await mod.default();
    m.setup();
    return m as unknown as ManifoldModule;
  });
  return manifoldModule;
}

/**
 * Builds a manifold-3d solid from the repaired mesh: an independent implementation agreeing
 * that the surface is closed and 2-manifold, and that it encloses the volume we measured.
 */
export async function proveWithManifold(indexed: RepairResult['indexed']): Promise<ManifoldProof> {
  const { Manifold, Mesh } = await loadManifold();
  const library = 'manifold-3d 3.2.1';
  let solid: { status(): string; volume(): number; delete(): void } | null = null;
  try {
    solid = new Manifold(
      new Mesh({ numProp: 3, vertProperties: indexed.vertices, triVerts: indexed.indices }),
    );
    return { library, status: solid.status(), volumeMm3: solid.volume() };
  } catch (err) {
    // The constructor throws a ManifoldError whose message is the status ("Not manifold").
    const message = err instanceof Error ? err.message : String(err);
    return { library, status: message || 'NotManifold', volumeMm3: 0 };
  } finally {
    solid?.delete();
  }
}

/**
 * repairMesh, then manifold-3d's verdict on the result. Throws ApiError('validation') with a
 * sentence naming what is still wrong when the mesh needs nothing, cannot be closed, or is
 * not accepted by manifold-3d. Shared by the service and `plateshift inspect --repair`.
 */
export async function repairAndProve(
  mesh: TriangleMesh,
  name: string,
  signal?: CancelSignal,
): Promise<{ repaired: RepairResult; proof: ManifoldProof }> {
  const repaired = repairMesh(mesh, signal ? { signal } : {});
  const { report } = repaired;
  if (!report.watertight || report.unrepaired.length > 0) {
    const left = report.unrepaired.map((p) => p.message).join(' ');
    throw new ApiError(
      'validation',
      `“${name}” cannot be repaired automatically: ${left || 'the surface stays open.'} Nothing was changed.`,
      { report },
    );
  }
  if (!report.changed) {
    throw new ApiError(
      'validation',
      `“${name}” has nothing to repair: the mesh is already closed and consistently oriented.`,
    );
  }
  const proof = await proveWithManifold(repaired.indexed);
  const volumeGap =
    Math.abs(proof.volumeMm3 - report.volumeAfterMm3) / Math.max(report.volumeAfterMm3, 1e-9);
  if (proof.status !== 'NoError' || proof.volumeMm3 <= 0 || volumeGap > 1e-3) {
    const why =
      proof.status !== 'NoError'
        ? `manifold-3d rejects the repaired mesh (${proof.status})`
        : proof.volumeMm3 <= 0
          ? 'manifold-3d finds the repaired mesh inside-out or empty'
          : `manifold-3d measures ${proof.volumeMm3.toFixed(1)} mm³ where we measure ${report.volumeAfterMm3.toFixed(1)} mm³`;
    throw new ApiError(
      'validation',
      `“${name}” cannot be repaired automatically: ${why}. Nothing was changed.`,
      { report, proof },
    );
  }
  return { repaired, proof };
}

export const REPAIRED_SUFFIX = ' (repaired)';

/** “bracket_x2.stl” → “bracket_x2 (repaired).stl” (at most 260 characters). */
export function repairedFileName(fileName: string): string {
  const stem = fileName.replace(/\.[^.]+$/, '');
  return stem.slice(0, 260 - REPAIRED_SUFFIX.length - 4) + REPAIRED_SUFFIX + '.stl';
}

/** What a repair needs from storage: plain data, so it can cross to a worker thread. */
export interface RepairInput {
  bytes: Uint8Array;
  id: string;
  name: string;
  fileName: string;
  unitScale: number;
  limits: IntakeLimits;
  printers: PrinterEnvelope[];
  /** The site's overhang angle (SiteSettings.overhangAngleDeg); default 45. */
  overhangAngleDeg?: number;
}

export interface PreparedRepair {
  file: Uint8Array;
  fileName: string;
  report: MeshRepairReport;
  proof: ManifoldProof;
  analysis: ReturnType<typeof inspectModelFile>['analysis'];
}

export interface RepairProgress {
  onProgress: (done: number, total: number, stage: string) => void;
}

export type RepairRunner = (
  input: RepairInput,
  options: RepairProgress & { signal: AbortSignal },
) => Promise<PreparedRepair>;

/**
 * Everything of a repair that touches no storage: parse the stored bytes, repair, prove with
 * manifold-3d, encode, and analyse the very bytes that will be stored. Throws ApiError with a
 * sentence a technician can act on.
 */
export async function prepareRepair(
  input: RepairInput,
  options: RepairProgress & { signal: CancelSignal },
): Promise<PreparedRepair> {
  const { signal, onProgress } = options;
  onProgress(0, 4, 'reading the file');
  let parsed;
  try {
    parsed = parseModelFile(input.bytes, input.fileName, { limits: input.limits, signal });
  } catch (err) {
    if (isIntakeError(err)) throw new ApiError('validation', err.message);
    throw err;
  }
  // A model fixed to millimetres (×25.4) is repaired at its real size; the scale is baked
  // into the repaired file, which then needs no scale of its own.
  const mesh = input.unitScale !== 1 ? scaleMesh(parsed, input.unitScale) : parsed;
  onProgress(1, 4, 'repairing');
  const { repaired, proof } = await repairAndProve(mesh, input.name, signal);
  onProgress(3, 4, 'analysing the repaired mesh');
  const file = encodeBinaryStl(repaired.mesh, `PlateShift repair of ${input.id.slice(0, 16)}`);
  const fileName = repairedFileName(input.fileName);
  const { analysis } = inspectModelFile(file, fileName, {
    limits: input.limits,
    printers: input.printers,
    ...(input.overhangAngleDeg !== undefined ? { overhangAngleDeg: input.overhangAngleDeg } : {}),
    signal,
  });
  if (!analysis.facts.watertight) {
    throw new ApiError(
      'internal',
      `The repaired “${input.name}” does not read back watertight. Nothing was changed.`,
    );
  }
  return { file, fileName, report: repaired.report, proof, analysis };
}
