// Writes schema/freshpin.schema.json, the JSON Schema of `.github/freshpin.yml`, from the
// zod schema in src/core/config/config-schema.ts (the one source of truth). A test
// compares the checked-in file with a fresh build, so the two cannot drift.
//
//   npx node scripts/write-config-schema.ts
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { configSchema } from '../src/core/config/config-schema.ts';

export const CONFIG_SCHEMA_PATH = fileURLToPath(new URL('../schema/freshpin.schema.json', import.meta.url));
/** A URN, not a URL: the schema has no published home yet; editors find it by path. */
export const CONFIG_SCHEMA_ID = 'urn:freshpin:config-schema';

/** The JSON Schema of what a user may write: defaults make keys optional (`io: 'input'`). */
export function buildConfigJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: CONFIG_SCHEMA_ID,
    title: 'freshpin configuration (.github/freshpin.yml)',
    description: 'Settings of freshpin, the GitHub App and CLI that keeps dated Docker base-image pins fresh. Every key is optional.',
    ...rest,
  };
}

/** The file's text: two-space JSON with a final newline. */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(buildConfigJsonSchema(), null, 2)}\n`;
}

if (import.meta.main) {
  await writeFile(CONFIG_SCHEMA_PATH, renderConfigJsonSchema(), 'utf8');
  console.log(`wrote ${CONFIG_SCHEMA_PATH}`);
}
