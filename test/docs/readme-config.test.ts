// The README documents every configuration key and every environment variable the code
// reads. Keys come from the zod schema; variables are found by scanning src/ for
// `env.NAME`, `env['NAME']` and any FRESHPIN_* name, so new ones cannot go undocumented.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { configSchema } from '../../src/core/config/config-schema.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** Every key of an object schema, nested objects as `parent.child` (defaults and optionals unwrapped). */
function schemaKeys(schema: z.ZodObject, prefix = ''): string[] {
  const keys: string[] = [];
  for (const [key, value] of Object.entries(schema.shape)) {
    keys.push(`${prefix}${key}`);
    let inner: unknown = value;
    while (inner !== null && typeof inner === 'object' && 'unwrap' in inner && typeof inner.unwrap === 'function') inner = inner.unwrap();
    if (inner !== null && typeof inner === 'object' && 'shape' in inner) keys.push(...schemaKeys(inner as z.ZodObject, `${prefix}${key}.`));
  }
  return keys;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const ENV_PATTERNS = [/\benv\??\.([A-Z][A-Z0-9_]*)\b/g, /\benv\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\]/g, /\b(FRESHPIN_[A-Z0-9_]+)\b/g];

/** Environment variable names the code under src/ reads. */
function envNames(): string[] {
  const names = new Set<string>();
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of ENV_PATTERNS) for (const match of text.matchAll(pattern)) if (match[1] !== undefined) names.add(match[1]);
  }
  return [...names].sort();
}

/** True when README names `word` as a whole word (not as part of a longer name). */
function mentions(word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.])${escaped}(?![\\w])`).test(README);
}

const KEYS = schemaKeys(configSchema);
const ENV = envNames();

describe('README.md', () => {
  it('finds what it checks', () => {
    expect(KEYS).toEqual(expect.arrayContaining(['paths', 'minimumAge', 'scan', 'scan.workflow', 'scan.failOn']));
    expect(ENV).toEqual(expect.arrayContaining(['DOCKERHUB_API_URL', 'FRESHPIN_NOW', 'FRESHPIN_REGISTRY_CREDENTIALS', 'FRESHPIN_REGISTRY_MIRRORS']));
  });

  it.each(KEYS)('documents the config key %s', (key) => {
    expect(mentions(key), `README.md does not mention the config key \`${key}\``).toBe(true);
  });

  it.each(ENV)('documents the environment variable %s', (name) => {
    expect(mentions(name), `README.md does not mention the environment variable ${name}`).toBe(true);
  });
});
