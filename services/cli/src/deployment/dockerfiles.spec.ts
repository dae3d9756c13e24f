import { readFileSync } from 'node:fs';
import { dockerEnv, fileExists, finalStage, parseDockerfile, repoPath, ROLES } from './deploy-files';

describe('Dockerfiles (services/*/Dockerfile)', () => {
  describe.each(Object.entries(ROLES))('%s image', (role, { dockerfile, command, env, load, http }) => {
    const instructions = parseDockerfile(dockerfile);
    const runtime = finalStage(instructions);

    it('is a multi-stage build on a small Node 20 base, copying node_modules from a build stage', () => {
      const bases = instructions.filter((i) => i.keyword === 'FROM').map((i) => i.args);
      expect(bases.length).toBeGreaterThanOrEqual(2);
      for (const base of bases) expect(base).toMatch(/^node:20[\w.-]*-(slim|alpine)[\w.-]*(\s+AS\s+\w+)?$/i);
      expect(runtime.some((i) => i.keyword === 'COPY' && /^--from=\w+ \/app\/node_modules /.test(i.args))).toBe(true);
      expect(instructions.some((i) => i.keyword === 'RUN' && /npm ci --omit=dev/.test(i.args))).toBe(true);
    });

    it('runs as a numeric non-root USER', () => {
      const users = runtime.filter((i) => i.keyword === 'USER');
      expect(users.length).toBeGreaterThan(0);
      const uid = users.at(-1)!.args.split(':')[0]!;
      expect(uid).toMatch(/^\d+$/);
      expect(Number(uid)).toBeGreaterThan(0);
    });

    it(`runs \`keel ${command}\` and sets only variables the role's config reads`, () => {
      expect(runtime.find((i) => i.keyword === 'ENTRYPOINT')?.args).toBe('["node", "bin/keel.js"]');
      expect(runtime.find((i) => i.keyword === 'CMD')?.args).toBe(`["${command}"]`);
      const vars = dockerEnv(runtime);
      const { NODE_ENV: _nodeEnv, ...own } = vars;
      for (const name of Object.keys(own)) expect(env).toContain(name);
      if (role !== 'migrate') expect(() => load({ ...own, DATABASE_URL: 'postgres://keel@db.invalid/keel' })).not.toThrow();
    });

    it(http ? 'has a HEALTHCHECK on /healthz and exposes PORT' : 'has no HEALTHCHECK (one-shot)', () => {
      const healthcheck = runtime.find((i) => i.keyword === 'HEALTHCHECK');
      if (!http) return expect(healthcheck).toBeUndefined();
      expect(healthcheck?.args).toContain('/healthz');
      expect(runtime.find((i) => i.keyword === 'EXPOSE')?.args).toBe(dockerEnv(runtime)['PORT']);
      expect(dockerEnv(runtime)['HOST']).toBe('0.0.0.0');
    });

    it('copies only paths that exist in the repository', () => {
      for (const copy of runtime.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))) {
        const sources = copy.args.split(/\s+/).slice(0, -1);
        for (const source of sources) expect(fileExists(source)).toBe(true);
      }
    });
  });

  it('.dockerignore keeps specs, node_modules and local data out of the build context', () => {
    const ignore = readFileSync(repoPath('.dockerignore'), 'utf8').split('\n');
    expect(ignore).toEqual(expect.arrayContaining(['*', '**/*.spec.ts', '**/node_modules']));
    expect(ignore).not.toContain('!.keel/');
  });
});
