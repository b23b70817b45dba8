// How the server process runs: bin/run-node.sh is the one place its V8 flags are written;
// `npm start`, the image's CMD and the CronJob all run through it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { readServerCommand } from '../helpers/server-command.ts';
import { REPO_ROOT } from './ops-harness.ts';

const server = readServerCommand();

describe('the server command', () => {
  it('npm start runs bin/freshpin-server.js with heap flags that do not cap the heap', () => {
    expect(server.entryPath).toBe('bin/freshpin-server.js');
    expect(server.nodeFlags).toEqual(['--max-semi-space-size=4', '--heap-growing-percent=25']);
    // A cap would make a large scan artifact an out-of-memory crash.
    expect(server.nodeFlags.some((flag) => /max-old-space|max-heap-size/.test(flag))).toBe(false);
  });

  it("the image's CMD runs the same launcher and entry, as the app's user", () => {
    const dockerfile = DockerfileParser.parse(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
    const instructions = dockerfile.getInstructions();
    const cmd = instructions.filter((i) => i.getKeyword() === 'CMD').at(-1);
    expect(JSON.parse(cmd?.getRawArgumentsContent() ?? '[]')).toEqual(['/app/bin/run-node.sh', server.entryPath]);
    const user = instructions.filter((i) => i.getKeyword() === 'USER').at(-1);
    expect(user?.getRawArgumentsContent()).toBe('10001:10001');
  });
});
