export * from './message';
export * from './errors';
export * from './clock';
export * from './testing';
