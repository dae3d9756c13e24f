import { deciderSpec } from '@keel/kernel';
import { type DeploymentCommand } from '../commands';
import { decider } from '../decider';
import { createLlama, llamaSpec } from '../test-fixtures';
import { validateDeploymentCommand } from './validators';

const spec = deciderSpec(decider);
const template = llamaSpec.template;
const create = (patch: Record<string, unknown>) => ({ type: 'CreateDeployment', data: { ...createLlama(1), ...patch } }) as unknown as DeploymentCommand;
const withTemplate = (patch: Record<string, unknown>) => create({ template: { ...template, ...patch } });
const withScheduling = (patch: Record<string, unknown>) => create({ scheduling: patch });

describe('deployment command validation', () => {
  it.each([
    ['a name that is not a DNS-1123 label', create({ name: 'Llama_70B' }), 'name', /DNS-1123/],
    ['an unknown field', create({ replica: 3 }), 'replica', /unknown field/],
    ['an unknown runtime', create({ runtime: 'triton' }), 'runtime', /.+/],
    ['a priority above the user range', create({ priority: 2_000_000_000 }), 'priority', /.+/],
    ['gpusPerReplica that is not TP × PP', withTemplate({ gpusPerReplica: 3 }), 'template.gpusPerReplica', /tensorParallel × pipelineParallel \(2\)/],
    ['a shared GPU with tensor parallelism', withTemplate({ gpuMilli: 250, gpuMemoryMiB: 20_480 }), 'template.gpuMilli', /shared GPU/],
    ['a shared GPU without a memory reservation', withTemplate({ gpusPerReplica: 1, tensorParallel: 1, gpuMilli: 250 }), 'template.gpuMemoryMiB', /required/],
    ['a milli-GPU above 1000', withTemplate({ gpuMilli: 1500 }), 'template.gpuMilli', /.+/],
    ['no acceptable GPU model', withTemplate({ acceptableGpuModels: [] }), 'template.acceptableGpuModels', /.+/],
    ['a repeated GPU model', withTemplate({ acceptableGpuModels: ['T4', 'T4'] }), 'template.acceptableGpuModels', /repeat/],
    ['a negative context', withTemplate({ maxContext: -4096 }), 'template.maxContext', /.+/],
    ['a string for a number', withTemplate({ cpuMilli: '8' }), 'template.cpuMilli', /number/],
    ['an unknown template field', withTemplate({ gpus: 2 }), 'template.gpus', /unknown field/],
    ['a bad nodeSelector key', withScheduling({ nodeSelector: { 'a b': 'x' } }), 'scheduling.nodeSelector.a b', /qualified name/],
    ['a toleration with a value and Exists', withScheduling({ tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }), 'scheduling.tolerations[0].value', /empty/],
    ['a toleration with no key and Equal', withScheduling({ tolerations: [{ operator: 'Equal', value: 'v' }] }), 'scheduling.tolerations[0].operator', /Exists/],
    ['tolerationSeconds without NoExecute', withScheduling({ tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }] }), 'scheduling.tolerations[0].effect', /NoExecute/],
    [
      'In with no values in node affinity',
      withScheduling({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'In' }] }] } } } }),
      'scheduling.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values',
      /non-empty/,
    ],
    [
      'Gt with a non-integer',
      withScheduling({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpus', operator: 'Gt', values: ['two'] }] }] } } } }),
      'scheduling.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values',
      /integer/,
    ],
    ['an empty nodeSelectorTerms', withScheduling({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } }), 'scheduling.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms', /.+/],
    ['a preferred weight of 0', withScheduling({ affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: 'zone' } }] } } }), 'scheduling.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight', /.+/],
    ['a pod affinity term without topologyKey', withScheduling({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'x' } } }] } } }), 'scheduling.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey', /.+/],
    ['Exists with values in a label selector', withScheduling({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] } }] } } }), 'scheduling.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values', /empty/],
    ['maxSkew of 0', withScheduling({ topologySpreadConstraints: [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }] }), 'scheduling.topologySpreadConstraints[0].maxSkew', /.+/],
    ['minDomains with ScheduleAnyway', withScheduling({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 }] }), 'scheduling.topologySpreadConstraints[0].minDomains', /DoNotSchedule/],
    ['an unknown nodeTaintsPolicy', withScheduling({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', nodeTaintsPolicy: 'Maybe' }] }), 'scheduling.topologySpreadConstraints[0].nodeTaintsPolicy', /.+/],
    [
      'two spread constraints on the same key and action',
      withScheduling({ topologySpreadConstraints: [1, 2].map((maxSkew) => ({ maxSkew, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' })) }),
      'scheduling.topologySpreadConstraints[1]',
      /duplicate/,
    ],
    ['matchFields, which the scheduler does not evaluate', withScheduling({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }] } } } }), 'scheduling.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields', /unknown field/],
    ['matchLabelKeys on a spread constraint, which the scheduler does not evaluate', withScheduling({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['app'] }] }), 'scheduling.topologySpreadConstraints[0].matchLabelKeys', /unknown field/],
    ['a Kubernetes field Keel does not support', withScheduling({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', namespaces: ['x'] }] } } }), 'scheduling.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaces', /unknown field/],
  ])('rejects %s, naming the field', (_, command, path, reason) => {
    spec.given([]).when(command).thenThrows({ code: 'Validation', details: [{ path, reason }] });
  });

  it('accepts every Kubernetes scheduling field in its documented shape', () => {
    const scheduling = {
      nodeSelector: { 'nvidia.com/gpu.present': 'true' },
      tolerations: [{ operator: 'Exists' }, { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoExecute', tolerationSeconds: 300 }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpus', operator: 'Gt', values: ['2'] }] }] },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] } }],
        },
        podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: { topologyKey: 'zone' } }] },
        podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['llama'] }] } }] },
      },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 2, nodeAffinityPolicy: 'Ignore', nodeTaintsPolicy: 'Honor' }],
    };
    expect(validateDeploymentCommand('CreateDeployment', { ...createLlama(1), scheduling }).scheduling).toEqual(scheduling);
  });

  it('accepts a shared quarter GPU with a memory reservation', () => {
    const shared = { ...template, gpusPerReplica: 1, tensorParallel: 1, gpuMilli: 250, gpuMemoryMiB: 20_480, acceptableGpuModels: ['A100-80GB'] };
    const fit = { ...createLlama(1).fit, tensorParallel: 1, candidates: [{ gpuModel: 'A100-80GB', fits: true, message: 'ok' }] };
    expect(() => validateDeploymentCommand('CreateDeployment', { ...createLlama(1), template: shared, fit })).not.toThrow();
  });
});
