export * from './config';
export * from './server';
export { openInfrastructure, type Infrastructure } from './database/infrastructure';
