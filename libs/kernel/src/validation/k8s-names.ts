import { z } from 'zod';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** A Kubernetes DNS-1123 label: lower-case alphanumerics and '-', at most 63 characters. */
export const dnsLabel = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(DNS1123_LABEL, 'must be a DNS-1123 label (lower-case letters, digits and "-", starting and ending alphanumeric)');

/** Whether `key` is a Kubernetes qualified name (label, taint or toleration key). */
export function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix));
  return prefixOk && name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** A Kubernetes label (or taint) key: optional DNS subdomain prefix and '/', then a name of up to 63 characters. */
export const labelKey = z.string().refine(isQualifiedName, 'must be a qualified name such as "example.com/gpu" or "zone"');

/** A Kubernetes label value: empty, or up to 63 alphanumerics, '-', '_' and '.' starting and ending alphanumeric. */
export const labelValue = z
  .string()
  .max(63, 'must be at most 63 characters')
  .refine((v) => v === '' || QUALIFIED_NAME.test(v), 'must be a valid label value');

/** A label map (`metadata.labels`, `nodeSelector`) of at most 64 entries. */
export const labelMap = z.record(labelKey, labelValue).refine((labels) => Object.keys(labels).length <= 64, 'must have at most 64 entries');
