import { dockerEnv, fileExists, finalStage, parseDockerfile, PLACEHOLDER_DATABASE_URL, readYaml, ROLES, roleOfImage } from './deploy-files';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const [compose] = readYaml('docker-compose.yml') as Obj[];
const services = compose!.services as Record<string, Obj>;
const keel = Object.entries(services).filter(([, s]) => s.build !== undefined);
/** `${VAR:-default}` → default, as compose does when VAR is unset. */
const interpolate = (value: unknown): string => String(value).replace(/\$\{\w+:-([^}]*)\}/g, '$1');

describe('docker-compose.yml', () => {
  it('runs Postgres, Kafka (official image, KRaft), a one-shot migration, the API, the projector and the scheduler', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'kafka', 'migrate', 'postgres', 'projector', 'scheduler']);
    expect(services['kafka']!.image).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
    expect(services['kafka']!.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    for (const infra of ['postgres', 'kafka']) expect(services[infra]!.healthcheck.test).toBeDefined();
    expect(services['migrate']!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  describe.each(keel)('%s', (name, service) => {
    const roleName = roleOfImage(String(service.image));
    const role = ROLES[roleName ?? '']!;

    it('builds from its role\'s Dockerfile in the repository', () => {
      expect(role).toBeDefined();
      expect(service.build).toEqual({ context: '.', dockerfile: role.dockerfile });
      expect(fileExists(role.dockerfile)).toBe(true);
    });

    it('sets only variables its config reads, with values it accepts, and no literal password', () => {
      const env = service.environment as Obj;
      for (const key of Object.keys(env)) expect({ name, key, known: role.env.includes(key) }).toMatchObject({ known: true });
      const password = /\w+:\/\/[^\s/:@]+:([^\s/@]+)@/.exec(String(env['DATABASE_URL']))?.[1];
      if (password !== undefined) expect(password).toMatch(/^\$\{\w+(:-[^}]*)?\}$/);
      const image = dockerEnv(finalStage(parseDockerfile(role.dockerfile)));
      const effective = { ...image, ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v)])) };
      expect(() => role.load({ ...effective, DATABASE_URL: effective['DATABASE_URL'] ?? PLACEHOLDER_DATABASE_URL })).not.toThrow();
      if (role.http) {
        expect(effective['HOST']).toBe('0.0.0.0');
        const served = [String(effective['PORT'] ?? 8080), ...(role.grpc ? [String(effective['KEEL_GRPC_PORT'] ?? 50051)] : [])];
        for (const mapping of (service.ports ?? []) as string[]) expect(served).toContain(mapping.split(':').at(-1));
        expect(service.healthcheck.test.join(' ')).toContain(`127.0.0.1:${effective['PORT'] ?? 8080}/readyz`);
      }
    });

    if (name !== 'migrate') {
      it('starts after Postgres and Kafka are healthy and the migration completed', () => {
        expect(service.depends_on).toEqual({
          postgres: { condition: 'service_healthy' },
          kafka: { condition: 'service_healthy' },
          migrate: { condition: 'service_completed_successfully' },
        });
      });
    }
  });

  it('only the Postgres password of a local throwaway database is literal, and overridable', () => {
    expect(services['postgres']!.environment.POSTGRES_PASSWORD).toBe('${POSTGRES_PASSWORD:-keel}');
  });
});
