/**
 * Shift-aware planning (DESIGN §4): calendar, estimation, plate checks, composition, the
 * allocation MIP, baselines, re-planning. Pure TypeScript; the MIP solver is injected.
 */
export {
  plan,
  STRATEGIES,
  DEFAULT_MAX_SOLVES,
  DEFAULT_MAX_POLISH_CHUNKS,
  isStrategy,
  type StrategyName,
  type PlanOptions,
  type PlanningResult,
  type PlanningProgress,
} from './planner';
export { PlanningCancelled } from './heuristic';
export {
  PlanningInput,
  PlanModel,
  PlanWeights,
  EstimatorConfig,
  VolumetricCoefficients,
  planModelFromModel,
  type PlanningInputRaw,
} from './input';
export { Scenario, scenarioToInput, scenarioModelId, type ScenarioInput } from './scenario';
export {
  buildAvailability,
  OperatorBook,
  mergeIntervals,
  subtractIntervals,
  type Interval,
  type OperatorAvailability,
  type TaskSlot,
  type TaskQuery,
} from './calendar';
export {
  fromZoned,
  toZoned,
  offsetAt,
  parseLocalDateTime,
  formatLocal,
  isValidTimeZone,
  type CivilDate,
  type ZonedParts,
} from './tz';
export {
  createVolumetricEstimator,
  calibrateVolumetric,
  volumetricFeatures,
  DEFAULT_COEFFICIENTS,
  type Estimator,
  type EstimatePart,
  type EstimatePrinter,
  type PartEstimate,
  type CalibrationSample,
} from './estimator';
export {
  createRectanglePlateChecker,
  createAreaPlateChecker,
  ffdhPack,
  placementProblems,
  type PlateChecker,
  type PlateRequest,
  type PlateFill,
  type PlateItem,
  type PlateBed,
  type PlatePlacement,
} from './plate';
export { createNestingPlateChecker, type NestingCheckerOptions } from './nesting-checker';
export {
  layoutViolations,
  type FinalNestingOptions,
  type FinalNestingStats,
} from './final-nesting';
export {
  createHighsSolver,
  HIGHS_PLANNING_OPTIONS,
  mipViolation,
  type MipSolver,
  type MipModel,
  type MipSolution,
  type MipSolveOptions,
  type HighsLike,
} from './mip';
export { type MipRunStats } from './mip-plan';
export { applyTrigger, diffPlans, type Trigger, type PlanDiff, type JobRef } from './replan';
export { computeKpis, planObjective, type PlanStats } from './kpis';
export { validatePlan, type Violation } from './validate';
export { type UnplannedPart, type UnplannedCode } from './output';
export {
  buildContext,
  profileMeets,
  printerProfiles,
  isFrozen,
  FROZEN_STATUSES,
  type PlanningContext,
} from './problem';
export { randomScenario, type RandomScenarioOptions } from './fixtures';
export { isoFromMinutes, minutesFromIso, formatDuration, parseDuration } from './time';
export { estimatePlate, type PlateEstimate } from './plate-estimate';
