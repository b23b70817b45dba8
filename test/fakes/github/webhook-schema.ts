// Validates webhook payloads against GitHub's published webhook descriptions
// (@octokit/openapi-webhooks, api.github.com), so tests can prove that the
// payloads they deliver are ones GitHub could send.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';
import { schemaCompiler } from './openapi-schema.ts';

interface WebhookSpec {
  webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: unknown }> } } }>;
  components: Record<string, Record<string, unknown>>;
}

const require = createRequire(import.meta.url);
let compile: ((schema: unknown) => ValidateFunction) | undefined;
let spec: WebhookSpec | undefined;
const cache = new Map<string, ValidateFunction>();

/**
 * Problems with a webhook payload for a description key such as
 * `workflow-run-completed` or `issue-comment-created` ([] when valid).
 */
export function webhookPayloadProblems(webhook: string, payload: unknown): string[] {
  spec ??= JSON.parse(readFileSync(require.resolve('@octokit/openapi-webhooks/generated/api.github.com.json'), 'utf8')) as WebhookSpec;
  let fn = cache.get(webhook);
  if (!fn) {
    const schema = spec.webhooks[webhook]?.post.requestBody.content['application/json']?.schema;
    if (schema === undefined) throw new Error(`no webhook ${webhook} in @octokit/openapi-webhooks`);
    if (!compile) {
      const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false, inlineRefs: false });
      (require('ajv-formats') as FormatsPlugin)(ajv);
      compile = schemaCompiler(ajv, spec.components);
    }
    cache.set(webhook, (fn = compile(schema)));
  }
  if (fn(payload)) return [];
  return (fn.errors ?? []).slice(0, 50).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
}
