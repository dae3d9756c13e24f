import { dirname, join } from 'node:path';
import { fromBinary, isFieldSet, toBinary } from '@bufbuild/protobuf';
import { type DescriptorProto, FieldDescriptorProtoSchema, FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { jsonFieldName, PROTO_ROOT, protoFiles } from '@keel/grpc-contract';

/**
 * The served contract as @grpc/proto-loader reads it from the same `.proto` files the TypeScript is
 * generated from (plus the standard health service), for server reflection. proto-loader (protobufjs)
 * writes descriptors without `json_name` and `proto3_optional`; both are restored as `protoc` records
 * them, so JSON clients see `memoryMiB` (as in REST) and optional fields keep their presence.
 */
export function loadContractDefinition(): PackageDefinition {
  const healthRoot = join(dirname(healthProtoPath), '..', '..');
  const definition = loadSync([...protoFiles(), 'health/v1/health.proto'], { includeDirs: [PROTO_ROOT, healthRoot], keepCase: true });
  const restored = new Map<Buffer, Buffer>();
  for (const entry of Object.values(definition)) {
    if (!('fileDescriptorProtos' in entry) || !Array.isArray(entry.fileDescriptorProtos)) continue;
    entry.fileDescriptorProtos = entry.fileDescriptorProtos.map((bytes) => restored.get(bytes) ?? restored.set(bytes, restoreFieldInfo(bytes)).get(bytes)!);
  }
  return definition;
}

function restoreFieldInfo(bytes: Buffer): Buffer {
  const file = fromBinary(FileDescriptorProtoSchema, bytes);
  file.messageType.forEach(restoreMessage);
  return Buffer.from(toBinary(FileDescriptorProtoSchema, file));
}

function restoreMessage(message: DescriptorProto): void {
  for (const field of message.field) {
    if (field.jsonName === '') field.jsonName = jsonFieldName(field.name);
    const oneof = isFieldSet(field, FieldDescriptorProtoSchema.field.oneofIndex) ? message.oneofDecl[field.oneofIndex] : undefined;
    if (oneof?.name === `_${field.name}`) field.proto3Optional = true;
  }
  message.nestedType.forEach(restoreMessage);
}
