import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { create, createFileRegistry, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { type Client, credentials, type GrpcObject, loadPackageDefinition, makeGenericClientConstructor, type ServiceClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { loadSync, type MessageTypeDefinition } from '@grpc/proto-loader';
import { service as healthService } from 'grpc-health-check';
import { KEEL_SERVICES } from '@keel/grpc-contract';
import { type ApiHarness, startApiHarness } from '../testing/api-harness';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

type ReflectionClient = Client & { ServerReflectionInfo(): NodeJS.ReadWriteStream };

/** A generic client: what grpcurl does, without the generated stubs. */
function reflectionClient(address: string): ReflectionClient {
  const protoDir = join(dirname(require.resolve('@grpc/reflection/package.json')), 'build', 'proto');
  const grpc = loadPackageDefinition(loadSync('grpc/reflection/v1/reflection.proto', { keepCase: true, includeDirs: [protoDir] })) as unknown as { grpc: { reflection: { v1: GrpcObject } } };
  const Reflection = grpc.grpc.reflection.v1.ServerReflection as ServiceClientConstructor;
  return new Reflection(address, credentials.createInsecure()) as unknown as ReflectionClient;
}

/** One request/response exchange on the reflection stream. */
function reflect<T>(client: ReflectionClient, request: Record<string, string>): Promise<T> {
  return new Promise((resolve, reject) => {
    const stream = client.ServerReflectionInfo();
    stream.on('data', (response: T) => {
      resolve(response);
      stream.end();
    });
    stream.on('error', reject);
    stream.write(request as never);
  });
}

interface FileDescriptor {
  name: string;
  package: string;
  service: { name: string; method: { name: string; inputType: string; outputType: string; serverStreaming: boolean }[] }[];
  messageType: { name: string; field: { name: string; number: number; jsonName: string; proto3Optional: boolean }[] }[];
}

const descriptor = loadSync('google/protobuf/descriptor.proto', { keepCase: true })['google.protobuf.FileDescriptorProto'] as MessageTypeDefinition<unknown, unknown>;
const decodeFile = (bytes: Buffer): FileDescriptor => descriptor.deserialize(bytes) as FileDescriptor;

describe('a generic gRPC client', () => {
  it('finds every service SERVING through the standard health service, and an unknown one NOT_FOUND', async () => {
    const Health = makeGenericClientConstructor(healthService, 'grpc.health.v1.Health');
    type HealthClient = Client & { check(request: { service: string }, callback: (error: ServiceError | null, response: { status: string }) => void): void };
    const health = new Health(h.api.grpcAddress!, credentials.createInsecure()) as unknown as HealthClient;
    const check = (service: string) => new Promise<{ status: string }>((resolve, reject) => health.check({ service }, (error, response) => (error ? reject(error) : resolve(response))));
    for (const service of ['', ...KEEL_SERVICES]) expect((await check(service)).status).toBe('SERVING');
    await expect(check('keel.v1.NoSuchService')).rejects.toMatchObject({ code: 5 });
    health.close();
  });

  it('lists the keel.v1 services and the health service through server reflection', async () => {
    const client = reflectionClient(h.api.grpcAddress!);
    const response = await reflect<{ list_services_response: { service: { name: string }[] } }>(client, { list_services: '' });
    const names = response.list_services_response.service.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining([...KEEL_SERVICES, 'grpc.health.v1.Health']));
    client.close();
  });

  it('resolves a service to file descriptors that describe its methods and their messages, fields included', async () => {
    const client = reflectionClient(h.api.grpcAddress!);
    const response = await reflect<{ file_descriptor_response: { file_descriptor_proto: Buffer[] } }>(client, { file_containing_symbol: 'keel.v1.EventService' });
    const files = response.file_descriptor_response.file_descriptor_proto.map(decodeFile);
    const keel = files.find((file) => file.package === 'keel.v1')!;
    const events = keel.service.find((s) => s.name === 'EventService')!;
    expect(events.method.find((m) => m.name === 'WatchEvents')).toMatchObject({ inputType: '.keel.v1.WatchEventsRequest', outputType: '.keel.v1.WatchEventsResponse', serverStreaming: true });
    expect(keel.service.map((s) => `keel.v1.${s.name}`).sort()).toEqual([...KEEL_SERVICES].sort());
    const register = keel.messageType.find((m) => m.name === 'RegisterNodeRequest')!;
    // As protoc records them: JSON names as REST spells them, presence of optional fields.
    expect(register.field.map((f) => [f.name, f.number, f.jsonName, f.proto3Optional === true])).toEqual(
      expect.arrayContaining([
        ['memory_mib', 6, 'memoryMiB', true],
        ['cpu_milli', 5, 'cpuMilli', true],
        ['devices', 7, 'devices', false],
        ['idempotency_key', 14, 'idempotencyKey', false],
      ]),
    );
    // Its dependencies (google.protobuf.Struct, Timestamp, ...) come along, so a client can build every type.
    expect(files.some((file) => file.package === 'google.protobuf')).toBe(true);
    client.close();
  });

  it('gets descriptors a strict client can link: declared dependencies, qualified type names, map entries named …Entry', async () => {
    const client = reflectionClient(h.api.grpcAddress!);
    const response = await reflect<{ file_descriptor_response: { file_descriptor_proto: Buffer[] } }>(client, { file_containing_symbol: 'keel.v1.NodeService' });
    const files = response.file_descriptor_response.file_descriptor_proto.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));
    const keel = files.find((file) => file.package === 'keel.v1')!;
    expect(keel.dependency).toEqual(files.filter((file) => file !== keel).map((file) => file.name));
    const register = keel.messageType.find((m) => m.name === 'RegisterNodeRequest')!;
    expect(register.nestedType.map((m) => m.name)).toEqual(['LabelsEntry']);
    expect(register.field.find((f) => f.name === 'labels')?.typeName).toBe('.keel.v1.RegisterNodeRequest.LabelsEntry');
    const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: [...files].reverse() }));
    for (const service of KEEL_SERVICES) expect(registry.getService(service)?.methods.length).toBeGreaterThan(0);
    client.close();
  });

  it('is called by buf curl, a Go client that resolves the schema by reflection as grpcurl does', async () => {
    const curl = (args: string[]) => promisify(execFile)(join(dirname(require.resolve('@bufbuild/buf/package.json')), 'bin', 'buf'), ['curl', '--protocol', 'grpc', '--http2-prior-knowledge', ...args]);
    const url = `http://${h.api.grpcAddress!}`;
    const body = { name: 'gpu-node-77', zone: 'zone-a', cpuMilli: 64000, memoryMiB: 512000, devices: [{ model: 'A100-80GB', memoryMiB: 81920 }], idempotencyKey: 'curl-77' };
    const registered = JSON.parse((await curl(['-H', 'x-keel-actor: curl', '-d', JSON.stringify(body), `${url}/keel.v1.NodeService/RegisterNode`])).stdout) as { result: { checkpoint: string } };
    const read = JSON.parse((await curl(['-d', JSON.stringify({ name: 'gpu-node-77', minCheckpoint: registered.result.checkpoint }), `${url}/keel.v1.NodeService/GetNode`])).stdout) as { node: Record<string, unknown> };
    expect(read.node).toMatchObject({ name: 'gpu-node-77', memoryMiB: 512000, gpus: [expect.objectContaining({ memoryMiB: 81920 })] });
    const refused = await curl(['-d', JSON.stringify({ name: 'gpu-node-77', expectedVersion: 5 }), `${url}/keel.v1.NodeService/CordonNode`]).catch((error: { stderr: string }) => error.stderr);
    expect(JSON.parse(refused as string)).toMatchObject({ code: 'aborted', details: [{ type: 'google.rpc.ErrorInfo' }] });
  });

  it('resolves the google.rpc error details a client decodes from grpc-status-details-bin', async () => {
    const client = reflectionClient(h.api.grpcAddress!);
    const response = await reflect<{ file_descriptor_response: { file_descriptor_proto: Buffer[] } }>(client, { file_containing_symbol: 'google.rpc.BadRequest' });
    const rpc = response.file_descriptor_response.file_descriptor_proto.map(decodeFile).find((file) => file.package === 'google.rpc')!;
    expect(rpc.messageType.map((m) => m.name)).toEqual(expect.arrayContaining(['Status', 'ErrorInfo', 'BadRequest', 'PreconditionFailure']));
    client.close();
  });
});
