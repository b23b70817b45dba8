// Where registry payloads enter: JSON parsed and checked against a (permissive) zod
// schema, with failures sorted into RegistryResponseError. Also small response helpers
// shared by the adapters.
import type { z } from 'zod';
import type { HttpResponse } from './http-client.ts';
import { describeUrl, headerValue } from './http-client.ts';
import { RegistryResponseError } from './registry-errors.ts';

/** Parses `response.body` as JSON and validates it; throws RegistryResponseError on garbage. */
export function readJsonBody<T extends z.ZodType>(registry: string, response: HttpResponse, schema: T): z.infer<T> {
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    throw new RegistryResponseError(registry, `${registry}: ${describeUrl(response.url)} answered a body that is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new RegistryResponseError(registry, `${registry}: ${describeUrl(response.url)} answered an unexpected body${path}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The error for a status the adapter did not expect. */
export function unexpectedStatus(registry: string, method: string, response: HttpResponse): RegistryResponseError {
  return new RegistryResponseError(registry, `${registry}: ${method} ${describeUrl(response.url)} answered unexpected status ${response.status}`);
}

/** The `rel="next"` target of a `Link` header, resolved against `base`; undefined when absent. */
export function parseLinkNext(link: string | string[] | undefined, base: string): URL | undefined {
  const values = Array.isArray(link) ? link : link === undefined ? [] : [link];
  for (const value of values) {
    for (const match of value.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]*)*)/g)) {
      if (/;\s*rel\s*=\s*"?(?:[^";,]*\s)?next(?:\s[^";,]*)?"?/i.test(match[2] ?? '')) {
        try {
          return new URL(match[1] ?? '', base);
        } catch {
          return undefined;
        }
      }
    }
  }
  return undefined;
}

/** A header's first value, if any. */
export function responseHeader(response: HttpResponse, name: string): string | undefined {
  return headerValue(response.headers[name.toLowerCase()]);
}
