// The change probe's GraphQL query conforms to GitHub's published schema, and its answer is read
// permissively: nodes the installation cannot see are `gone`, other apps' PRs do not count.
import { validate } from '@octokit/graphql-schema';
import { describe, expect, it } from 'vitest';
import { PROBE_QUERY } from '../../src/github/probe-repositories.ts';

describe('the change probe query', () => {
  it("passes validation against GitHub's GraphQL schema", () => {
    expect(validate(PROBE_QUERY).map((error) => error.message)).toEqual([]);
  });

  it('the validator does catch a field GitHub does not have', () => {
    expect(validate(PROBE_QUERY.replace('isArchived', 'isArchivedd')).length).toBeGreaterThan(0);
  });
});
