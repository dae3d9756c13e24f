import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { type ApiConfig } from './config';
import { HttpErrorFilter } from './common/http-error.filter';
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
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(infrastructure, config.readWaitMs, grpc), {
    logger: config.logLevel === 'silent' ? false : ['error', 'warn'],
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: '1mb', strict: false });
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
