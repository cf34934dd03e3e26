import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** An OpenAPI 3.0 schema object, as far as the checks read it. */
export type Schema = {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  [keyword: string]: unknown;
};

const ROOT = 'openapi';
const COMPONENT = /^#\/components\/schemas\/(.+)$/;

/**
 * An OpenAPI 3.0 schema as JSON Schema for ajv: `nullable` adds null to the `type` (and the `enum`) of
 * its own schema only, as OpenAPI 3.0.3 says, so a `nullable` without a `type` (beside a `$ref` or an
 * `allOf`, which 3.0 ignores) is reported instead of guessed. Objects that list their properties get
 * `additionalProperties: false` unless they say otherwise: the document keeps its right to add
 * fields, but an answer with a field it does not describe fails the spec that got it.
 */
export function toJsonSchema(schema: Schema, where: string): Schema {
  if (schema.$ref !== undefined) {
    const name = COMPONENT.exec(schema.$ref)?.[1];
    if (!name) throw new Error(`${where}: unsupported $ref ${schema.$ref}`);
    return { $ref: `${ROOT}#/$defs/${name}` };
  }
  const out: Schema = { ...schema };
  delete out.nullable;
  if (schema.properties)
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [
        key,
        toJsonSchema(value, `${where}.${key}`),
      ]),
    );
  if (schema.items) out.items = toJsonSchema(schema.items, `${where}[]`);
  if (typeof schema.additionalProperties === 'object')
    out.additionalProperties = toJsonSchema(schema.additionalProperties, `${where}{}`);
  else if (schema.properties && schema.additionalProperties === undefined)
    out.additionalProperties = false;
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const)
    if (schema[key]) out[key] = schema[key].map((part, i) => toJsonSchema(part, `${where}/${i}`));
  if (schema.nullable) {
    if (!schema.type) throw new Error(`${where}: nullable without a type has no effect in 3.0`);
    out.type = [schema.type, 'null'] as unknown as string;
    if (schema.enum) out.enum = [...schema.enum, null];
  }
  return out;
}

/** ajv holding every component schema of `components`, and a compiler for schemas that refer to them. */
export function schemaCompiler(
  components: Record<string, Schema>,
): (schema: Schema, where: string) => ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const $defs = Object.fromEntries(
    Object.entries(components).map(([name, schema]) => [name, toJsonSchema(schema, name)]),
  );
  ajv.addSchema({ $id: ROOT, $defs });
  return (schema, where) => ajv.compile(toJsonSchema(schema, where));
}
