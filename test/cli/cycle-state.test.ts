// `freshpin cycle` with FRESHPIN_STATE: the repository index survives the process, so the next
// cycle (a new process: fresh tokens, empty ETag cache) costs unchanged repositories no REST
// request; `--full` checks every repository again; a deleted state file only costs requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/cli/cycle-command.ts';
import { HARNESS_NOW, WEBHOOK_SECRET, requestsFor, testPrivateKey, useAppHarness } from '../helpers/app-harness.ts';

const INSTALLATION = 91;
const OWNER = 'cyclist';
const harness = useAppHarness(INSTALLATION, OWNER);
const dir = mkdtempSync(join(tmpdir(), 'freshpin-cycle-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cycle(args: string[], statePath: string): Promise<{ code: number; stderr: string }> {
  const api = new URL(harness.fake.apiUrl);
  let stderr = '';
  const env = {
    APP_ID: '4242',
    PRIVATE_KEY: testPrivateKey(),
    WEBHOOK_SECRET,
    GHE_HOST: api.host,
    GHE_PROTOCOL: 'http',
    LOG_LEVEL: 'silent',
    FRESHPIN_NOW: HARNESS_NOW,
    FRESHPIN_REGISTRY_MIRRORS: `docker.io=${harness.registrySettings.mirrors['docker.io']}`,
    DOCKERHUB_API_URL: 'none',
    FRESHPIN_STATE: statePath,
  };
  const code = await runCycle(args, { stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) }, env, cwd: dir });
  return { code, stderr };
}

describe('freshpin cycle with FRESHPIN_STATE', () => {
  it('keeps the index between processes: the second cycle reads no unchanged repository', async () => {
    const repos = [harness.addRepo({ owner: OWNER, name: 'one', installationId: INSTALLATION }), harness.addRepo({ owner: OWNER, name: 'two', installationId: INSTALLATION, dockerfile: 'FROM debian:trixie-20251117-slim\n' })];
    const statePath = join(dir, 'state.json');
    expect(await cycle([], statePath)).toMatchObject({ code: 0 });

    harness.fake.clearLog();
    const second = await cycle([], statePath);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('pass over 0 repositories (2 more unchanged, not read)');
    for (const repo of repos) expect(requestsFor(harness.fake.requests, repo)).toEqual([]);

    harness.fake.clearLog();
    const full = await cycle(['--full'], statePath);
    expect(full.stderr).toContain('pass over 2 repositories in 1 installations');
    rmSync(statePath);
    expect((await cycle([], statePath)).stderr).toContain('pass over 2 repositories');
  });
});
