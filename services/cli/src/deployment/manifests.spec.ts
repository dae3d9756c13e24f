import { readFileSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { healthServer } from '../worker/run-worker';
import { fileExists, kustomize, PLACEHOLDER_DATABASE_URL, readYaml, repoPath, ROLES, roleOfImage, yamlFiles } from './deploy-files';
import { validateManifest } from './kubernetes-schemas';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const files = yamlFiles('k8s');
const isKustomization = (path: string): boolean => path.endsWith('kustomization.yaml');
const isPatch = (path: string): boolean => path.includes('/patches/');
const resources = files.filter((f) => !isKustomization(f) && !isPatch(f)).flatMap((f) => readYaml(f).map((doc) => ({ file: f, doc: doc as Obj })));
const base = resources.filter((r) => r.file.startsWith('k8s/base/')).map((r) => r.doc);
const matches = (selector: Obj, labels: Obj): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);
const HEALTH_PATHS = ['/healthz', '/readyz'];

/** Every rule the rendered manifests must satisfy to agree with the services' real configuration. */
function checkAgreement(objects: Obj[]): void {
  const byKind = (kind: string): Obj[] => objects.filter((o) => o.kind === kind);
  const configMaps = new Map(byKind('ConfigMap').map((c) => [c.metadata.name, c.data as Obj]));
  const workloads = [...byKind('Deployment'), ...byKind('Job')];
  expect(byKind('Deployment').map((d) => roleOfImage(d.spec.template.spec.containers[0].image)).sort()).toEqual(['api', 'projector', 'scheduler']);
  expect(byKind('Job').map((j) => roleOfImage(j.spec.template.spec.containers[0].image))).toEqual(['migrate']);
  expect(byKind('Secret')).toEqual([]);
  for (const workload of workloads) {
    const pod = workload.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(pod.automountServiceAccountToken).toBe(false);
    for (const container of pod.containers as Obj[]) {
      const where = `${workload.metadata.name}/${container.name}`;
      const roleName = roleOfImage(container.image);
      expect({ where, roleName }).toEqual({ where, roleName: expect.any(String) });
      const role = ROLES[roleName!]!;
      expect(fileExists(role.dockerfile)).toBe(true);
      expect(container.args).toEqual([role.command]);
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(container.resources.requests).toMatchObject({ cpu: expect.anything(), memory: expect.anything() });
      expect(container.resources.limits.memory).toBeDefined();
      // Environment: names the role's schema reads, values it accepts, the database only from a Secret.
      const env: Record<string, string> = {};
      for (const from of (container.envFrom ?? []) as Obj[]) {
        const data = configMaps.get(from.configMapRef?.name);
        expect({ where, configMap: from.configMapRef?.name, exists: data !== undefined }).toMatchObject({ exists: true });
        Object.assign(env, data);
      }
      for (const variable of (container.env ?? []) as Obj[]) {
        if (variable.valueFrom?.secretKeyRef) env[variable.name] = PLACEHOLDER_DATABASE_URL;
        else env[variable.name] = variable.value;
      }
      for (const name of Object.keys(env)) expect({ where, name, known: role.env.includes(name) }).toMatchObject({ known: true });
      const database = (container.env as Obj[]).find((v) => v.name === 'DATABASE_URL');
      expect(database?.valueFrom?.secretKeyRef).toMatchObject({ name: expect.any(String), key: expect.any(String) });
      expect(() => role.load(env)).not.toThrow();
      if (workload.kind !== 'Deployment') continue;
      // Ports and probes: the named port is PORT (and `grpc` KEEL_GRPC_PORT for the API), probes hit the health routes on it.
      const port = Number(env['PORT'] ?? 8080);
      const grpc = role.grpc ? [expect.objectContaining({ name: 'grpc', containerPort: Number(env['KEEL_GRPC_PORT'] ?? 50051) })] : [];
      expect(container.ports).toEqual([expect.objectContaining({ name: 'http', containerPort: port }), ...grpc]);
      expect(env['HOST']).toBe('0.0.0.0');
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(HEALTH_PATHS).toContain(container[probe]?.httpGet?.path);
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(['http', port]).toContain(container[probe].httpGet.port);
    }
  }
  const deployments = byKind('Deployment');
  for (const service of byKind('Service')) {
    const target = deployments.find((d) => matches(service.spec.selector, d.spec.template.metadata.labels));
    expect(target).toBeDefined();
    for (const p of service.spec.ports) expect(target!.spec.template.spec.containers[0].ports.map((cp: Obj) => cp.name)).toContain(p.targetPort);
  }
  const [hpa, ...moreHpas] = byKind('HorizontalPodAutoscaler');
  expect(moreHpas).toEqual([]);
  expect(hpa?.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployments.find((d) => roleOfImage(d.spec.template.spec.containers[0].image) === 'api')!.metadata.name });
  const pdbs = byKind('PodDisruptionBudget');
  for (const deployment of deployments) expect(pdbs.filter((p) => matches(p.spec.selector.matchLabels, deployment.spec.template.metadata.labels))).toHaveLength(1);
  const policies = byKind('NetworkPolicy');
  const denyAll = policies.find((p) => p.spec.ingress === undefined && p.spec.egress === undefined);
  expect(denyAll?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  for (const workload of workloads) expect(matches(denyAll!.spec.podSelector.matchLabels, workload.spec.template.metadata.labels)).toBe(true);
}

