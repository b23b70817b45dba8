// Validates requests against the description: JSON bodies against the
// operation's requestBody schema, query strings against its declared query
// parameters. Validators are compiled lazily per operation and cached.
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';
import { createRequire } from 'node:module';
import { schemaCompiler } from './openapi-schema.ts';
import type { LoadedSpec, SpecOperation } from './openapi-spec.ts';

/** A problem found in a request, as a human-readable message. */
export type RequestProblem = string;

// ajv-formats is CommonJS whose typings declare a default export; require() sidesteps the interop mismatch.
const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;

type Compile = (schema: unknown) => ValidateFunction;

function newCompiler(spec: LoadedSpec, coerceTypes: boolean): Compile {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, coerceTypes, validateSchema: false, inlineRefs: false });
  addFormats(ajv);
  return schemaCompiler(ajv, spec.raw.components as Record<string, Record<string, unknown>>);
}

let compileBody: Compile | undefined;
let compileQuery: Compile | undefined;
const bodyCache = new Map<string, ValidateFunction | null>();
const queryCache = new Map<string, ValidateFunction>();

function bodyValidator(spec: LoadedSpec, op: SpecOperation): ValidateFunction | null {
  const key = `${op.method} ${op.template}`;
  const hit = bodyCache.get(key);
  if (hit !== undefined) return hit;
  const schema = op.requestBody?.content['application/json']?.schema;
  let fn: ValidateFunction | null = null;
  if (schema !== undefined) {
    compileBody ??= newCompiler(spec, false);
    fn = compileBody(schema);
  }
  bodyCache.set(key, fn);
  return fn;
}

function queryValidator(spec: LoadedSpec, op: SpecOperation): ValidateFunction {
  const key = `${op.method} ${op.template}`;
  const hit = queryCache.get(key);
  if (hit) return hit;
  const params = op.parameters.filter((p) => p.in === 'query');
  const schema = {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? {}])),
    required: params.filter((p) => p.required).map((p) => p.name),
  };
  compileQuery ??= newCompiler(spec, true);
  const fn = compileQuery(schema);
  queryCache.set(key, fn);
  return fn;
}

function describe(fn: ValidateFunction, where: string): RequestProblem[] {
  return (fn.errors ?? []).map((e) => `${where}${e.instancePath || ''} ${e.message ?? 'is invalid'}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/**
 * Checks the query string and body of a request against its operation.
 * `rawBody` is the request text ('' when none was sent).
 */
export function validateRequest(spec: LoadedSpec, op: SpecOperation, query: URLSearchParams, rawBody: string, contentType: string | undefined): { problems: RequestProblem[]; body: unknown } {
  const problems: RequestProblem[] = [];
  const declared = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
  const queryObject: Record<string, string> = {};
  for (const [name, value] of query) {
    const bare = name.endsWith('[]') ? name.slice(0, -2) : name;
    if (!declared.has(bare)) problems.push(`query parameter "${name}" is not declared for ${op.method} ${op.template}`);
    else queryObject[bare] = value;
  }
  const qv = queryValidator(spec, op);
  if (!qv(queryObject)) problems.push(...describe(qv, 'query'));

  let body: unknown = undefined;
  const content = op.requestBody?.content;
  if (rawBody.trim() === '') {
    if (op.requestBody?.required && content?.['application/json']) problems.push(`request body is required for ${op.method} ${op.template}`);
    return { problems, body };
  }
  if (!content) return { problems, body: safeJson(rawBody) };
  if (!content['application/json']) return { problems, body: rawBody };
  if (contentType && !/json/i.test(contentType)) problems.push(`content-type "${contentType}" is not JSON`);
  try {
    body = JSON.parse(rawBody);
  } catch {
    problems.push('request body is not valid JSON');
    return { problems, body: undefined };
  }
  const bv = bodyValidator(spec, op);
  if (bv && !bv(body)) problems.push(...describe(bv, 'body'));
  return { problems, body };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
