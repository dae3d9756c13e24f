import { type INestApplication } from '@nestjs/common';
import { type FastifyInstance } from 'fastify';

/** A route the HTTP server really answers: method and router path (`/v1/nodes/:name`). */
export interface RegisteredRoute {
  readonly method: string;
  readonly path: string;
}

const routesOf = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Starts recording every route added to `fastify` (call before the app registers its controllers). */
export function recordRoutes(fastify: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  routesOf.set(fastify, routes);
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') routes.push({ method: method.toLowerCase(), path: route.url });
  });
}

/** Every route registered on the HTTP server of `app` (controllers and anything added by hand). */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  return [...(routesOf.get(app.getHttpAdapter().getInstance() as FastifyInstance) ?? [])];
}

/** True when OpenAPI path template `template` (`/v1/nodes/{name}/cordon`) is served by router path `route` (`/v1/nodes/:name/:action`). */
export function servedBy(template: string, route: string): boolean {
  const a = template.split('/');
  const b = route.split('/');
  return a.length === b.length && a.every((segment, i) => b[i]!.startsWith(':') ? segment !== '' : segment === b[i]);
}
