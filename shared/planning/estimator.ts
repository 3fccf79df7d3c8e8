import { type Profile } from '../domain/profile';
import { type EstimatorConfig, type PlanModel, type VolumetricCoefficients } from './input';

/** What an estimator may look at for one copy of a model. */
export interface EstimatePart {
  modelId: string;
  widthMm: number;
  depthMm: number;
  heightMm: number;
  volumeMm3: number | null;
  surfaceAreaMm2: number | null;
  /** Known print minutes by profile id ("*" = any profile). */
  printMinutes: Readonly<Record<string, number>>;
}

/** What the estimator sees of a planning model (one copy). */
export function estimatePartOf(model: PlanModel): EstimatePart {
  return {
    modelId: model.id,
    widthMm: model.widthMm,
    depthMm: model.depthMm,
    heightMm: model.heightMm,
    volumeMm3: model.volumeMm3,
    surfaceAreaMm2: model.surfaceAreaMm2,
    printMinutes: model.printMinutes,
  };
}

export interface EstimatePrinter {
  id: string;
  nozzleMm: number;
}

/** One part's estimate: minutes, and whether they were given (slicer/table) or modelled. */
export interface PartEstimate {
  minutes: number;
  source: 'explicit' | 'model';
}

/**
 * How planning learns durations. The planner asks for part minutes while composing plates (so the
 * answer must be fast), adds the plate overhead, and keeps the uncertainty margin free before the
 * removal. A slicer-backed estimator can also re-estimate a composed plate exactly (`refinePlate`);
 * the planner then corrects the job (dropping parts if the exact time no longer fits the window).
 */
export interface Estimator {
  readonly name: string;
  part(part: EstimatePart, profile: Profile, printer: EstimatePrinter): PartEstimate;
  plateOverheadMinutes(profile: Profile, printer: EstimatePrinter): number;
  /** Margin (minutes) for a plate whose parts total `explicitMinutes` given + `modelMinutes` modelled. */
  uncertaintyMinutes(explicitMinutes: number, modelMinutes: number): number;
  refinePlate?(
    parts: readonly EstimatePart[],
    profile: Profile,
    printer: EstimatePrinter,
  ): number | null;
}

/**
 * Coefficients for a 0.4 mm nozzle at 0.2 mm layers, PLA, measured against PrusaSlicer 2.5
 * estimates of typical functional parts (15 % infill, 2 perimeters): about 5 mm³/s of effective
 * extrusion, 2 s of layer change and travel per layer and part, slow outer perimeters.
 */
export const DEFAULT_COEFFICIENTS: VolumetricCoefficients = {
  perMm3: 0.2,
  perLayer: 2,
  perMm2: 0.01,
  perPart: 30,
};

/** Shell thickness (mm) standing for perimeters plus top/bottom layers. */
const SHELL_MM = 1.0;

export interface VolumetricFeatures {
  /** mm³ actually extruded: the shell plus the infill share of the interior. */
  extrudedMm3: number;
  layers: number;
  surfaceMm2: number;
}

/** The features the volumetric model is linear in, for one part and profile. */
export function volumetricFeatures(part: EstimatePart, profile: Profile): VolumetricFeatures {
  const box = part.widthMm * part.depthMm * part.heightMm;
  const volume = part.volumeMm3 ?? box * 0.5;
  const surface =
    part.surfaceAreaMm2 ??
    2 * (part.widthMm * part.depthMm + part.widthMm * part.heightMm + part.depthMm * part.heightMm);
  const shell = Math.min(volume, surface * SHELL_MM);
  const infill = Math.max(0, volume - shell) * (profile.infillPercent / 100);
  return {
    extrudedMm3: shell + infill,
    layers: Math.max(1, Math.ceil(part.heightMm / profile.layerHeightMm)),
    surfaceMm2: surface,
  };
}

function modelMinutes(
  f: VolumetricFeatures,
  c: VolumetricCoefficients,
  profile: Profile,
  nozzle: number,
): number {
  // Flow scales with layer height × nozzle width relative to the 0.2 mm × 0.4 mm reference.
  const flowScale = (profile.layerHeightMm * nozzle) / (0.2 * 0.4);
  const seconds =
    (c.perMm3 * f.extrudedMm3) / flowScale +
    c.perLayer * f.layers +
    c.perMm2 * f.surfaceMm2 +
    c.perPart;
  return seconds / 60;
}

/**
 * The default estimator: explicit minutes when known (per profile, then "*"), otherwise the
 * calibrated volumetric model above. Plate time = overhead + Σ part minutes (parts on one plate
 * share heating and levelling, nothing else — a conservative assumption for FDM).
 */
