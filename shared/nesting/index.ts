export * from './types';
export { nest } from './nest';
export { validatePlate, type PlateViolation, type PlateViolationKind, type ValidatorPart, type ValidatorPlacement } from './validate';
export { parseStripInstance, stripRequest, instanceSize, type StripInstance } from './esicup';
export { renderSvg, type SvgOptions } from './svg';
export { resolveRotations } from './problem';
export { Rng } from './prng';
export { convexHull, signedArea } from './polygon';
