import { z } from 'zod';
import { type JsonSchema } from './types';

/** How a request body differs from the command data the zod schema validates. */
export interface BodyShape {
  /** Fields Keel fills in itself (e.g. `fit`): dropped from the body schema. */
  readonly omit?: readonly string[];
  /** Fields taken from the URL (e.g. `name`): optional in the body, and must match the URL when sent. */
  readonly fromUrl?: readonly string[];
}

/**
 * The JSON Schema of a request body, generated from the domain's zod schema (input side, so optional and
 * defaulted fields are optional) rather than written a second time.
 */
export function bodySchema(schema: z.ZodType, shape: BodyShape = {}): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const properties = { ...(json.properties as Record<string, JsonSchema> | undefined) };
  for (const field of shape.omit ?? []) delete properties[field];
  for (const field of shape.fromUrl ?? []) {
    if (properties[field]) properties[field] = { ...properties[field], description: `optional; must equal the ${field} in the URL` };
  }
  const dropped = new Set([...(shape.omit ?? []), ...(shape.fromUrl ?? [])]);
  const { required: declared, ...rest } = json;
  const required = ((declared as string[] | undefined) ?? []).filter((field) => !dropped.has(field));
  return required.length > 0 ? { ...rest, properties, required } : { ...rest, properties };
}
