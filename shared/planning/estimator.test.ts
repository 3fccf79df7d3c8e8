import { describe, expect, it } from 'vitest';
import { type Profile } from '../domain/profile';
import {
  calibrateVolumetric,
  createVolumetricEstimator,
  DEFAULT_COEFFICIENTS,
  type EstimatePart,
  volumetricFeatures,
} from './estimator';
import { EstimatorConfig } from './input';
import { Prng } from './prng';

const pla: Profile = {
  id: 'pla',
  name: 'PLA',
  material: 'PLA',
  color: '',
  layerHeightMm: 0.2,
  nozzleMm: 0.4,
  infillPercent: 15,
  slicerSettings: {},
};
const fine: Profile = { ...pla, id: 'fine', layerHeightMm: 0.1 };
const printer = { id: 'p', nozzleMm: 0.4 };
const cube = (s: number): EstimatePart => ({
  modelId: 'm',
  widthMm: s,
  depthMm: s,
  heightMm: s,
  volumeMm3: s ** 3,
  surfaceAreaMm2: 6 * s * s,
  printMinutes: {},
});

describe('default volumetric estimator', () => {
  const est = createVolumetricEstimator(EstimatorConfig.parse({}));

  it('uses explicit minutes first (per profile, then any profile)', () => {
    const part = { ...cube(20), printMinutes: { pla: 42, '*': 99 } };
    expect(est.part(part, pla, printer)).toEqual({ minutes: 42, source: 'explicit' });
    expect(est.part(part, fine, printer)).toEqual({ minutes: 99, source: 'explicit' });
  });

  it('gives plausible FDM times: a 20 mm cube in a quarter hour, more for bigger or finer prints', () => {
    const m20 = est.part(cube(20), pla, printer);
    expect(m20.source).toBe('model');
    expect(m20.minutes).toBeGreaterThan(8);
    expect(m20.minutes).toBeLessThan(30);
    expect(est.part(cube(40), pla, printer).minutes).toBeGreaterThan(3 * m20.minutes);
    expect(est.part(cube(20), fine, printer).minutes).toBeGreaterThan(1.5 * m20.minutes);
  });

  it('carries an uncertainty margin: larger for modelled minutes than for given ones', () => {
    expect(est.uncertaintyMinutes(0, 100)).toBeCloseTo(15, 9);
    expect(est.uncertaintyMinutes(100, 0)).toBeCloseTo(3, 9);
    expect(est.plateOverheadMinutes(pla, printer)).toBe(5);
  });
});

describe('calibration', () => {
  it('recovers coefficients from enough samples (least squares)', () => {
    const truth = { perMm3: 0.25, perLayer: 3, perMm2: 0.02, perPart: 60 };
    const rng = new Prng(3);
    const samples = Array.from({ length: 30 }, () => {
      const part: EstimatePart = {
        modelId: 'x',
        widthMm: 10 + rng.int(80),
        depthMm: 10 + rng.int(80),
        heightMm: 5 + rng.int(80),
        volumeMm3: null,
        surfaceAreaMm2: null,
        printMinutes: {},
      };
      part.volumeMm3 = part.widthMm * part.depthMm * part.heightMm * (0.2 + 0.6 * rng.next());
      const f = volumetricFeatures(part, pla);
      const seconds =
        truth.perMm3 * f.extrudedMm3 +
        truth.perLayer * f.layers +
        truth.perMm2 * f.surfaceMm2 +
        truth.perPart;
      return { part, profile: pla, minutes: seconds / 60 };
    });
    const c = calibrateVolumetric(samples);
    expect(c.perMm3).toBeCloseTo(truth.perMm3, 3);
    expect(c.perLayer).toBeCloseTo(truth.perLayer, 2);
    expect(c.perPart).toBeCloseTo(truth.perPart, 0);
    const est = createVolumetricEstimator(EstimatorConfig.parse({ coefficients: { pla: c } }));
    expect(est.part(samples[0]!.part, pla, printer).minutes).toBeCloseTo(samples[0]!.minutes, 3);
  });

  it('fits a scale factor from a single sample', () => {
    const part = cube(30);
    const base = createVolumetricEstimator(EstimatorConfig.parse({})).part(
      part,
      pla,
      printer,
    ).minutes;
    const c = calibrateVolumetric([{ part, profile: pla, minutes: base * 1.3 }]);
    expect(c.perMm3 / DEFAULT_COEFFICIENTS.perMm3).toBeCloseTo(1.3, 6);
  });
});
