// Optional self-check of the fake: validates its own JSON responses against
// the operation's documented response schema (compiled lazily, cached).
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';
import { createRequire } from 'node:module';
import { schemaCompiler } from './openapi-schema.ts';
import type { LoadedSpec, SpecOperation } from './openapi-spec.ts';

const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;
let compile: ((schema: unknown) => ValidateFunction) | undefined;

function compiler(spec: LoadedSpec): (schema: unknown) => ValidateFunction {
  if (!compile) {
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false, inlineRefs: false });
    addFormats(ajv);
    compile = schemaCompiler(ajv, spec.raw.components as Record<string, Record<string, unknown>>);
  }
  return compile;
}
const cache = new Map<string, ValidateFunction | null>();

function responseSchema(spec: LoadedSpec, op: SpecOperation, status: number): unknown {
  const raw = spec.raw as unknown as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
  let response = raw.paths[op.template]?.[op.method.toLowerCase()]?.responses?.[String(status)] as { $ref?: string; content?: Record<string, { schema?: unknown }> } | undefined;
  if (response?.$ref) response = spec.raw.components.responses?.[response.$ref.split('/').pop() ?? ''] as typeof response;
  return response?.content?.['application/json']?.schema;
}

// Places where the published description is self-contradictory, so no real
// GitHub response could match: `GET /app/installations` inlines the account as
// `allOf: [simple-user, enterprise]` (elsewhere it is `anyOf`).
const QUIRKS: Array<{ key: string; path: RegExp }> = [{ key: 'GET /app/installations 200', path: /^\/\d+\/account(\s|$)/ }];

/** Problems with a JSON response body, or [] (also when the status is undocumented). */
export function validateResponse(spec: LoadedSpec, op: SpecOperation, status: number, body: unknown): string[] {
  const key = `${op.method} ${op.template} ${status}`;
  let fn = cache.get(key);
  if (fn === undefined) {
    const schema = responseSchema(spec, op, status);
    if (schema !== undefined) {
      fn = compiler(spec)(schema);
    } else {
      fn = null;
    }
    cache.set(key, fn);
  }
  if (!fn || fn(body)) return [];
  const quirks = QUIRKS.filter((q) => q.key === key);
  const errors = (fn.errors ?? []).filter((e) => !quirks.some((q) => q.path.test(e.instancePath)));
  return errors.slice(0, 50).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}
