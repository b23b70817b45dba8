// The entry points load `#cli` / `#server` (package.json "imports"): the compiled dist/ as
// shipped, the TypeScript sources under --conditions=freshpin-source, which every test that
// spawns the CLI or the server passes, so a stale dist/ never stands in for the code under test.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SOURCE_CONDITION } from '../helpers/server-command.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where Node resolves SPECIFIER from bin/, relative to the repository root. */
function resolveFromBin(specifier: string, flags: string[]): string {
  const script = `process.stdout.write(import.meta.resolve(${JSON.stringify(specifier)}))`;
  const url = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], { cwd: `${ROOT}bin`, encoding: 'utf8' });
  return fileURLToPath(url).slice(ROOT.length);
}

describe('#cli and #server', () => {
  it.each([
    ['#cli', 'src/cli/main.ts', 'dist/cli/main.js'],
    ['#server', 'src/app/main.ts', 'dist/app/main.js'],
  ])('%s is %s under the source condition, else %s', (specifier, source, compiled) => {
    expect(resolveFromBin(specifier, [SOURCE_CONDITION])).toBe(source);
    expect(resolveFromBin(specifier, [])).toBe(compiled);
  });

  it('the entry points import nothing else of freshpin', () => {
    for (const entry of ['bin/freshpin.js', 'bin/freshpin-server.js', 'bin/require-node.js']) {
      const text = readFileSync(`${ROOT}${entry}`, 'utf8');
      const specifiers = [...text.matchAll(/(?:from |import\()\s*'([^']+)'/g)].map((match) => match[1]);
      expect(specifiers.filter((specifier) => specifier !== './require-node.js'), entry).toEqual([]);
    }
  });
});
