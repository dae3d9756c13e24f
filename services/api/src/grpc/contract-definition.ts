import { dirname, join } from 'node:path';
import { fromBinary, isFieldSet, toBinary } from '@bufbuild/protobuf';
import { type DescriptorProto, type EnumDescriptorProto, FieldDescriptorProtoSchema, type FileDescriptorProto, FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { jsonFieldName, PROTO_ROOT, protoFiles } from '@keel/grpc-contract';

/**
 * The served contract as @grpc/proto-loader reads it from the same `.proto` files the TypeScript is
 * generated from (plus the standard health service), for server reflection.
 *
 * proto-loader (protobufjs) merges each package into one file (`keel_v1.proto`) and writes descriptors
 * that strict clients (Go's: grpcurl, buf curl) cannot link: no `dependency` on the files that define
 * the types they use, relative type names, map entries not named `…Entry`, and no `json_name` or
 * `proto3_optional`. Those are restored
 * here as `protoc` records them, so a generic client resolves every service and sees `memoryMiB` (as
 * in REST), with optional fields keeping their presence.
 */
export function loadContractDefinition(): PackageDefinition {
  const healthRoot = join(dirname(healthProtoPath), '..', '..');
  const definition = loadSync([...protoFiles(), 'health/v1/health.proto'], { includeDirs: [PROTO_ROOT, healthRoot], keepCase: true });
  const entries = Object.values(definition).filter((entry): entry is typeof entry & { fileDescriptorProtos: Buffer[] } => 'fileDescriptorProtos' in entry && Array.isArray(entry.fileDescriptorProtos));
  const originals = [...new Set(entries.flatMap((entry) => entry.fileDescriptorProtos))];
  const files = originals.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));
  linkFiles(files);
  const linked = new Map(originals.map((bytes, i) => [bytes, Buffer.from(toBinary(FileDescriptorProtoSchema, files[i]!))]));
  for (const entry of entries) entry.fileDescriptorProtos = entry.fileDescriptorProtos.map((bytes) => linked.get(bytes)!);
  return definition;
}

/** Qualifies every type reference, declares the files they come from, and restores JSON names and presence. */
export function linkFiles(files: readonly FileDescriptorProto[]): void {
  files.forEach((file) => file.messageType.forEach(nameMapEntries));
  const owners = new Map<string, string>();
  for (const file of files) {
    const scope = file.package === '' ? '' : `.${file.package}`;
    file.messageType.forEach((message) => indexMessage(message, scope, file.name, owners));
    file.enumType.forEach((enumType) => owners.set(`${scope}.${enumType.name}`, file.name));
  }
  for (const file of files) {
    const scope = file.package === '' ? '' : `.${file.package}`;
    const dependencies = new Set<string>();
    const link = (ref: string, from: string): string => {
      const full = resolve(ref, from, owners);
      const owner = owners.get(full);
      if (owner !== undefined && owner !== file.name) dependencies.add(owner);
      return full;
    };
    file.messageType.forEach((message) => linkMessage(message, `${scope}.${message.name}`, link));
    for (const service of file.service) {
      for (const method of service.method) {
        method.inputType = link(method.inputType, `${scope}.${service.name}`);
        method.outputType = link(method.outputType, `${scope}.${service.name}`);
      }
    }
    file.dependency = [...dependencies].sort();
  }
}

/** protobufjs names a map's entry type `Labels`; protoc (and strict clients) require `LabelsEntry`. */
function nameMapEntries(message: DescriptorProto): void {
  for (const entry of message.nestedType.filter((nested) => nested.options?.mapEntry === true)) {
    const field = message.field.find((f) => f.typeName === entry.name || f.typeName.endsWith(`.${message.name}.${entry.name}`));
    if (field === undefined) continue;
    entry.name = `${field.name.replace(/(?:^|_)([a-z0-9])/g, (_m, c: string) => c.toUpperCase())}Entry`;
    field.typeName = entry.name;
  }
  message.nestedType.forEach(nameMapEntries);
}

function indexMessage(message: DescriptorProto, scope: string, file: string, owners: Map<string, string>): void {
  const name = `${scope}.${message.name}`;
  owners.set(name, file);
  message.nestedType.forEach((nested) => indexMessage(nested, name, file, owners));
  message.enumType.forEach((nested: EnumDescriptorProto) => owners.set(`${name}.${nested.name}`, file));
}

function linkMessage(message: DescriptorProto, name: string, link: (ref: string, from: string) => string): void {
  for (const field of message.field) {
    if (field.typeName !== '') field.typeName = link(field.typeName, name);
    if (field.jsonName === '') field.jsonName = jsonFieldName(field.name);
    const oneof = isFieldSet(field, FieldDescriptorProtoSchema.field.oneofIndex) ? message.oneofDecl[field.oneofIndex] : undefined;
    if (oneof?.name === `_${field.name}`) field.proto3Optional = true;
  }
  message.nestedType.forEach((nested) => linkMessage(nested, `${name}.${nested.name}`, link));
}

/** A type reference as a fully-qualified name, by protobuf's scoping rules (innermost scope first). */
function resolve(ref: string, from: string, owners: ReadonlyMap<string, string>): string {
  if (ref.startsWith('.')) return ref;
  for (let scope = from; ; scope = scope.slice(0, scope.lastIndexOf('.'))) {
    const candidate = `${scope}.${ref}`;
    if (owners.has(candidate)) return candidate;
    if (scope === '') return `.${ref}`;
  }
}
