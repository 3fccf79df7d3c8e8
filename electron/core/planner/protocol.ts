import {
  type PlanningProgress,
  type PlanningResult,
  type StrategyName,
} from '../../../shared/planning';

/** Options a planning run accepts across the worker boundary (all plain data). */
export interface WorkerPlanOptions {
  strategy?: StrategyName;
  seed?: number;
  /** Budget of the MIP phase (s). */
  timeLimitSec?: number;
  /** false: heuristic only (no HiGHS). */
  mip?: boolean;
  /** Pre-filter for candidate plates: rectangle packer (default), nesting engine, area estimate. */
  checker?: 'rectangles' | 'nesting' | 'area';
  /** The nesting engine's final arrangement of every plate of the plan (default true). */
  nesting?: boolean;
  /** Work limits of the MIP phase (default: the planner's; the clock is only a guard). */
  maxSolves?: number;
  maxPolishChunks?: number;
}

export interface PlanRequest {
  type: 'plan';
  requestId: string;
  /** A PlanningInput (validated by the worker). */
  input: unknown;
  options: WorkerPlanOptions;
  /** Int32Array[1]: the host stores 1 to cancel. */
  cancel: SharedArrayBuffer;
}

export type WorkerOut =
  | { type: 'progress'; requestId: string; progress: PlanningProgress }
  | { type: 'result'; requestId: string; result: PlanningResult }
  | { type: 'cancelled'; requestId: string }
  | { type: 'error'; requestId: string; message: string };
