/**
 * Internal search parameters in one place (benchmarks may override them to compare variants;
 * the engine never changes them at run time).
 */
export const TUNING = {
  /** Most poles per shape (coverage limits stop earlier for compact shapes). */
  maxPoles: 16,
  /** Exploration shrink step: initial, minimum, maximum (fractions of the strip length). */
  exploreShrink: [0.01, 0.001, 0.03] as [number, number, number],
  /** Scale of the separator's patience (iterations without improvement) vs sparrow's defaults. */
  sepScaleMin: 0.15,
  /** Cap of that scale in fill/plates mode: sparrow's patience suits its speed, not a single JS
   * thread, and plates are re-nested within seconds. */
  sepScaleMax: 0.3,
  /** Cap in strip mode: long strip runs (60 s) need the patience; at 0.3 a 60 s run searched like
   * an 18 s one and scored lower (fu 89.1 vs 90.4 at 1.0, 60 s CPU, seed 1). */
  sepScaleMaxStrip: 1.0,
  /** Floor of the separator's patience (iterations without improvement). */
  sepIterMin: 20,
  /** Strikes of the separator (sparrow: 3 exploring, 5 compressing). */
  sepStrikes: 3,
  /** Separator samples per move: over the container, around the part. */
  sepSamples: [50, 25] as [number, number],
  /** LBF: random samples per orientation for strip construction. */
  lbfStripSamples: 300,
};
