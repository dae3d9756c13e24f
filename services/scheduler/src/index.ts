export * from './start-scheduler';
