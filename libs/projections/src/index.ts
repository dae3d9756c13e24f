export { type ProjectionDefinition, type ProjectionWriter, READ_MODELS_PROJECTION, PROJECTIONS, projectionsNamed } from './catalogue';
export { type BuildPurpose, type BuildRow, type StoredVersion } from './bookkeeping';
export { type BuildOptions, type BuildProgress } from './schema-build';
export { rebuildProjection, changedProjections, type RebuildOptions, type RebuildReport } from './rebuild';
export { stagingSchema, shadowSchema, retiredSchema } from './schema-names';
export { verifyProjection, type VerifyOptions, type VerifyReport } from './verify';
export { type RowDifference, type TableComparison } from './table-diff';
export { replayInto, type ReplayOptions, type ReplayReport } from './replay';
export { projectionStatuses, detailedStatuses, type ProjectionStatus, type DetailedProjectionStatus, type ProjectionState } from './status';
