import { RequestError } from '@octokit/request-error';
import { describe, expect, it } from 'vitest';
import { scrubSecrets } from '../../src/core/secrets/scrub-secrets.ts';
import { classifyGitHubError, failureMentions, GitHubError, toGitHubError } from '../../src/github/github-errors.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');

function httpError(status: number, data: unknown, headers: Record<string, string> = {}): RequestError {
  return new RequestError(typeof data === 'object' && data !== null && 'message' in data ? String(data.message) : 'x', status, {
    request: { method: 'GET', url: 'https://api.github.com/repos/o/r', headers: { authorization: 'token ghs_secret' } },
    response: { status, url: 'https://api.github.com/repos/o/r', headers, data },
  });
}

describe('classifyGitHubError', () => {
  it.each([
    [404, { message: 'Not Found' }, {}, 'not-found'],
    [410, { message: 'Gone' }, {}, 'gone'],
    [409, { message: 'Head branch was modified. Review and try the merge again.' }, {}, 'conflict'],
    [405, { message: 'Pull Request is not mergeable' }, {}, 'not-allowed'],
    [422, { message: 'Validation Failed', errors: [] }, {}, 'unprocessable'],
    [403, { message: 'Resource not accessible by integration' }, {}, 'forbidden'],
    [401, { message: 'Bad credentials' }, {}, 'forbidden'],
    [403, { message: 'API rate limit exceeded for installation ID 1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 30) }, 'rate-limited'],
    [403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '60' }, 'rate-limited'],
    [429, { message: 'Too many requests' }, {}, 'rate-limited'],
    [500, { message: 'Server Error' }, {}, 'unavailable'],
    [502, '<html>Bad gateway</html>', {}, 'unavailable'],
    [400, { message: 'Problems parsing JSON' }, {}, 'other'],
  ] as const)('%i %j → %s', (status, data, headers, kind) => {
    expect(classifyGitHubError(httpError(status, data, headers), NOW).kind).toBe(kind);
  });

  it('collects errors[].message for 422', () => {
    const failure = classifyGitHubError(
      httpError(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for octo-org:freshpin/x.' }, { resource: 'Issue', code: 'missing_field', field: 'title' }] }),
    );
    expect(failure).toMatchObject({ kind: 'unprocessable', status: 422, message: 'Validation Failed' });
    expect(failure.details).toEqual(['A pull request already exists for octo-org:freshpin/x.', 'missing_field title']);
    expect(failureMentions(failure, /already exists/)).toBe(true);
  });

  it.each([
    [{ 'retry-after': '42' }, 42],
    [{ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 90) }, 90],
    [{ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 - 5) }, 0],
  ])('retryAfterSeconds from %j', (headers, seconds) => {
    expect(classifyGitHubError(httpError(403, { message: 'rate limit' }, headers), NOW).retryAfterSeconds).toBe(seconds);
  });

  it('treats a network failure (status 500 without response) as unavailable', () => {
    const error = new RequestError('getaddrinfo ENOTFOUND api.github.com', 500, { request: { method: 'GET', url: 'https://api.github.com/x', headers: {} } });
    expect(classifyGitHubError(error)).toMatchObject({ kind: 'unavailable', message: 'getaddrinfo ENOTFOUND api.github.com' });
    expect(classifyGitHubError(new TypeError('fetch failed')).kind).toBe('unavailable');
    expect(classifyGitHubError(new Error('boom')).kind).toBe('other');
  });

  it('never carries tokens or signed URLs in messages', () => {
    const error = httpError(500, { message: 'failed for https://blob.example/a.zip?sig=SECRET&se=1 with token ghs_abcdefghijklmnop and Bearer eyJa.eyJb.sig' });
    const wrapped = toGitHubError(error, 'download');
    expect(wrapped).toBeInstanceOf(GitHubError);
    expect(wrapped.message).not.toMatch(/SECRET|ghs_abcdefghijklmnop|eyJa/);
    expect(wrapped.message).toContain('https://blob.example/a.zip?[signed query redacted]');
  });

  it('scrubs with the same scrubber as the logs (URL credentials, Docker Hub tokens, legacy artifact signatures)', () => {
    const text = 'fetch https://bot:hunter2@registry.example/v2/ with dckr_pat_ABCDEFGH12345678 via https://pipelines.example/_apis/a?api-version=6.0&urlSignature=SIGNED';
    const wrapped = toGitHubError(httpError(500, { message: text }), 'download');
    expect(wrapped.message).not.toMatch(/hunter2|dckr_pat_ABCDEFGH|SIGNED/);
    expect(wrapped.message).toBe(`download: ${scrubSecrets(text)}`);
  });
});
