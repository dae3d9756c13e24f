export * from './event-store.bench';
export * from './measure';
export * from './results';
export * from './bench-database';
export * from './scheduler.bench';
export * from './api.bench';
export * from './kafka.bench';
export * from './projections.bench';
