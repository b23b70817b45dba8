// Issue #3, the events that check a repository between weekly passes, driven through Probot
// (`probot.receive`) with GitHub's own example payloads (@octokit/webhooks-examples). The fake
// is seeded with the payloads' installation and repositories, so the payloads change only where
// they must (the push example's installation id, its changed files, its branch); each adapted
// payload is still checked against GitHub's webhook descriptions.
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webhookPayloadProblems } from '../fakes/github/index.ts';
import type { AppHarness, FreshpinInstance } from '../helpers/app-harness.ts';
import { CONFIG_PATH, readBumpPulls, readDashboards, readPulls, requestsFor, startAppHarness } from '../helpers/app-harness.ts';

type Payload = Record<string, unknown> & { installation?: { id: number } };
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples/api.github.com/index.json') as Array<{ name: string; examples: Payload[] }>;

/** A deep copy of the first example of `event` whose `pick` holds. */
function example(event: string, pick: (payload: Payload) => boolean): Payload {
  const found = examples.find((entry) => entry.name === event)?.examples.find(pick);
  if (found === undefined) throw new Error(`no ${event} example`);
  return structuredClone(found);
}

// The examples' installation and account.
const INSTALLATION = 957387;
const OWNER = 'Codertocat';
const HELLO = { owner: OWNER, repo: 'Hello-World' };
const SPACE = { owner: OWNER, repo: 'Space' };

let harness: AppHarness;
let app: FreshpinInstance;

beforeAll(async () => {
  harness = await startAppHarness();
}, 60_000);

afterAll(async () => {
  await harness?.stop();
});

beforeEach(async () => {
  harness.reset();
  harness.addInstallation(INSTALLATION, OWNER);
  app = await harness.app();
});

afterEach(() => {
  expect(harness.fake.violations).toEqual([]);
  expect(app.problems()).toEqual([]);
});

/**
 * Delivers `payload` through Probot. The examples predate some fields GitHub's current webhook
 * descriptions require; the adapted payload must have no problem its example did not have.
 */
async function deliver(name: string, webhook: string, payload: Payload, original: Payload = payload): Promise<void> {
  const known = new Set(webhookPayloadProblems(webhook, original));
  expect(webhookPayloadProblems(webhook, payload).filter((problem) => !known.has(problem))).toEqual([]);
  await app.receive(name, payload);
}

describe('installation events', () => {
  it('installation.created: checks the repositories it names, onboarding one without config', async () => {
    const payload = example('installation', (p) => p.action === 'created');
    expect((payload.repositories as Array<{ full_name: string }>).map((repo) => repo.full_name)).toEqual(['Codertocat/Hello-World']);
    harness.addRepo({ owner: OWNER, name: 'Hello-World', installationId: INSTALLATION, defaultBranch: 'master', config: null });
    harness.addRepo({ owner: OWNER, name: 'Not-Named', installationId: INSTALLATION });
    await deliver('installation', 'installation-created', payload);

    expect(readPulls(harness.fake, HELLO).map((pull) => [pull.branch, pull.title])).toEqual([['freshpin/onboarding', 'Configure freshpin']]);
    expect(harness.fake.getFile(OWNER, 'Hello-World', 'freshpin/onboarding', CONFIG_PATH)).toContain('prConcurrentLimit: 10');
    // Only the repositories the event names.
    expect(requestsFor(harness.fake.requests, { owner: OWNER, repo: 'Not-Named' })).toEqual([]);
    // Delivered again (GitHub redelivers): still one onboarding PR.
    await deliver('installation', 'installation-created', payload);
    expect(readPulls(harness.fake, HELLO)).toHaveLength(1);
  });

  it('installation_repositories.added: checks the added repositories', async () => {
    const payload = example('installation_repositories', (p) => p.action === 'added');
    expect(payload.installation?.id).toBe(INSTALLATION);
    harness.addRepo({ owner: OWNER, name: 'Space', installationId: INSTALLATION, defaultBranch: 'master' });
    await deliver('installation_repositories', 'installation-repositories-added', payload);

    expect(readBumpPulls(harness.fake, SPACE).map((pull) => [pull.branch, pull.marker?.proposed])).toEqual([['freshpin/dockerfile/debian-version', 'bullseye-20250610-slim']]);
    expect(readDashboards(harness.fake, SPACE)).toHaveLength(1);
  });
});

