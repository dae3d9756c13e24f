import { type ApiHarness, startApiHarness } from '../testing/api-harness';
import { type OpenApiDocument } from './document';
import { registeredRoutes, servedBy } from './registered-routes';

const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;
/** Swagger UI's own routes (HTML and assets): not part of the API. */
const UI_ROUTE = /^\/v1\/docs(\/|$)/;

describe('OpenAPI document and UI', () => {
  let harness: ApiHarness;
  let document: OpenApiDocument;
  let operations: { method: string; path: string }[];

  beforeAll(async () => {
    harness = await startApiHarness();
    const response = await fetch(`${harness.api.url}/v1/openapi.json`);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    document = (await response.json()) as OpenApiDocument;
    operations = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => ({ method, path })));
  });
  afterAll(() => harness.close());

  it('is an OpenAPI 3.1 document whose every operation has an id, a summary and responses', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBeTruthy();
    expect(operations.length).toBeGreaterThan(20);
    for (const { method, path } of operations) {
      const operation = document.paths[path]![method as (typeof METHODS)[number] & keyof OpenApiDocument['paths'][string]]!;
      expect(METHODS).toContain(method);
      expect(operation.operationId).toBeTruthy();
      expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
      const params = (operation.parameters ?? []).filter((p) => 'in' in p && p.in === 'path').map((p) => ('name' in p ? p.name : ''));
      expect(params.sort()).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
    }
    expect(new Set(operations.map(({ method, path }) => document.paths[path]![method as 'get']!.operationId)).size).toBe(operations.length);
  });

  it('resolves every $ref in the document', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of new Set(refs)) {
      const pointer = ref.split('/');
      const target = pointer.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
      expect({ ref, resolved: target !== undefined }).toEqual({ ref, resolved: true });
    }
  });

  it('documents every route the app registers, and serves every documented operation', () => {
    const routes = registeredRoutes(harness.api.app).filter((route) => !UI_ROUTE.test(route.path));
    expect(routes.length).toBeGreaterThan(20);
    const undocumented = routes.filter((route) => !operations.some((op) => op.method === route.method && servedBy(op.path, route.path)));
    expect(undocumented).toEqual([]);
    const unserved = operations.filter((op) => !routes.some((route) => route.method === op.method && servedBy(op.path, route.path)));
    expect(unserved).toEqual([]);
  });

  it('takes request bodies from the domain schemas: no fit on deployments, replicas only on create', () => {
    const body = (path: string, method: 'post' | 'put') => document.paths[path]![method]!.requestBody!.content['application/json'].schema as { properties: Record<string, unknown>; required?: string[] };
    const create = body('/v1/deployments', 'post');
    const update = body('/v1/deployments/{name}', 'put');
    expect(create.properties).toHaveProperty('replicas');
    expect(create.properties).toHaveProperty('template');
    expect(create.properties).not.toHaveProperty('fit');
    expect(update.properties).not.toHaveProperty('fit');
    expect(update.properties).not.toHaveProperty('replicas');
    expect(update.required).not.toContain('name');
    expect(body('/v1/nodes', 'post').required).toEqual(expect.arrayContaining(['name', 'zone', 'devices']));
    expect(body('/v1/models', 'post').properties).toHaveProperty('kvHeads');
  });

  it('lists the write headers, pagination, filters and error statuses', () => {
    const names = (path: string, method: 'get' | 'post' | 'delete') =>
      (document.paths[path]![method]!.parameters ?? []).map((p) => ('$ref' in p ? p.$ref.split('/').pop() : p.name));
    expect(names('/v1/nodes', 'post')).toEqual(['IdempotencyKey', 'Actor', 'CorrelationId']);
    expect(names('/v1/nodes/{name}', 'delete')).toContain('force');
    expect(names('/v1/pods', 'get')).toEqual(['limit', 'cursor', 'minCheckpoint', 'deployment', 'node', 'phase']);
    expect(Object.keys(document.paths['/v1/deployments']!.post!.responses).sort()).toEqual(['201', '400', '409', '413', '415', '422']);
    expect(Object.keys(document.paths['/v1/nodes/{name}']!.get!.responses).sort()).toEqual(['200', '400', '404', '503']);
  });

  it('serves a browsable UI at /v1/docs with its assets from disk', async () => {
    const page = await fetch(`${harness.api.url}/v1/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)=["']([^"']+\.(?:js|css|png))["']/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^https?:/);
      const response = await fetch(new URL(asset, `${harness.api.url}/v1/docs`));
      // Read the body: an unread response keeps its connection busy, and a graceful close waits for it.
      const bytes = (await response.arrayBuffer()).byteLength;
      expect({ asset, status: response.status, empty: bytes === 0 }).toEqual({ asset, status: 200, empty: false });
    }
    const init = await (await fetch(`${harness.api.url}/v1/docs/swagger-ui-init.js`)).text();
    expect(init).toContain('Keel admin API');
  });
});
