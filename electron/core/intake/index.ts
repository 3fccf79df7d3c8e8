export {
  IntakeService,
  sha256Hex,
  type AnalyseCall,
  type IntakeServiceOptions,
} from './intake-service';
export {
  expandPaths,
  expandZip,
  isModelArchive,
  MODEL_EXTENSIONS,
  type ExpandedItem,
  type IntakeInput,
  type IntakeInputError,
} from './expand';
export { WorkerPool, resolveIntakeWorker } from './worker-pool';
export type {
  IntakeFailure,
  IntakeJobMessage,
  IntakeOptions,
  IntakeOutcome,
  IntakeResult,
  IntakeWorkerMessage,
} from './protocol';
