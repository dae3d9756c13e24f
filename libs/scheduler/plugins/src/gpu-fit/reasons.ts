/** Reason strings of the GpuFit filter (Kubernetes wording where Kubernetes has one). */
export const GpuFitReason = {
  cpu: 'Insufficient cpu',
  memory: 'Insufficient memory',
  gpu: 'Insufficient nvidia.com/gpu',
  gpuMemory: 'Insufficient GPU memory',
  model: "node(s) didn't have the requested GPU model",
  mig: (profile: string): string => `Insufficient nvidia.com/mig-${profile}`,
} as const;
