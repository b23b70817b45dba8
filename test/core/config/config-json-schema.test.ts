// schema/freshpin.schema.json is generated from the zod schema; this keeps the checked-in
// file equal to a fresh build, and checks that it accepts and rejects what the parser does.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { configSchema } from '../../../src/core/config/config-schema.ts';
import { parseConfigText } from '../../../src/core/config/parse-config.ts';
import { CONFIG_SCHEMA_PATH, renderConfigJsonSchema } from '../../../scripts/write-config-schema.ts';

const checkedIn = readFileSync(CONFIG_SCHEMA_PATH, 'utf8');
const schema = JSON.parse(checkedIn) as Record<string, unknown> & { properties: Record<string, { properties?: Record<string, unknown> }> };

describe('schema/freshpin.schema.json', () => {
  it('equals a fresh build (run `npx node scripts/write-config-schema.ts` after changing the config schema)', () => {
    expect(checkedIn).toBe(renderConfigJsonSchema());
  });

  it('has an $id, a title and every key of the zod schema', () => {
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: expect.any(String), title: expect.any(String), additionalProperties: false });
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(configSchema.shape).sort());
    expect(Object.keys(schema.properties.scan?.properties ?? {}).sort()).toEqual(['failOn', 'workflow']);
    expect(schema).not.toHaveProperty('required');
  });

  const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

  it.each([
    '',
    'minimumAge: 7\nignore: [bullseye-20250610-slim]\nmigrate: true\n',
    'platforms: [linux/amd64, linux/arm64/v8]\n',
    'scan:\n  workflow: scan.yaml\n  failOn: HIGH\n',
    'reviewers: [octocat, acme/team]\nmergeMethod: rebase\nautomerge: true\n',
  ])('accepts what the parser accepts: %j', (text) => {
    expect(parseConfigText(text).ok).toBe(true);
    expect(validate(parseYaml(text) ?? {}), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    'minimumAge: "7d"\n',
    'minimumAge: 1.5\n',
    'colour: blue\n',
    'scan:\n  gate: HIGH\n',
    'scan:\n  failOn: SEVERE\n',
    'platforms: [amd64]\n',
    'platforms: []\n',
    'branchPrefix: freshpin\n',
  ])('rejects what the parser rejects: %j', (text) => {
    expect(parseConfigText(text).ok).toBe(false);
    expect(validate(parseYaml(text))).toBe(false);
  });
});
