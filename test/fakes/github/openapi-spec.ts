// Loads GitHub's published REST description (api.github.com, from @octokit/openapi)
// once per process and indexes its operations by method + templated path.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildRouteTrie, matchRoute } from './route-trie.ts';
import type { RouteTrie } from './route-trie.ts';

/** One parameter of an operation, `$ref`s already resolved. */
export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: unknown;
  'x-multi-segment'?: boolean;
}

/** One operation of the description (method + templated path). */
export interface SpecOperation {
  method: string;
  template: string;
  operationId: string;
  parameters: SpecParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: unknown }> };
}

/** The parts of the description the fake uses. */
export interface LoadedSpec {
  raw: { components: Record<string, Record<string, unknown>> };
  operations: Map<string, SpecOperation>;
  trie: RouteTrie;
}

/** Where the description lives inside the installed package. */
export function specFilePath(): string {
  return createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
}

let cached: LoadedSpec | undefined;

/** Loads (first call) or returns the cached description index. ~250 ms on first call. */
export function loadSpec(): LoadedSpec {
  if (cached) return cached;
  const raw = JSON.parse(readFileSync(specFilePath(), 'utf8')) as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
    components: Record<string, Record<string, unknown>>;
  };
  const operations = new Map<string, SpecOperation>();
  const methods = ['get', 'post', 'put', 'patch', 'delete', 'head'];
  for (const [template, item] of Object.entries(raw.paths)) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const parameters = ((op.parameters as unknown[] | undefined) ?? []).map((p) => resolveParameter(raw.components, p));
      operations.set(operationKey(method.toUpperCase(), template), {
        method: method.toUpperCase(),
        template,
        operationId: String(op.operationId),
        parameters,
        requestBody: op.requestBody as SpecOperation['requestBody'],
      });
    }
  }
  cached = { raw, operations, trie: buildRouteTrie([...operations.values()]) };
  return cached;
}

/** Map key for an operation. */
export function operationKey(method: string, template: string): string {
  return `${method} ${template}`;
}

function resolveParameter(components: Record<string, Record<string, unknown>>, p: unknown): SpecParameter {
  const ref = (p as { $ref?: string }).$ref;
  if (typeof ref === 'string') {
    const name = ref.split('/').pop() ?? '';
    return components.parameters?.[name] as SpecParameter;
  }
  return p as SpecParameter;
}

/** Result of looking a request up in the description. */
export type SpecLookup =
  | { kind: 'found'; operation: SpecOperation; params: Record<string, string> }
  | { kind: 'method-not-allowed'; templates: string[] }
  | { kind: 'unknown' };

/** Finds the operation for a method and a raw (still percent-encoded) API path. */
export function findOperation(spec: LoadedSpec, method: string, rawPath: string): SpecLookup {
  const hit = matchRoute(spec.trie, rawPath, (template) => spec.operations.has(operationKey(method, template)));
  const operation = hit && spec.operations.get(operationKey(method, hit.template));
  if (hit && operation) return { kind: 'found', operation, params: hit.params };
  const any = matchRoute(spec.trie, rawPath, () => true);
  return any ? { kind: 'method-not-allowed', templates: [any.template] } : { kind: 'unknown' };
}
