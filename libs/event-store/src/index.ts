export * from './types';
export * from './checkpoint';
export * from './errors';
export * from './upcasters';
export { defaultStreamType } from './append-request';
export * from './event-store';
export * from './subscription';
export * from './snapshots';
export * from './aggregate-repository';
