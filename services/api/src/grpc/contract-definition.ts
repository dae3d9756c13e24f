import { dirname, join } from 'node:path';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { PROTO_ROOT, protoFiles } from '@keel/grpc-contract';

/**
 * The served contract as @grpc/proto-loader reads it from the same `.proto` files the TypeScript is
 * generated from (plus the standard health service), for server reflection. Field names are kept as
 * written (`memory_mib`).
 */
export function loadContractDefinition(): PackageDefinition {
  const healthRoot = join(dirname(healthProtoPath), '..', '..');
  return loadSync([...protoFiles(), 'health/v1/health.proto'], { includeDirs: [PROTO_ROOT, healthRoot], keepCase: true });
}
