export * from './json/simulate';
export * from './json/parse-input';
export * from './json/input-schema';
export * from './json/simulate-output';
export * from './openb/run-openb-protocol';
export * from './openb/policies';
export * from './openb/trace';
export * from './bench/bench-scheduler';
