export { type AsOf, type Cut, AsOfError, parseAsOf, eventTime, isPast, describeAsOf } from './as-of';
export { ClusterFold, foldLog, type ClusterStreams } from './cluster-fold';
export { clusterPicture, type ClusterPicture, type NodePicture, type GpuPicture, type GpuShare, type DeploymentPicture, type PodPicture } from './picture';
export { diffClusters, type ClusterDiff, type ClusterChange, type ChangeType, type FieldChange } from './diff';
export { resolveCut, foldAt, clusterAt, clusterDiff, waitForCheckpoint } from './reader';
export { tailEvents, eventLine, type TailOptions, type EventLine } from './tail';
