import { type ModelFacts, type ModelFormat, type Verdict } from '../../../shared/domain';
import {
  type AnalysisDetails,
  type IntakeErrorShape,
  type IntakeLimits,
  type MeshPart,
  type ParseNote,
  type PrinterEnvelope,
} from '../../../shared/geometry';

/** Analysis knobs a caller may set per file (all optional). */
export interface IntakeOptions {
  overhangAngleDeg?: number;
  supportAreaThresholdMm2?: number;
  footprintToleranceMm?: number;
  weldToleranceMm?: number;
  suggestOrientation?: boolean | 'auto';
  /** Uniform scale before analysis, e.g. 25.4 for the one-click inch fix. */
  scale?: number;
  /** Row-major 3×3 rotation before analysis, e.g. OrientationSuggestion.rotation. */
  rotation?: number[];
  /** Send the (scaled/rotated) triangle soup back, for thumbnails and the plate view. */
  returnMesh?: boolean;
}

/** Main → worker. `bytes` is transferred; `cancel` is a SharedArrayBuffer(4) flag (1 = stop). */
export interface IntakeJobMessage {
  type: 'analyse';
  jobId: number;
  bytes: ArrayBuffer;
  fileName: string;
  printers: PrinterEnvelope[];
  limits: Partial<IntakeLimits>;
  options: IntakeOptions;
  cancel: SharedArrayBuffer;
}

/** Everything intake learns about one readable file. */
export interface IntakeResult {
  /** SHA-256 of the file bytes (hex): the model id. */
  sha256: string;
  fileName: string;
  /** Display name and quantity read from the file name (`bracket_x2.stl` → bracket, 2). */
  name: string;
  quantity: number;
  format: ModelFormat;
  encoding?: 'binary' | 'ascii';
  sizeBytes: number;
  facts: ModelFacts;
  verdict: Verdict;
  details: AnalysisDetails;
  notes: ParseNote[];
  parts: MeshPart[];
  /** Milliseconds: reading + analysis inside the worker. */
  elapsedMs: number;
  /** 9 floats per triangle (mm), only with options.returnMesh. */
  positions?: Float32Array;
}

/** A file that could not be taken in: its error and the verdict to store with it. */
export interface IntakeFailure {
  sha256: string | null;
  fileName: string;
  name: string;
  quantity: number;
  sizeBytes: number;
  error: IntakeErrorShape;
  verdict: Verdict;
}

export type IntakeOutcome = ({ ok: true } & IntakeResult) | ({ ok: false } & IntakeFailure);

/** Worker → main. */
export type IntakeWorkerMessage =
  | { type: 'progress'; jobId: number; fraction: number; stage: string }
  | { type: 'result'; jobId: number; result: IntakeResult }
  | { type: 'error'; jobId: number; sha256: string | null; error: IntakeErrorShape };
