// The Octokit the adapter tests use: Probot's, with its retry and throttle plugins off
// (octokit-options.test.ts turns them on where it tests them). Fakes only at HTTP (nock).
import nock from 'nock';
import { ProbotOctokit } from 'probot';
import type { GitHubClient, RepoRef } from '../../src/github/github-client.ts';

export const API = 'https://api.github.com';
export const REPO: RepoRef = { owner: 'octo-org', repo: 'octo-repo' };
export const APP_LOGIN = 'freshpin[bot]';

/** A token-authenticated client with no retries and no throttling. */
export function makeClient(): GitHubClient {
  return new ProbotOctokit({ auth: { token: 't' }, retry: { enabled: false }, throttle: { enabled: false } });
}

/** nock scope on the REST API. */
export function github(): nock.Scope {
  return nock(API);
}

/** A 40-hex SHA built from one character. */
export function sha(char: string): string {
  return char.repeat(40);
}
