export * from './message';
export * from './errors';
export * from './clock';
export * from './testing';
export * from './validation/parse';
export * from './validation/k8s-names';
export * from './k8s/core-v1';
export * from './same-json';
