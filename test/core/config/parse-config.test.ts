import { describe, expect, it } from 'vitest';
import { DEFAULT_DOCKERFILE_GLOBS } from '../../../src/core/config/config-schema.ts';
import { defaultConfig, parseConfigObject, parseConfigText } from '../../../src/core/config/parse-config.ts';

const DEFAULTS = {
  paths: DEFAULT_DOCKERFILE_GLOBS,
  minimumAge: 0,
  ignore: [],
  migrate: false,
  labels: ['dependencies', 'freshpin'],
  reviewers: [],
  assignees: [],
  prConcurrentLimit: 10,
  branchPrefix: 'freshpin/',
  mergeMethod: 'squash',
  automerge: false,
  scan: { workflow: 'freshpin-scan.yml', failOn: 'CRITICAL' },
};

describe('defaults', () => {
  it('fills every key of an absent config', () => {
    expect(defaultConfig()).toEqual(DEFAULTS);
  });

  it.each([
    ['an empty file', ''],
    ['a comment only', '# nothing yet\n'],
    ['an empty mapping', '{}\n'],
    ['null', 'null\n'],
  ])('reads %s as all defaults', (_name, text) => {
    expect(parseConfigText(text)).toEqual({ ok: true, config: DEFAULTS });
  });

  it('leaves platforms unset by default (the current reference decides)', () => {
    expect('platforms' in defaultConfig()).toBe(false);
  });

  it('hands out a fresh copy of the default globs', () => {
    const config = defaultConfig();
    config.paths.push('extra');
    expect(defaultConfig().paths).toEqual(DEFAULT_DOCKERFILE_GLOBS);
  });

  it('fills the other scan key when only one is given', () => {
    expect(parseConfigText('scan:\n  failOn: HIGH\n')).toEqual({ ok: true, config: { ...DEFAULTS, scan: { workflow: 'freshpin-scan.yml', failOn: 'HIGH' } } });
  });
});

describe('valid configs', () => {
  it.each([
    ['paths: ["docker/*.Dockerfile"]', { paths: ['docker/*.Dockerfile'] }],
    ['minimumAge: 7', { minimumAge: 7 }],
    ['minimumAge: 0', { minimumAge: 0 }],
    ['ignore: [bullseye-20250610-slim]', { ignore: ['bullseye-20250610-slim'] }],
    ['platforms: [linux/amd64, linux/arm64/v8]', { platforms: ['linux/amd64', 'linux/arm64/v8'] }],
    ['migrate: true', { migrate: true }],
    ['labels: [deps]', { labels: ['deps'] }],
    ['labels: []', { labels: [] }],
    ['reviewers: [octocat, acme/platform-team]', { reviewers: ['octocat', 'acme/platform-team'] }],
    ['assignees: [octocat]', { assignees: ['octocat'] }],
    ['prConcurrentLimit: 0', { prConcurrentLimit: 0 }],
    ['branchPrefix: deps/freshpin/', { branchPrefix: 'deps/freshpin/' }],
    ['mergeMethod: rebase', { mergeMethod: 'rebase' }],
    ['automerge: true', { automerge: true }],
    ['scan: { workflow: scan.yaml, failOn: none }', { scan: { workflow: 'scan.yaml', failOn: 'none' } }],
    ['$schema: ../schema/freshpin.schema.json', { $schema: '../schema/freshpin.schema.json' }],
  ])('%s', (text, expected) => {
    expect(parseConfigText(`${text}\n`)).toEqual({ ok: true, config: { ...DEFAULTS, ...expected } });
  });

  it("drops Probot's _extends before validating", () => {
    expect(parseConfigObject({ _extends: '.github', migrate: true })).toEqual({ ok: true, config: { ...DEFAULTS, migrate: true } });
  });

  it('reads undefined as all defaults', () => {
    expect(parseConfigObject(undefined)).toEqual({ ok: true, config: DEFAULTS });
  });
});

describe('invalid configs name the key', () => {
  it.each([
    ['minimumAge: "7d"', /^minimumAge: .*number/],
    ['minimumAge: 1.5', /^minimumAge: must be a whole number of days$/],
    ['minimumAge: -1', /^minimumAge: /],
    ['paths: Dockerfile', /^paths: .*array/],
    ['paths: [""]', /^paths\.0: /],
    [`paths: ["${'x'.repeat(300)}"]`, /^paths\.0: .*at most 256/],
    ['paths: ["**/+(a|b)/Dockerfile"]', /^paths\.0: the glob "\*\*\/\+\(a\|b\)\/Dockerfile" uses an extglob pattern/],
    [`paths: [${Array.from({ length: 65 }, (_, i) => `d${i}/Dockerfile`).join(', ')}]`, /^paths: .*64/],
    ['ignore: [1]', /^ignore\.0: .*string/],
    ['platforms: []', /^platforms: /],
    ['platforms: [amd64]', /^platforms\.0: must look like os\/arch or os\/arch\/variant/],
    ['migrate: yes please', /^migrate: .*boolean/],
    ['reviewers: ["-bad"]', /^reviewers\.0: must be a login or org\/team$/],
    ['assignees: ["a b"]', /^assignees\.0: must be a login$/],
    ['prConcurrentLimit: -2', /^prConcurrentLimit: /],
    ['branchPrefix: freshpin', /^branchPrefix: must be a branch path ending in \//],
    ['mergeMethod: fast-forward', /^mergeMethod: /],
    ['automerge: 1', /^automerge: /],
    ['scan: { workflow: scan.sh }', /^scan\.workflow: must be a workflow file name/],
    ['scan: { failOn: SEVERE }', /^scan\.failOn: /],
    ['scan: { gate: HIGH }', /^unknown key in scan: gate$/],
    ['colour: blue', /^unknown key: colour$/],
    ['colour: blue\nsize: 3', /^unknown keys: colour, size$/],
    ['- a list', /^\(root\): /],
    ['just text', /^\(root\): /],
    ['paths: [', /^not valid YAML: /],
  ])('%s', (text, pattern) => {
    const result = parseConfigText(`${text}\n`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(pattern);
  });

  it('lists every problem, one per key', () => {
    const result = parseConfigText('minimumAge: "7d"\nmigrate: 3\nextra: 1\n');
    expect(result.ok ? [] : result.errors.map((error) => error.split(':')[0]).sort()).toEqual(['migrate', 'minimumAge', 'unknown key']);
  });
});
