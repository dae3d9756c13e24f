import { type RunningApi, startApi } from '@keel/api';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { DEMO_NODES } from '../demo/cluster';
import { DEMO_DEPLOYMENTS } from '../demo/deployments';
import { runDemo } from './demo.command';

/** The API on a fresh real Postgres, configured as services/api's own test harness does. */
async function startTestApi(): Promise<{ api: RunningApi; db: TestDatabase }> {
  const db = await createTestDatabase({ poolSize: 2 });
  const api = await startApi({ host: '127.0.0.1', port: 0, databaseUrl: db.url, dataDir: '', poolSize: 20, readWaitMs: 5000, runProjector: true, projectorThread: false, transport: 'postgres', groupCommit: true, logLevel: 'silent' });
  return { api, db };
}

/** Number of events in the store, counted through `/v1/events`. */
async function eventCount(url: string): Promise<number> {
  let count = 0;
  for (let after = '0'; ; ) {
    const page = (await (await fetch(`${url}/v1/events?limit=1000&afterPosition=${after}`)).json()) as { items: unknown[]; nextCursor: string | null };
    count += page.items.length;
    if (!page.nextCursor) return count;
    after = page.nextCursor;
  }
}

describe('keel demo', () => {
  let api: RunningApi;
  let db: TestDatabase;
  beforeAll(async () => {
    ({ api, db } = await startTestApi());
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it('loads the example cluster through the API and prints capacity and deployment tables', async () => {
    const lines: string[] = [];
    const result = await runDemo(api.url, (line) => lines.push(line));
    const output = lines.join('\n');

    for (const gpu of new Set(DEMO_NODES.flatMap((node) => node.devices.map((device) => device.model)))) expect(output).toMatch(new RegExp(`^${gpu}\\s+us-east-1`, 'm'));
    const refused = DEMO_DEPLOYMENTS.filter((d) => d.name === 'llama-2-70b-1gpu');
    for (const deployment of DEMO_DEPLOYMENTS.filter((d) => !refused.includes(d))) {
      expect(output).toMatch(new RegExp(`^${deployment.name}\\s+${deployment.model}\\s+${deployment.runtime.replace('.', '\\.')}\\s`, 'm'));
    }
    expect(result.refused).toEqual(['deployment llama-2-70b-1gpu']);
    expect(output).toContain('130.4 GiB of weights per replica');
    expect(output).toMatch(/^total\s+5\s+20\s+0\s+20\s+4\s/m);

    const node05 = (await (await fetch(`${api.url}/v1/nodes/gpu-node-05`)).json()) as { unschedulable: boolean };
    expect(node05.unschedulable).toBe(true);
  });

  it('appends nothing when run a second time', async () => {
    const before = await eventCount(api.url);
    expect(before).toBeGreaterThan(20);
    const lines: string[] = [];
    const result = await runDemo(api.url, (line) => lines.push(line));
    expect(await eventCount(api.url)).toBe(before);
    expect(result.applied).toBe(0);
    expect(lines.join('\n')).toContain('mistral-7b-gptq-shared');
  });

  it('tells the user to start Keel when nothing listens at the URL', async () => {
    await expect(runDemo('http://127.0.0.1:9', () => undefined)).rejects.toThrow(/cannot reach the Keel API at http:\/\/127\.0\.0\.1:9 .*npm start/);
  });
});