describe('push events', () => {
  const original = example('push', (p) => p.ref === 'refs/heads/master');

  /** The example push to `master`, delivered to this installation, changing `paths` on `ref`. */
  function push(paths: string[], ref = 'refs/heads/master'): Payload {
    const payload = structuredClone(original);
    payload.installation = { ...payload.installation, id: INSTALLATION };
    payload.ref = ref;
    const commits = payload.commits as Array<{ added: string[]; modified: string[]; removed: string[] }>;
    for (const commit of commits) Object.assign(commit, { added: [], removed: [], modified: paths });
    Object.assign(payload.head_commit as object, { added: [], removed: [], modified: paths });
    return payload;
  }

  beforeEach(() => {
    harness.addRepo({ owner: OWNER, name: 'Hello-World', installationId: INSTALLATION, defaultBranch: 'master' });
  });

  it('a push to the default branch touching a Dockerfile (or the config) checks the repository', async () => {
    await deliver('push', 'push', push(['Dockerfile']), original);
    const pulls = readBumpPulls(harness.fake, HELLO);
    expect(pulls.map((pull) => [pull.branch, pull.state])).toEqual([['freshpin/dockerfile/debian-version', 'open']]);

    harness.fake.clearLog();
    await deliver('push', 'push', push([CONFIG_PATH]), original);
    expect(requestsFor(harness.fake.requests, HELLO).length).toBeGreaterThan(0);
    expect(requestsFor(harness.fake.requests, HELLO).filter((entry) => entry.method !== 'GET')).toEqual([]);
  });

  it.each([
    ['another branch', ['Dockerfile'], 'refs/heads/feature'],
    ['a tag', ['Dockerfile'], 'refs/tags/simple-tag'],
  ])('a push to %s is ignored', async (_what, paths, ref) => {
    await deliver('push', 'push', push(paths, ref), original);
    expect(harness.fake.requests.filter((entry) => !entry.path.endsWith('/access_tokens'))).toEqual([]);
    expect(readPulls(harness.fake, HELLO)).toEqual([]);
  });

  it('a push of files that are no Dockerfile by the config\'s `paths` is ignored after reading the config', async () => {
    await deliver('push', 'push', push(['README.md', 'src/app.ex']), original);
    expect(requestsFor(harness.fake.requests, HELLO).filter((entry) => entry.method !== 'GET')).toEqual([]);
    expect(requestsFor(harness.fake.requests, HELLO).every((entry) => entry.path.includes('freshpin.yml'))).toBe(true);
    expect(readPulls(harness.fake, HELLO)).toEqual([]);
  });

  it('a push touching a file of the repository\'s own `paths` (not a default Dockerfile name) checks the repository', async () => {
    harness.addRepo({ owner: OWNER, name: 'Space', installationId: INSTALLATION, defaultBranch: 'master', config: 'paths: ["docker/*.df"]\n', dockerfile: null, files: { 'docker/app.df': 'ARG DEBIAN_VERSION=bullseye-20250520-slim\nFROM debian:${DEBIAN_VERSION}\n' } });
    const payload = push(['docker/app.df']);
    payload.repository = { ...(payload.repository as object), name: 'Space', full_name: `${OWNER}/Space` };
    await deliver('push', 'push', payload, original);
    expect(readBumpPulls(harness.fake, SPACE).map((pull) => pull.branch)).toEqual(['freshpin/docker-app-df/debian-version']);
  });
});
