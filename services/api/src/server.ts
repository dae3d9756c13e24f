import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { type ApiConfig } from './config';
import { HttpErrorFilter } from './common/http-error.filter';
import { BODY_LIMIT_BYTES, useJsonBodies } from './common/json-body';
import { recordRoutes } from './openapi/registered-routes';
import { type Infrastructure, openInfrastructure } from './database/infrastructure';
import { GrpcServer } from './grpc/grpc-server';
import { setupOpenApi } from './openapi';

/** A running API service. */
export interface RunningApi {
  readonly url: string;
  /** `host:port` of the gRPC API, when it runs. */
  readonly grpcAddress: string | undefined;
  readonly app: INestApplication;
  readonly infrastructure: Infrastructure;
  close(): Promise<void>;
}

/**
 * Opens the database (migrating it), builds the Nest app and listens on `config.host:config.port` (REST)
 * and, when `config.grpcPort` is set, on `config.host:config.grpcPort` (gRPC); both stop with `close()`.
 */
export async function startApi(config: ApiConfig, existing?: Infrastructure): Promise<RunningApi> {
  const infrastructure = existing ?? (await openInfrastructure(config));
  const grpc = config.grpcPort === undefined ? undefined : { host: config.host, port: config.grpcPort, listen: !infrastructure.embedded };
  // Fastify, not Express: on these VMs Nest on Express cost ~340 µs of CPU per request against ~60-120 µs
  // on Fastify (a one-route app under autocannon), a third of a scale command's time in the API.
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, routerOptions: { maxParamLength: 1000, ignoreTrailingSlash: true } });
  recordRoutes(adapter.getInstance());
  useJsonBodies(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(infrastructure, config.readWaitMs, grpc), adapter, {
    logger: config.logLevel === 'silent' ? false : ['error', 'warn'],
    bodyParser: false,
  });
  app.useGlobalFilters(new HttpErrorFilter());
  // No Nest signal hooks: whoever starts the API owns the process's signals and calls close(), which runs
  // the same lifecycle hooks. Nest's hook re-raised SIGTERM after closing the app and killed `keel start`
  // before it stopped its scheduler and released its leases.
  setupOpenApi(app);
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  return {
    url: `http://${config.host}:${address.port}`,
    grpcAddress: grpc ? `${config.host}:${app.get(GrpcServer).port}` : undefined,
    app,
    infrastructure,
    close: async () => {
      await app.close();
      if (!existing) await infrastructure.close();
    },
  };
}