describe('Kubernetes manifests (k8s/)', () => {
  it('has a kustomize base and an example overlay', () => {
    expect(files).toEqual(expect.arrayContaining(['k8s/base/kustomization.yaml', 'k8s/overlays/example/kustomization.yaml']));
  });

  it.each(resources.map((r) => [`${r.file} ${r.doc.kind}/${r.doc.metadata?.name}`, r.doc] as const))('%s is valid against the Kubernetes schema', (_name, doc) => {
    expect(() => validateManifest(doc)).not.toThrow();
  });

  it.each(files.filter(isKustomization))('%s lists files that exist, and patches target objects of the base', (file) => {
    const [kustomization] = readYaml(file) as Obj[];
    const dir = file.slice(0, file.lastIndexOf('/'));
    for (const resource of kustomization!.resources as string[]) expect(fileExists(`${dir}/${resource}`)).toBe(true);
    for (const { path } of (kustomization!.patches ?? []) as Obj[]) {
      const [patch] = readYaml(`${dir}/${path}`) as Obj[];
      expect(base.some((o) => o.kind === patch!.kind && o.metadata.name === patch!.metadata.name)).toBe(true);
    }
  });

  it('the base agrees with the services: images, commands, env names and values, ports, probes, security', () => {
    checkAgreement(base);
  });

  const kubectl = kustomize('k8s/base') ? it : it.skip;
  kubectl.each(['k8s/base', 'k8s/overlays/example'])('`kubectl kustomize %s` renders valid manifests that agree with the services', (dir) => {
    const rendered = kustomize(dir)! as Obj[];
    for (const doc of rendered) expect(() => validateManifest(doc)).not.toThrow();
    checkAgreement(rendered);
  });

  it('holds no literal secrets: no Secret objects, no credentials in URLs, the database only by secretKeyRef', () => {
    for (const file of files) {
      const text = readFileSync(repoPath(file), 'utf8');
      expect({ file, credentials: /\w+:\/\/[^\s/:@]+:[^\s/@]+@/.test(text) }).toEqual({ file, credentials: false });
      expect({ file, secret: /^kind:\s*Secret\s*$/m.test(text) }).toEqual({ file, secret: false });
    }
  });

  it('probe paths are real routes: the API controller serves them and so does the workers\' health server', async () => {
    const controller = readFileSync(repoPath('services/api/src/health/health.controller.ts'), 'utf8');
    for (const path of HEALTH_PATHS) expect(controller).toContain(`@Get('${path.slice(1)}')`);
    const server = healthServer({ query: (() => Promise.resolve({ rows: [] })) as never }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      for (const path of HEALTH_PATHS) expect((await fetch(`http://127.0.0.1:${port}${path}`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
