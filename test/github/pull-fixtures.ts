// Pull request payloads in GitHub's REST shape (trimmed to what the adapters read, plus a little).
import { APP_LOGIN, sha } from './make-client.ts';

export function pullPayload(overrides: { number: number; headRef?: string; login?: string; state?: 'open' | 'closed'; merged_at?: string | null; mergeable?: boolean | null; body?: string | null }) {
  const headRef = overrides.headRef ?? 'freshpin/debian';
  return {
    url: `https://api.github.com/repos/octo-org/octo-repo/pulls/${overrides.number}`,
    id: 1000 + overrides.number,
    number: overrides.number,
    state: overrides.state ?? 'open',
    locked: false,
    title: `Bump ${headRef}`,
    user: { login: overrides.login ?? APP_LOGIN, id: 1, type: 'Bot' },
    body: overrides.body === undefined ? 'body' : overrides.body,
    labels: [{ id: 1, name: 'dependencies', color: 'ededed', default: false }],
    created_at: '2025-06-01T00:00:00Z',
    updated_at: '2025-06-02T00:00:00Z',
    closed_at: overrides.state === 'closed' ? '2025-06-03T00:00:00Z' : null,
    merged_at: overrides.merged_at ?? null,
    ...(overrides.mergeable === undefined ? {} : { mergeable: overrides.mergeable, merged: overrides.merged_at != null }),
    head: { label: `octo-org:${headRef}`, ref: headRef, sha: sha('h'), repo: { full_name: 'octo-org/octo-repo' } },
    base: { label: 'octo-org:main', ref: 'main', sha: sha('b'), repo: { full_name: 'octo-org/octo-repo' } },
    draft: false,
  };
}
