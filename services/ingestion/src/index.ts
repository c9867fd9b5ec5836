export {
  ADAPTIVE_DEFAULTS,
  type AdaptiveOptions,
  adaptiveController,
  createAdaptiveController,
} from './controller/adaptiveController';
export { type AdaptiveState, adaptiveStateSchema } from './controller/adaptiveState';
export {
  ARTICLE_TICK_INTERVAL_MS,
  type ArticleState,
  articleController,
  articleStateSchema,
} from './controller/articleController';
export { type BatchHealth, batchHealth } from './controller/batchHealth';
export { probeDelay } from './controller/probeDelay';
export {
  type BaseControllerState,
  type CallObservation,
  type CallOutcome,
  type CircuitState,
  type ControlDecision,
  type Controller,
  type ControlStep,
  callObservationSchema,
  fullBatchSize,
  type ProbeSettings,
  type ProviderParameters,
  providerParametersSchema,
} from './controller/types';
export { WindowSpecError } from './errors';
export { nextRandom, seededRandom } from './random/seededRandom';
export { holdMapping, holdReason } from './schedule/holdMapping';
export { IngestionWindows, type WindowCheck } from './schedule/IngestionWindows';
export { MappingControl } from './service/MappingControl';
export { type OracleState, oracleController } from './simulation/oracleController';
export { DEFAULT_PARAMETERS, PROFILES, type ProviderProfile } from './simulation/profiles';
export { SCENARIOS, type Scenario, scenarioSuite } from './simulation/scenarios';
export { simulateIngestion } from './simulation/simulateIngestion';
export { type RunSummary, recoveryStartsMs, summarise } from './simulation/summarise';
export type {
  ControlSample,
  SimulatedCall,
  SimulationOptions,
  SimulationResult,
  TrackedRecord,
} from './simulation/types';
export {
  MAX_LATENCY_MS,
  MIN_LATENCY_MS,
  ProviderModel,
  type ProviderResponse,
} from './simulator/ProviderModel';
export {
  type ProviderSimulator,
  type ProviderSimulatorOptions,
  type ProviderSimulatorStats,
  startProviderSimulator,
} from './simulator/startProviderSimulator';
export {
  type IngestionEntry,
  STAND_IN_CATALOGUE_SIZE,
  type StandIn,
  standInTimeline,
  startProviderStandIns,
} from './simulator/startProviderStandIns';
export {
  type PhaseAt,
  type PhaseKind,
  type ProviderPhase,
  type ProviderPhaseInput,
  parseTimeline,
  phaseAt,
  type Timeline,
} from './simulator/timeline';
