import { describe, expect, it } from 'vitest';
import { canCommand, readPermission, type RepoPermission } from '../../src/github/permissions.ts';
import { github, makeClient, REPO } from './make-client.ts';

const R = '/repos/octo-org/octo-repo';

describe('readPermission', () => {
  it.each([
    [{ permission: 'admin', role_name: 'admin' }, 'admin'],
    [{ permission: 'write', role_name: 'maintain' }, 'maintain'],
    [{ permission: 'write', role_name: 'write' }, 'write'],
    [{ permission: 'read', role_name: 'triage' }, 'triage'],
    [{ permission: 'read', role_name: 'read' }, 'read'],
    [{ permission: 'none', role_name: null }, 'none'],
    [{ permission: 'write' }, 'write'],
    [{ permission: 'read', role_name: 'security-reviewer' }, 'read'],
  ] as const)('%j → %s', async (body, permission) => {
    github()
      .get(`${R}/collaborators/alice/permission`)
      .reply(200, { ...body, user: { login: 'alice', type: 'User' } });
    expect(await readPermission(makeClient(), REPO, 'alice')).toEqual({ permission, source: 'api' });
  });

  it.each([
    [404, { message: 'Not Found' }, 'Not Found'],
    [500, { message: 'Server Error' }, 'Server Error'],
    [403, { message: 'Resource not accessible by integration' }, 'Resource not accessible'],
    [200, { permission: 'owner-ish' }, 'unrecognised answer'],
  ])('fails closed on %i', async (status, body, message) => {
    github().get(`${R}/collaborators/alice/permission`).reply(status, body);
    const result = await readPermission(makeClient(), REPO, 'alice');
    expect(result).toEqual({ permission: 'none', error: expect.stringContaining(message) });
  });
});

describe('canCommand', () => {
  it.each([
    ['admin', true],
    ['maintain', true],
    ['write', true],
    ['triage', false],
    ['read', false],
    ['none', false],
  ] as [RepoPermission, boolean][])('%s → %s', (permission, expected) => {
    expect(canCommand(permission)).toBe(expected);
  });
});
