// Converts OpenAPI 3.0 schemas into JSON Schema that ajv accepts: `nullable`
// becomes an explicit null alternative and annotations are dropped. Component
// schemas are registered in ajv once each (under absolute ids) and compiled
// once, so many operations can share e.g. `pull-request` cheaply.
import type { Ajv, ValidateFunction } from 'ajv';

type Json = unknown;
type Components = Record<string, Record<string, unknown>>;

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
const SCHEMA_ONE = new Set(['items', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else', 'additionalItems']);
const SCHEMA_LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const DROPPED = new Set(['example', 'examples', 'description', 'title', 'discriminator', 'xml', 'externalDocs', 'deprecated', 'readOnly', 'writeOnly', 'nullable']);
const ID_BASE = 'https://openapi.github.fake/';

/** Converts one OpenAPI schema node; each `$ref` is passed through `mapRef`. */
export function convertSchema(node: Json, mapRef: (ref: string) => string): Json {
  if (Array.isArray(node)) return node.map((n) => convertSchema(n, mapRef));
  if (node === null || typeof node !== 'object') return node;
  const src = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(src)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = mapRef(value);
    } else if (SCHEMA_MAPS.has(key) && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertSchema(v, mapRef)]));
    } else if (SCHEMA_ONE.has(key) && value && typeof value === 'object') {
      out[key] = convertSchema(value, mapRef);
    } else if (SCHEMA_LIST.has(key) && Array.isArray(value)) {
      out[key] = value.map((v) => convertSchema(v, mapRef));
    } else {
      out[key] = value;
    }
  }
  if (src.nullable === true) return { anyOf: [{ type: 'null' }, out] };
  return out;
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function componentOf(ref: string, components: Components): { kind: string; name: string; schema: unknown } {
  const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}`);
  const kind = m[1] ?? '';
  const name = unescapePointer(m[2] ?? '');
  const schema = components[kind]?.[name];
  if (schema === undefined) throw new Error(`dangling $ref ${ref}`);
  return { kind, name, schema };
}

/** Compiles OpenAPI schemas in one ajv instance, sharing compiled components. */
export function schemaCompiler(ajv: Ajv, components: Components): (schema: Json) => ValidateFunction {
  const registered = new Set<string>();
  const register = (ref: string): string => {
    const { kind, name, schema } = componentOf(ref, components);
    const id = `${ID_BASE}${kind}/${encodeURIComponent(name)}`;
    if (!registered.has(id)) {
      registered.add(id);
      ajv.addSchema(convertSchema(schema, register) as object, id);
    }
    return id;
  };
  return (schema) => ajv.compile(convertSchema(schema, register) as object);
}
