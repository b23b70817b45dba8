// Turns the text or object of a freshpin config into a validated config, or errors that name the key.
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, type FreshpinConfig } from './config-schema.ts';

export type ConfigResult = { ok: true; config: FreshpinConfig } | { ok: false; errors: string[] };

/** Keys consumed by Probot's config loader before freshpin sees the object. */
const LOADER_KEYS = ['_extends'];

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length > 0 ? ` in ${key}` : '';
    return `unknown key${issue.keys.length > 1 ? 's' : ''}${where}: ${issue.keys.join(', ')}`;
  }
  return `${key}: ${issue.message}`;
}

/** Validates an already-parsed config object (e.g. from Probot's loader). `undefined` or `null` means all defaults. */
export function parseConfigObject(raw: unknown): ConfigResult {
  let input = raw ?? {};
  if (typeof input === 'object' && !Array.isArray(input)) {
    input = Object.fromEntries(Object.entries(input).filter(([key]) => !LOADER_KEYS.includes(key)));
  }
  const result = configSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, errors: result.error.issues.map(describeIssue) };
}

/** Parses YAML text, then validates it. */
export function parseConfigText(text: string): ConfigResult {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, errors: [`not valid YAML: ${message}`] };
  }
  return parseConfigObject(raw);
}

/** The config with every default, for repositories without a file. */
export function defaultConfig(): FreshpinConfig {
  const result = parseConfigObject({});
  if (!result.ok) throw new Error(`default config is invalid: ${result.errors.join('; ')}`);
  return result.config;
}
