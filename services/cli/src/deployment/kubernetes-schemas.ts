import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';

interface Validatable {
  validate(): void;
}

/** The Kubernetes kinds Keel's manifests use, with their `kubernetes-models` (OpenAPI schema) classes. */
const MODELS: Record<string, new (data: never) => Validatable> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
};

/** Validates a manifest against the Kubernetes schema of its apiVersion/kind; throws on an unknown kind or a violation. */
export function validateManifest(manifest: Record<string, unknown>): void {
  const key = `${String(manifest['apiVersion'])}/${String(manifest['kind'])}`;
  const Model = MODELS[key];
  if (!Model) throw new Error(`no schema registered for ${key}`);
  new Model(manifest as never).validate();
}
