/**
 * The MIP solver as planning sees it: a small, solver-neutral model format and an injected solver.
 * shared/ stays pure — the Node side (worker, CLI, tests) loads the `highs` WASM module and passes
 * the loaded instance to `createHighsSolver`.
 */

export interface MipRow {
  lower: number;
  upper: number;
  indices: number[];
  values: number[];
}

/** minimise Σ cost·x subject to lower ≤ A x ≤ upper and column bounds; some columns integer. */
export interface MipModel {
  /** Constant added to the objective (matters for the relative gap). */
  offset?: number;
  colCost: number[];
  colLower: number[];
  colUpper: number[];
  integer: boolean[];
  rows: MipRow[];
}

export interface MipSolveOptions {
  /** Wall-clock safety limit (s). Hitting it makes the run depend on machine speed. */
  timeLimitSec: number;
  relativeGap: number;
  seed: number;
  /** Branch-and-bound node limit: the deterministic work limit. */
  maxNodes?: number;
  /** A feasible assignment to start from (the heuristic's choice). */
  start?: number[];
  shouldStop?: () => boolean;
}

export interface MipSolution {
  status: 'optimal' | 'feasible' | 'infeasible' | 'no-solution' | 'error';
  values: number[] | null;
  objective: number | null;
  timeLimitHit: boolean;
  nodes: number;
  message?: string;
}

export interface MipSolver {
  readonly name: string;
  solve(model: MipModel, options: MipSolveOptions): MipSolution;
}

/** The part of the `highs` package API used here (structural, so no import of the package). */
export interface HighsModelLike {
  options: { set(values: Record<string, boolean | number | string>): unknown };
  info: { get(name: string): unknown };
  setSolution(solution: { colValue: readonly number[] }): unknown;
  run(callbacks?: Record<number, (event: { interrupt(): void }) => undefined>): {
    modelStatus: number;
  };
  getSolution(): { colValue: ArrayLike<number> };
  getObjectiveValue(): number;
  dispose(): void;
}

export interface HighsLike {
  readonly infinity: number;
  readonly constants: {
    readonly modelStatus: {
      readonly optimal: number;
      readonly infeasible: number;
      readonly timeLimit: number;
      readonly interrupted: number;
      readonly empty: number;
    };
    readonly callbackType: { readonly mipInterrupt: number };
    readonly variableType: { readonly continuous: number; readonly integer: number };
  };
  createModel(data: {
    offset?: number;
    numCols: number;
    numRows: number;
    colCost: number[];
    colLower: number[];
    colUpper: number[];
    rowLower: number[];
    rowUpper: number[];
    matrix: {
      format: 'csr';
      numRows: number;
      numCols: number;
      starts: number[];
      indices: number[];
      values: number[];
    };
    integrality: Int32Array;
  }): HighsModelLike;
}

function finite(v: number, inf: number): number {
  if (v === Infinity) return inf;
  if (v === -Infinity) return -inf;
  return v;
}

/**
 * Defaults for planning's small allocation models: the root heuristics (RINS, RENS, reduced-cost
 * fixing, feasibility jump) cost seconds in the WASM build and rarely beat the warm start.
 */
export const HIGHS_PLANNING_OPTIONS: Readonly<Record<string, boolean | number | string>> = {
  mip_heuristic_run_root_reduced_cost: false,
  mip_heuristic_run_rins: false,
  mip_heuristic_run_rens: false,
  // Planning always passes the heuristic's allocation as a start; feasibility jump would only
  // look for a first solution we already have.
  mip_heuristic_run_feasibility_jump: false,
  // Identical printers make the models symmetric, but with a few hundred nodes at most the
  // detection costs more than it prunes.
  mip_detect_symmetry: false,
};

