// The change probe's GraphQL query conforms to GitHub's published schema, and its answer is read
// permissively: nodes the installation cannot see are `gone`, other apps' PRs do not count.
import { validate } from '@octokit/graphql-schema';
import { describe, expect, it } from 'vitest';
import { CONFIG_SOURCE_QUERY } from '../../src/github/probe-config-source.ts';
import { PROBE_QUERY } from '../../src/github/probe-repositories.ts';

describe('the GraphQL queries', () => {
  it.each([
    ['the change probe', PROBE_QUERY],
    ["a config source's blob", CONFIG_SOURCE_QUERY],
  ])("%s passes validation against GitHub's GraphQL schema", (_name, query) => {
    expect(validate(query).map((error) => error.message)).toEqual([]);
  });

  it('the validator does catch a field GitHub does not have', () => {
    expect(validate(PROBE_QUERY.replace('isArchived', 'isArchivedd')).length).toBeGreaterThan(0);
  });
});
