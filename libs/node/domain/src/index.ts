export * from './types';
export * from './commands';
export * from './events';
export * from './state';
export * from './decider';
export { deviceUsage, hostUsage, allocationProblems, claimedGpuModel, type DeviceUsage } from './capacity';
export { parseMigProfile, migShareMilli, migMemoryMiB, type MigProfile } from './mig';
export { nodeCommandSchemas, validateNodeCommand } from './validation/validators';
export { dnsLabel, labelKey, labelValue, labelMap } from '@keel/kernel';
