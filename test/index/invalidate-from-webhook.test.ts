// Which index entries a webhook makes stale, read from GitHub's own example payloads.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { invalidationOf } from '../../src/index/invalidate-from-webhook.ts';

type Payload = Record<string, unknown>;
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples/api.github.com/index.json') as Array<{ name: string; examples: Payload[] }>;
function example(event: string, pick: (payload: Payload) => boolean = () => true): Payload {
  const found = examples.find((entry) => entry.name === event)?.examples.find(pick);
  if (found === undefined) throw new Error(`no ${event} example`);
  return structuredClone(found);
}
const KNOWN = { branchPrefix: 'freshpin/', dashboard: 7 };

describe('invalidationOf', () => {
  it.each([
    ['refs/heads/master', true],
    ['refs/heads/freshpin/dockerfile/debian', true],
    ['refs/heads/feature', false],
    ['refs/tags/v1', false],
  ])('push to %s invalidates the repository: %s', (ref, stale) => {
    const payload = { ...example('push'), ref };
    expect(invalidationOf('push', payload, KNOWN).repositories.length > 0).toBe(stale);
  });

  it('pull_request: only on freshpin branches', () => {
    const payload = example('pull_request', (p) => p.action === 'opened') as Payload & { pull_request: { head: { ref: string } } };
    expect(invalidationOf('pull_request', payload, KNOWN).repositories).toEqual([]);
    payload.pull_request.head.ref = 'freshpin/dockerfile/debian';
    expect(invalidationOf('pull_request', payload, KNOWN).repositories).toEqual([{ owner: 'Codertocat', repo: 'Hello-World' }]);
  });

  it('issues: only the dashboard issue', () => {
    const payload = example('issues', (p) => p.action === 'edited') as Payload & { issue: { number: number } };
    expect(invalidationOf('issues', payload, KNOWN).repositories).toEqual([]);
    payload.issue.number = 7;
    expect(invalidationOf('issues', payload, KNOWN).repositories).toHaveLength(1);
  });

  it('repository renamed: the old and the new name, and the listing', () => {
    const payload = example('repository', (p) => p.action === 'renamed');
    const invalidation = invalidationOf('repository', payload, KNOWN);
    expect(invalidation.repositories.length).toBe(2);
    expect(invalidation.listings.length).toBeLessThanOrEqual(1);
  });

  it.each(['deleted', 'transferred', 'archived'])('repository %s: the repository', (action) => {
    // GitHub's examples have no deleted or archived payload: the renamed one with that action.
    const payload = { ...example('repository', (p) => p.action === action || (action !== 'transferred' && p.action === 'renamed')), action, changes: undefined };
    expect(invalidationOf('repository', payload, KNOWN).repositories.length).toBeGreaterThanOrEqual(1);
  });

  it('installation_repositories: the repositories and the listing', () => {
    const payload = example('installation_repositories');
    const invalidation = invalidationOf('installation_repositories', payload, KNOWN);
    expect(invalidation.listings).toEqual([(payload.installation as { id: number }).id]);
  });

  it('a payload that does not parse invalidates nothing', () => {
    expect(invalidationOf('push', { ref: 5 }, KNOWN)).toEqual({ repositories: [], listings: [] });
  });
});
