export * from './migration-files';
export * from './migrate';
export * from './schema-snapshot';
