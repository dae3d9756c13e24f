import { validateAgainstConfigSchema } from './config-schema';

const job = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ docker: [{ image: 'cimg/base:current' }], steps: ['checkout'], ...extra });
const config = (jobs: Record<string, unknown>, rest: Record<string, unknown> = {}): Record<string, unknown> => ({
  version: 2.1,
  jobs,
  workflows: { main: { jobs: Object.keys(jobs) } },
  ...rest,
});

describe('validateAgainstConfigSchema (SchemaStore circleciconfig.json, draft-04)', () => {
  it('accepts a valid config', () => {
    expect(validateAgainstConfigSchema(config({ build: job() }))).toEqual([]);
  });

  it('needs a version', () => {
    expect(validateAgainstConfigSchema({ jobs: {} })).toEqual([{ path: [], message: "missing required key 'version'" }]);
  });

  it('reports the deepest error under failed alternatives, not every branch of the oneOf', () => {
    expect(validateAgainstConfigSchema(config({ build: job({ docker: [{ image: 42 }] }) }))).toEqual([
      { path: ['jobs', 'build', 'docker', 0, 'image'], message: 'must be string' },
    ]);
  });

  it('summarises a job without an executor as the keys it needs one of', () => {
    expect(validateAgainstConfigSchema(config({ build: { steps: ['checkout'] } }))).toEqual([
      { path: ['jobs', 'build'], message: 'needs one of: docker, executor, machine, macos' },
    ]);
  });

  it('names an unknown key by its own path', () => {
    expect(validateAgainstConfigSchema(config({ build: job({ steps: [{ run: { command: 'make', timeout: '5m' } }] }) }))).toEqual([
      { path: ['jobs', 'build', 'steps', 0, 'run', 'timeout'], message: 'unknown key (not allowed here by the CircleCI config schema)' },
    ]);
  });

  it('lists the allowed values of an enum', () => {
    const [finding] = validateAgainstConfigSchema(config({ build: job({ steps: [{ run: { command: 'make', when: 'sometimes' } }] }) }));
    expect(finding).toEqual({ path: ['jobs', 'build', 'steps', 0, 'run', 'when'], message: 'must be one of: "always", "on_success", "on_fail"' });
  });

  it('keeps independent problems of one document', () => {
    const findings = validateAgainstConfigSchema(config({ a: job({ docker: [{ image: 1 }] }), b: job({ parallelism: 'many' }) }, { version: 3 }));
    expect(findings.map((f) => f.path.join('.'))).toEqual(expect.arrayContaining(['version', 'jobs.a.docker.0.image', 'jobs.b.parallelism']));
  });
});
