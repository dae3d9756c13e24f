import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { type Client as GrpcClient, credentials, type GrpcObject, loadPackageDefinition, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { Client } from 'pg';
import { KEEL_SERVICES } from '@keel/grpc-contract';
import { describeSchema, readMigrationFiles } from '@keel/migrator';
import { createTestDatabase, MIGRATIONS_DIR, type TestDatabase } from '@keel/testing';
import { dockerEnv, finalStage, type Instruction, parseDockerfile, ROLES } from './deploy-files';
import { buildStages, execForm, runStage, sealRootfs, stageBuildContext } from './stage-image';

jest.setTimeout(180_000);

/** A role's image as staged: its root filesystem and how Docker would start it. */
interface StagedImage {
  readonly rootfs: string;
  readonly workdir: string;
  readonly uid: number;
  readonly gid: number;
  readonly env: Record<string, string>;
  readonly argv: readonly string[];
  readonly healthcheck: readonly string[] | undefined;
}

/** A process started from a staged image: its exit code once it exits, and what it printed so far. */
interface Run {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
}

/** A long-running role, listening on PORT (and KEEL_GRPC_PORT for the roles that serve gRPC). */
interface Container extends Run {
  readonly port: number;
  readonly grpcPort: number | undefined;
}

/** Instructions that change a stage's files; stages equal in these (and in their inputs) are staged once. */
const layers = (instructions: readonly Instruction[]): Instruction[] => instructions.filter((i) => ['FROM', 'WORKDIR', 'COPY', 'RUN'].includes(i.keyword));
const lastArgs = (stage: readonly Instruction[], keyword: string): string | undefined => stage.filter((i) => i.keyword === keyword).at(-1)?.args;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Every process a test started and that has not exited yet (stopped in afterAll, whatever failed). */
const running = new Map<ChildProcess, Promise<number | null>>();

/** Like `docker run`: the image's ENTRYPOINT + CMD and ENV, as its USER, in its WORKDIR, with the host's Node 20. */
function spawnAs(image: StagedImage, argv: readonly string[], env: Record<string, string>): Run {
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: join(image.rootfs, image.workdir),
    env: { PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, HOME: '/nonexistent', ...image.env, ...env },
    uid: image.uid,
    gid: image.gid,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  running.set(child, exited);
  void exited.then(() => running.delete(child));
  return { child, exited, output: () => output };
}

async function startContainer(image: StagedImage, env: Record<string, string>, grpc: boolean): Promise<Container> {
  const [port, grpcPort] = await Promise.all([freePort(), grpc ? freePort() : undefined]);
  const ports = { PORT: String(port), ...(grpcPort === undefined ? {} : { KEEL_GRPC_PORT: String(grpcPort) }) };
  const container = { ...spawnAs(image, image.argv, { ...env, ...ports }), port, grpcPort };
  const deadline = Date.now() + 90_000;
  let exited = false;
  void container.exited.then(() => (exited = true));
  for (;;) {
    const status = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0);
    if (status === 200) return container;
    if (exited || Date.now() > deadline) throw new Error(`${image.argv.join(' ')} did not become healthy:\n${container.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The services a gRPC server lists through the standard reflection service (what `grpcurl list` shows). */
async function reflectedServices(address: string): Promise<string[]> {
  const protoDir = join(dirname(require.resolve('@grpc/reflection/package.json')), 'build', 'proto');
  const definition = loadSync('grpc/reflection/v1/reflection.proto', { keepCase: true, includeDirs: [protoDir] });
  const Reflection = (loadPackageDefinition(definition) as { grpc: { reflection: { v1: GrpcObject } } }).grpc.reflection.v1.ServerReflection as ServiceClientConstructor;
  const client = new Reflection(address, credentials.createInsecure()) as unknown as GrpcClient & { ServerReflectionInfo(): NodeJS.ReadWriteStream };
  try {
    return await new Promise((resolve, reject) => {
      const stream = client.ServerReflectionInfo();
      stream.once('data', (response: { list_services_response: { service: { name: string }[] } }) => {
        resolve(response.list_services_response.service.map((service) => service.name));
        stream.end();
      });
      stream.once('error', reject);
      stream.write({ list_services: '' } as never);
    });
  } finally {
    client.close();
  }
}

describe("image contents (each Dockerfile's runtime stage, staged without Docker)", () => {
  const dockerfiles = Object.entries(ROLES).map(([role, { dockerfile }]) => ({ role, instructions: parseDockerfile(dockerfile) }));
  const staged = new Map<string, string>();
  const images: Record<string, StagedImage> = {};
  const containers: Record<string, Container> = {};
  let base: string;
  let context: string;
  let db: TestDatabase;

  /** Stages every stage of every Dockerfile, each distinct one once (`npm ci` included). */
  function stageImages(): void {
    for (const { role, instructions } of dockerfiles) {
      const stages = buildStages(instructions);
      const rootfsOf: Record<string, string> = {};
      stages.forEach((stage, index) => {
        const key = JSON.stringify(stages.slice(0, index + 1).map((s) => layers(s.instructions)));
        if (!staged.has(key)) {
          const rootfs = join(base, `rootfs-${staged.size}`);
          mkdirSync(rootfs);
          runStage(stage, { rootfs, context, stages: rootfsOf });
          staged.set(key, rootfs);
        }
        rootfsOf[stage.name] = staged.get(key)!;
      });
      const runtime = finalStage(instructions);
      const [uid = '', gid = '0'] = (lastArgs(runtime, 'USER') ?? '0').split(':');
      const healthcheck = lastArgs(runtime, 'HEALTHCHECK');
      images[role] = {
        rootfs: rootfsOf[stages.at(-1)!.name]!,
        workdir: posix.resolve('/', ...runtime.filter((i) => i.keyword === 'WORKDIR').map((i) => i.args)),
        uid: Number(uid),
        gid: Number(gid),
        env: dockerEnv(runtime),
        argv: [...execForm(lastArgs(runtime, 'ENTRYPOINT') ?? '[]'), ...execForm(lastArgs(runtime, 'CMD') ?? '[]')],
        healthcheck: healthcheck === undefined ? undefined : execForm(healthcheck),
      };
    }
    for (const rootfs of new Set(Object.values(images).map((image) => image.rootfs))) sealRootfs(rootfs);
  }

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'keel-image-'));
    chmodSync(base, 0o755);
    context = join(base, 'context');
    stageBuildContext(context);
    stageImages();
    db = await createTestDatabase({ migrated: false, poolSize: 1 });
  });
  afterAll(async () => {
    for (const [child, exited] of running) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await db?.drop();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('all four Dockerfiles share one deps stage, so `npm ci --omit=dev` runs once for all', () => {
    const deps = dockerfiles.map(({ instructions }) => JSON.stringify(buildStages(instructions)[0]));
    expect(new Set(deps).size).toBe(1);
    expect(buildStages(dockerfiles[0]!.instructions)[0]!.instructions.map((i) => i.args)).toContain('npm ci --omit=dev --ignore-scripts && npm cache clean --force');
  });

  it.each(Object.keys(ROLES))('the %s image has the production dependencies only, and no node_modules above /app to fall back on', (name) => {
    const { rootfs, workdir } = images[name]!;
    const modules = join(rootfs, workdir, 'node_modules');
    expect(['@swc-node/register', '@swc/core', 'pg', 'jest', '@swc/jest', 'eslint'].filter((pkg) => existsSync(join(modules, pkg)))).toEqual(['@swc-node/register', '@swc/core', 'pg']);
    for (let dir = dirname(join(rootfs, workdir)); dir !== dirname(dir); dir = dirname(dir)) expect(existsSync(join(dir, 'node_modules'))).toBe(false);
  });

  it('the build context holds the runtime sources and leaves out specs, Dockerfiles and docs', () => {
    const files = readdirSync(context, { recursive: true, encoding: 'utf8' });
    expect(files).toEqual(expect.arrayContaining(['package-lock.json', 'bin/keel.js', 'services/cli/src/main.ts', 'migrations/0001_create_event_store.sql']));
    expect(files.filter((path) => path.endsWith('.spec.ts') || path.endsWith('Dockerfile') || path === 'README.md')).toEqual([]);
  });

  it.each(Object.keys(ROLES))('the %s image runs as a non-root USER that cannot write to its WORKDIR', async (name) => {
    expect(images[name]!.uid).toBeGreaterThan(0);
    const probe = spawnAs(images[name]!, ['node', '-e', "require('fs').mkdirSync('.keel')"], {});
    expect({ code: await probe.exited, output: probe.output() }).toMatchObject({ code: 1, output: expect.stringContaining('EACCES') });
  });

  it('the migrate image (CMD migrate) applies every migration to an empty database and exits 0', async () => {
    const migrations = readMigrationFiles(MIGRATIONS_DIR).length;
    const migrate = spawnAs(images['migrate']!, images['migrate']!.argv, { DATABASE_URL: db.url });
    expect({ code: await migrate.exited, output: migrate.output() }).toEqual({ code: 0, output: expect.stringContaining(`${migrations} migration(s) applied; 0 already applied`) });
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      expect(await describeSchema(client)).toBe(readFileSync(join(MIGRATIONS_DIR, 'schema.snapshot.txt'), 'utf8'));
    } finally {
      await client.end();
    }
  });

  describe('the long-running images, on the migrated database', () => {
    const services = Object.entries(ROLES).filter(([, role]) => role.http).map(([name]) => name);
    beforeAll(async () => {
      await Promise.all(services.map(async (name) => (containers[name] = await startContainer(images[name]!, { DATABASE_URL: db.url }, ROLES[name]!.grpc))));
    });

    it.each(services)('%s answers 200 on /healthz and /readyz, and its HEALTHCHECK exits 0', async (name) => {
      const { port } = containers[name]!;
      for (const path of ['/healthz', '/readyz']) expect((await fetch(`http://127.0.0.1:${port}${path}`)).status).toBe(200);
      const check = spawnAs(images[name]!, images[name]!.healthcheck!, { PORT: String(port) });
      expect({ code: await check.exited, output: check.output() }).toEqual({ code: 0, output: '' });
    });

    it('api serves every keel.v1 service over gRPC, listed by server reflection (read from the copied .proto files)', async () => {
      const services = await reflectedServices(`127.0.0.1:${containers['api']!.grpcPort}`);
      expect(services).toEqual(expect.arrayContaining([...KEEL_SERVICES]));
    });

    it('the HEALTHCHECK exits non-zero when nothing answers on PORT', async () => {
      const check = spawnAs(images['api']!, images['api']!.healthcheck!, { PORT: String(await freePort()) });
      expect(await check.exited).toBe(1);
    });

    it('api accepts a write (POST /v1/nodes) that the projector image makes readable (GET /v1/nodes/{name})', async () => {
      const api = `http://127.0.0.1:${containers['api']!.port}`;
      const node = { name: 'gpu-node-01', zone: 'zone-a', cpuMilli: 64000, memoryMiB: 512000, devices: [{ model: 'A100-80GB', memoryMiB: 81920 }] };
      const write = await fetch(`${api}/v1/nodes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(node) });
      const { checkpoint } = (await write.json()) as { checkpoint: string };
      expect(write.status).toBe(201);
      // 503 NotCaughtUp (not projected within KEEL_READ_WAIT_MS) asks the client to retry: up to 4 waits in all.
      let read = await fetch(`${api}/v1/nodes/gpu-node-01?minCheckpoint=${checkpoint}`);
      for (let retries = 3; read.status === 503 && retries > 0; retries--) read = await fetch(read.url);
      // The projector's log rides along, shown only when the read does not match.
      expect({ status: read.status, body: await read.json(), projectorLog: containers['projector']!.output() }).toMatchObject({ status: 200, body: { name: 'gpu-node-01', zone: 'zone-a' } });
    });
  });
});