export function createVolumetricEstimator(config: EstimatorConfig): Estimator {
  return {
    name: 'volumetric',
    part(part, profile, printer) {
      const explicit = part.printMinutes[profile.id] ?? part.printMinutes['*'];
      if (explicit !== undefined) return { minutes: explicit, source: 'explicit' };
      const c = config.coefficients[profile.id] ?? config.coefficients['*'] ?? DEFAULT_COEFFICIENTS;
      return {
        minutes: modelMinutes(
          volumetricFeatures(part, profile),
          c,
          profile,
          printer.nozzleMm || 0.4,
        ),
        source: 'model',
      };
    },
    plateOverheadMinutes() {
      return config.plateOverheadMinutes;
    },
    uncertaintyMinutes(explicitMinutes, modelled) {
      return (
        explicitMinutes * config.explicitUncertainty +
        modelled * config.modelUncertainty +
        config.fixedUncertaintyMinutes
      );
    },
  };
}

export interface CalibrationSample {
  part: EstimatePart;
  profile: Profile;
  /** Real minutes: a slicer's estimate or a recorded print duration. */
  minutes: number;
  nozzleMm?: number;
}

/**
 * Fits the volumetric coefficients of one profile to measured samples by least squares. With fewer
 * than 8 samples, or when the full fit gives a negative coefficient (collinear features), only a
 * common scale factor of the defaults is fitted, which needs one sample.
 */
export function calibrateVolumetric(
  samples: readonly CalibrationSample[],
  base: VolumetricCoefficients = DEFAULT_COEFFICIENTS,
): VolumetricCoefficients {
  if (samples.length === 0) return base;
  const rows = samples.map((s) => {
    const f = volumetricFeatures(s.part, s.profile);
    const flowScale = (s.profile.layerHeightMm * (s.nozzleMm ?? 0.4)) / 0.08;
    return { x: [f.extrudedMm3 / flowScale, f.layers, f.surfaceMm2, 1], y: s.minutes * 60 };
  });
  if (samples.length >= 8) {
    const sol = leastSquares(
      rows.map((r) => r.x),
      rows.map((r) => r.y),
    );
    if (sol && sol.every((v) => v >= 0)) {
      return {
        perMm3: sol[0] ?? 0,
        perLayer: sol[1] ?? 0,
        perMm2: sol[2] ?? 0,
        perPart: sol[3] ?? 0,
      };
    }
  }
  // Scale only: minimise Σ (k·pred − y)² → k = Σ pred·y / Σ pred².
  let num = 0;
  let den = 0;
  for (const r of rows) {
    const pred =
      base.perMm3 * (r.x[0] ?? 0) +
      base.perLayer * (r.x[1] ?? 0) +
      base.perMm2 * (r.x[2] ?? 0) +
      base.perPart;
    num += pred * r.y;
    den += pred * pred;
  }
  const k = den > 0 ? num / den : 1;
  return {
    perMm3: base.perMm3 * k,
    perLayer: base.perLayer * k,
    perMm2: base.perMm2 * k,
    perPart: base.perPart * k,
  };
}

/** Normal equations with Gaussian elimination and partial pivoting (4 unknowns: tiny). */
function leastSquares(x: number[][], y: number[]): number[] | null {
  const n = x[0]?.length ?? 0;
  const a: number[][] = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  // Column scaling keeps the normal equations well conditioned (features differ by 10⁴).
  const scale = new Array<number>(n).fill(0);
  for (const row of x) row.forEach((v, j) => (scale[j] = Math.max(scale[j] ?? 0, Math.abs(v))));
  for (let r = 0; r < x.length; r++) {
    const row = (x[r] as number[]).map((v, j) => v / ((scale[j] ?? 1) || 1));
    for (let i = 0; i < n; i++) {
      const ai = a[i] as number[];
      for (let j = 0; j < n; j++) ai[j] = (ai[j] ?? 0) + (row[i] ?? 0) * (row[j] ?? 0);
      ai[n] = (ai[n] ?? 0) + (row[i] ?? 0) * (y[r] ?? 0);
    }
  }
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs(a[r]?.[c] ?? 0) > Math.abs(a[piv]?.[c] ?? 0)) piv = r;
    if (Math.abs(a[piv]?.[c] ?? 0) < 1e-12) return null;
    [a[c], a[piv]] = [a[piv] as number[], a[c] as number[]];
    const ac = a[c] as number[];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const ar = a[r] as number[];
      const f = (ar[c] ?? 0) / (ac[c] ?? 1);
      for (let j = c; j <= n; j++) ar[j] = (ar[j] ?? 0) - f * (ac[j] ?? 0);
    }
  }
  return a.map((row, i) => (row[n] ?? 0) / (row[i] ?? 1) / ((scale[i] ?? 1) || 1));
}
