import { type INestApplication } from '@nestjs/common';

/** A route the HTTP server really answers: method and Express path (`/v1/nodes/:name`). */
export interface RegisteredRoute {
  readonly method: string;
  readonly path: string;
}

interface Layer {
  readonly route?: { readonly path: string | string[]; readonly methods: Record<string, boolean> };
}

/** Every route registered on the Express router of `app` (controllers and anything added by hand). */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: readonly Layer[] } };
  return express.router.stack.flatMap((layer) => {
    if (!layer.route) return [];
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    const methods = Object.keys(layer.route.methods).filter((method) => layer.route!.methods[method] && method !== '_all');
    return paths.flatMap((path) => methods.map((method) => ({ method, path })));
  });
}

/** True when OpenAPI path template `template` (`/v1/nodes/{name}/cordon`) is served by Express path `route` (`/v1/nodes/:name/:action`). */
export function servedBy(template: string, route: string): boolean {
  const a = template.split('/');
  const b = route.split('/');
  return a.length === b.length && a.every((segment, i) => b[i]!.startsWith(':') ? segment !== '' : segment === b[i]);
}
