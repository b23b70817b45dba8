// Lints every scripts/*.sh with shellcheck. CI installs shellcheck; a missing one fails.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const scriptsDir = fileURLToPath(new URL('../../scripts/', import.meta.url));
const scripts = readdirSync(scriptsDir).filter((name) => name.endsWith('.sh')).sort();

describe('shellcheck', () => {
  it('is installed', () => {
    const result = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
    expect(result.error, 'shellcheck is not installed (apt-get install shellcheck)').toBeUndefined();
    expect(result.status).toBe(0);
  });

  it('has scripts to check', () => {
    expect(scripts.length).toBeGreaterThan(0);
  });

  it.each(scripts.map((name) => [name]))('passes on scripts/%s', (name) => {
    const result = spawnSync('shellcheck', ['--shell=bash', '--external-sources', name], { cwd: scriptsDir, encoding: 'utf8' });
    expect(result.error, 'shellcheck is not installed (apt-get install shellcheck)').toBeUndefined();
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });
});
