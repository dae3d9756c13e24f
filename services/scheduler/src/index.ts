export * from './start-scheduler';
export * from './start-kafka-scheduler';