/** HiGHS (via the `highs` npm package) behind the MipSolver interface. */
export function createHighsSolver(
  highs: HighsLike,
  extraOptions: Readonly<Record<string, boolean | number | string>> = HIGHS_PLANNING_OPTIONS,
): MipSolver {
  return {
    name: 'highs',
    solve(model, options) {
      const n = model.colCost.length;
      const starts = [0];
      const indices: number[] = [];
      const values: number[] = [];
      for (const r of model.rows) {
        indices.push(...r.indices);
        values.push(...r.values);
        starts.push(indices.length);
      }
      const inf = highs.infinity;
      let m: HighsModelLike | null = null;
      try {
        m = highs.createModel({
          offset: model.offset ?? 0,
          numCols: n,
          numRows: model.rows.length,
          colCost: model.colCost,
          colLower: model.colLower.map((v) => finite(v, inf)),
          colUpper: model.colUpper.map((v) => finite(v, inf)),
          rowLower: model.rows.map((r) => finite(r.lower, inf)),
          rowUpper: model.rows.map((r) => finite(r.upper, inf)),
          matrix: {
            format: 'csr',
            numRows: model.rows.length,
            numCols: n,
            starts,
            indices,
            values,
          },
          integrality: Int32Array.from(model.integer, (b) =>
            b ? highs.constants.variableType.integer : highs.constants.variableType.continuous,
          ),
        });
        const opts: Record<string, boolean | number | string> = {
          ...extraOptions,
          output_flag: false,
          time_limit: Math.max(0.01, options.timeLimitSec),
          mip_rel_gap: options.relativeGap,
          random_seed: Math.abs(Math.floor(options.seed)) % 2147483647,
        };
        if (options.maxNodes !== undefined) opts.mip_max_nodes = options.maxNodes;
        m.options.set(opts);
        if (options.start && options.start.length === n) m.setSolution({ colValue: options.start });
        const stop = options.shouldStop;
        const result = m.run(
          stop
            ? {
                [highs.constants.callbackType.mipInterrupt]: (ev) => {
                  if (stop()) ev.interrupt();
                  return undefined;
                },
              }
            : undefined,
        );
        const status = result.modelStatus;
        const nodesRaw = m.info.get('mip_node_count');
        const nodes =
          typeof nodesRaw === 'bigint'
            ? Number(nodesRaw)
            : typeof nodesRaw === 'number'
              ? nodesRaw
              : 0;
        const primal = m.info.get('primal_solution_status');
        const timeLimitHit = status === highs.constants.modelStatus.timeLimit;
        if (status === highs.constants.modelStatus.infeasible) {
          return { status: 'infeasible', values: null, objective: null, timeLimitHit, nodes };
        }
        const hasSolution =
          status === highs.constants.modelStatus.optimal ||
          status === highs.constants.modelStatus.empty ||
          primal === 2;
        if (!hasSolution)
          return { status: 'no-solution', values: null, objective: null, timeLimitHit, nodes };
        return {
          status: status === highs.constants.modelStatus.optimal ? 'optimal' : 'feasible',
          values: Array.from(m.getSolution().colValue),
          objective: m.getObjectiveValue(),
          timeLimitHit,
          nodes,
        };
      } catch (err) {
        return {
          status: 'error',
          values: null,
          objective: null,
          timeLimitHit: false,
          nodes: 0,
          message: err instanceof Error ? err.message : String(err),
        };
      } finally {
        m?.dispose();
      }
    },
  };
}

/** Checks an assignment against a model (tests, and to validate warm starts before use). */
export function mipViolation(model: MipModel, x: readonly number[], tol = 1e-6): string | null {
  for (let j = 0; j < model.colCost.length; j++) {
    const v = x[j] ?? 0;
    if (v < (model.colLower[j] ?? 0) - tol || v > (model.colUpper[j] ?? 0) + tol)
      return `column ${j} out of bounds`;
    if (model.integer[j] && Math.abs(v - Math.round(v)) > tol) return `column ${j} not integral`;
  }
  for (let i = 0; i < model.rows.length; i++) {
    const r = model.rows[i] as MipRow;
    let a = 0;
    r.indices.forEach((j, k) => (a += (r.values[k] ?? 0) * (x[j] ?? 0)));
    if (
      a < r.lower - tol * Math.max(1, Math.abs(r.lower)) ||
      a > r.upper + tol * Math.max(1, Math.abs(r.upper))
    )
      return `row ${i} violated`;
  }
  return null;
}

export function mipObjective(model: MipModel, x: readonly number[]): number {
  return model.colCost.reduce((s, c, j) => s + c * (x[j] ?? 0), model.offset ?? 0);
}
