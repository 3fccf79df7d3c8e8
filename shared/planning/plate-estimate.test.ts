import { describe, expect, it } from 'vitest';
import type { Profile } from '../domain/profile';
import { createVolumetricEstimator } from './estimator';
import { EstimatorConfig, PlanModel } from './input';
import { estimatePlate } from './plate-estimate';

const profile = {
  id: 'pla',
  name: 'PLA 0.2',
  material: 'PLA',
  layerHeightMm: 0.2,
  infillPercent: 15,
} as Profile;
const printer = { id: 'mk4', nozzleMm: 0.4 };
/** Model ids are SHA-256 digests of the file. */
const sha = (c: string) => c.repeat(64);
const cube = (id: string, side: number, printMinutes: Record<string, number> = {}) =>
  PlanModel.parse({
    id: sha(id),
    name: id,
    widthMm: side,
    depthMm: side,
    heightMm: side,
    footprintHull: [
      { x: 0, y: 0 },
      { x: side, y: 0 },
      { x: side, y: side },
      { x: 0, y: side },
    ],
    volumeMm3: side ** 3,
    surfaceAreaMm2: 6 * side * side,
    printMinutes,
  });

describe('a plate’s estimate after a hand edit', () => {
  const config = EstimatorConfig.parse({});
  const estimator = createVolumetricEstimator(config);
  const models = new Map([
    [sha('a'), cube('a', 20)],
    [sha('b'), cube('b', 40)],
    [sha('c'), cube('c', 10, { '*': 90 })],
  ]);

  it('is the plate overhead plus every part’s minutes, as the planner adds them', () => {
    const one = estimatePlate([{ modelId: sha('a') }], models, profile, printer, estimator);
    const two = estimatePlate(
      [{ modelId: sha('a') }, { modelId: sha('a') }],
      models,
      profile,
      printer,
      estimator,
    );
    const part = estimator.part({ ...cube('a', 20), modelId: sha('a') }, profile, printer).minutes;
    expect(one?.estimateMinutes).toBeCloseTo(config.plateOverheadMinutes + part, 1);
    expect(two?.estimateMinutes).toBeCloseTo(config.plateOverheadMinutes + 2 * part, 1);
    // More parts, more time and more margin; a bigger part takes longer.
    expect(two!.uncertaintyMinutes).toBeGreaterThan(one!.uncertaintyMinutes);
    expect(
      estimatePlate([{ modelId: sha('b') }], models, profile, printer, estimator)!.estimateMinutes,
    ).toBeGreaterThan(one!.estimateMinutes);
  });

  it('uses known print minutes as given, with the smaller margin for explicit times', () => {
    const e = estimatePlate([{ modelId: sha('c') }], models, profile, printer, estimator)!;
    expect(e.estimateMinutes).toBeCloseTo(config.plateOverheadMinutes + 90, 5);
    expect(e.uncertaintyMinutes).toBeCloseTo(
      90 * config.explicitUncertainty + config.fixedUncertaintyMinutes,
      1,
    );
  });

  it('is unknown when a part’s model is not known (the old figure stays)', () => {
    expect(estimatePlate([{ modelId: sha('d') }], models, profile, printer, estimator)).toBeNull();
  });
});
