export { createStateMachineRunner } from './runner';
export type { StateMachineRunner, StateMachineRunnerOptions, ExecutionResult, Coverage } from './runner';
export type { Counters } from './counters';
export type { RunnerEvent, RunnerEventListener } from './events';
export type { Fault, FaultRule } from './faults';
export type { ClientConfigs, FunctionRegistry } from './services';
export type { Definition, Json } from './asl';
export { StatesError, LocalRunnerConfigError } from './errors';
export { batchItems } from './distributed-map';
