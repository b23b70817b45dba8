// End-to-end checks of the GitHub fake through @octokit/rest: stateful
// behaviour, GitHub-like status codes and headers, and request validation
// against GitHub's published REST description.
import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake } from './github/start-github-fake.ts';
import type { GitHubFake } from './github/start-github-fake.ts';
import { webhookPayloadProblems } from './github/webhook-schema.ts';

const OWNER = 'octo-org';
const REPO = 'svc';
const INSTALLATION = 77;
const WORKFLOW = `name: freshpin build\non:\n  workflow_dispatch:\n    inputs:\n      image:\n        required: true\n`;

function fakeJwt(): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: 4242, iat: now - 60, exp: now + 540 })}.c2ln`;
}

function client(fake: GitHubFake, auth: string): Octokit {
  return new Octokit({ baseUrl: fake.apiUrl, auth, request: { fetch }, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
}

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

async function failure(p: Promise<unknown>): Promise<{ status?: number; message: string }> {
  try {
    await p;
  } catch (error) {
    return { status: status(error), message: (error as Error).message };
  }
  throw new Error('expected the request to fail');
}

describe('GitHub fake', () => {
  let fake: GitHubFake;
  let gh: Octokit;

  beforeAll(async () => {
    fake = await startGitHubFake({ validateResponses: true });
  });
  afterAll(async () => {
    await fake.stop();
  });
  afterEach(() => {
    expect(fake.responseViolations).toEqual([]);
  });
  beforeEach(() => {
    fake.reset();
    fake.addInstallation({ id: INSTALLATION, account: OWNER });
    fake.addRepo({ owner: OWNER, name: REPO, defaultBranch: 'main', installationId: INSTALLATION, files: { Dockerfile: 'FROM debian:bullseye-20250520-slim\n', '.github/workflows/build.yml': WORKFLOW } });
    gh = client(fake, fake.createInstallationToken(INSTALLATION));
  });

  it('authenticates the app with a JWT and hands out installation tokens tied to the installation', async () => {
    const app = client(fake, fakeJwt());
    expect((await app.apps.getAuthenticated()).data).toMatchObject({ slug: 'freshpin', id: 4242 });
    expect((await app.apps.listInstallations()).data.map((i) => i.id)).toEqual([INSTALLATION]);
    const { data } = await app.apps.createInstallationAccessToken({ installation_id: INSTALLATION });
    for (let i = 0; i < 3; i++) fake.addRepo({ owner: OWNER, name: `extra-${i}`, installationId: INSTALLATION });
    const inst = client(fake, data.token);
    const page = await inst.apps.listReposAccessibleToInstallation({ per_page: 2 });
    expect(page.headers.link).toContain('rel="next"');
    const all = await inst.paginate(inst.apps.listReposAccessibleToInstallation, { per_page: 2 });
    expect(all.map((r) => r.name).sort()).toEqual(['extra-0', 'extra-1', 'extra-2', 'svc']);
    expect(fake.requests.filter((r) => r.path === '/installation/repositories').every((r) => r.installationId === INSTALLATION)).toBe(true);
    expect((await failure(app.repos.get({ owner: OWNER, repo: REPO }))).status).toBe(403);
    expect((await failure(inst.apps.getAuthenticated())).status).toBe(401);
    expect(fake.violations).toEqual([]);
  });

  it('serves contents as base64 JSON or raw text, and 404 for missing files', async () => {
    const { data } = await gh.repos.getContent({ owner: OWNER, repo: REPO, path: 'Dockerfile' });
    expect(Buffer.from((data as { content: string }).content, 'base64').toString()).toBe('FROM debian:bullseye-20250520-slim\n');
    const raw = await gh.repos.getContent({ owner: OWNER, repo: REPO, path: '.github/workflows/build.yml', mediaType: { format: 'raw' } });
    expect(raw.data).toBe(WORKFLOW);
    expect((await failure(gh.repos.getContent({ owner: OWNER, repo: REPO, path: 'nope/Dockerfile' }))).status).toBe(404);
    expect(fake.violations).toEqual([]);
  });

  it('makes verified bot commits through the git data API and keeps trees consistent', async () => {
    const head = fake.branchHead(OWNER, REPO, 'main') ?? '';
    const base = await gh.git.getCommit({ owner: OWNER, repo: REPO, commit_sha: head });
    const tree = await gh.git.createTree({ owner: OWNER, repo: REPO, base_tree: base.data.tree.sha, tree: [{ path: 'Dockerfile', mode: '100644', type: 'blob', content: 'FROM debian:bullseye-20250601-slim\n' }] });
    const commit = await gh.git.createCommit({ owner: OWNER, repo: REPO, message: 'chore: bump', tree: tree.data.sha, parents: [head] });
    expect(commit.data.verification).toMatchObject({ verified: true });
    expect(commit.data.author.name).toBe('freshpin[bot]');
    await gh.git.createRef({ owner: OWNER, repo: REPO, ref: 'refs/heads/freshpin/debian', sha: commit.data.sha });
    const rest = await gh.repos.getCommit({ owner: OWNER, repo: REPO, ref: 'freshpin/debian' });
    expect(rest.data.author).toMatchObject({ login: 'freshpin[bot]', type: 'Bot' });
    expect(rest.data.files?.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([['Dockerfile', 'modified', 1, 1]]);
    expect(fake.getFile(OWNER, REPO, 'freshpin/debian', 'Dockerfile')).toBe('FROM debian:bullseye-20250601-slim\n');
    const human = fake.pushCommit({ owner: OWNER, repo: REPO, branch: 'main', files: { README: 'hi\n' }, message: 'docs', author: { login: 'alice', name: 'Alice', email: 'alice@example.com' } });
    const humanCommit = await gh.repos.getCommit({ owner: OWNER, repo: REPO, ref: human });
    expect(humanCommit.data.author?.login).toBe('alice');
    expect(humanCommit.data.commit.verification?.verified).toBe(false);
    const ff = await failure(gh.git.updateRef({ owner: OWNER, repo: REPO, ref: 'heads/freshpin/debian', sha: human }));
    expect(ff).toMatchObject({ status: 422 });
    expect(ff.message).toContain('not a fast forward');
    await gh.git.updateRef({ owner: OWNER, repo: REPO, ref: 'heads/freshpin/debian', sha: human, force: true });
    expect(fake.branchHead(OWNER, REPO, 'freshpin/debian')).toBe(human);
    expect((await failure(gh.git.createRef({ owner: OWNER, repo: REPO, ref: 'refs/heads/freshpin/debian', sha: human }))).message).toContain('Reference already exists');
    expect(fake.violations).toEqual([]);
  });

  async function branchWithChange(branch: string): Promise<string> {
    return fake.pushCommit({ owner: OWNER, repo: REPO, branch, files: { Dockerfile: 'FROM debian:bullseye-20250601-slim\n' }, message: 'bump', author: { login: 'alice', name: 'Alice', email: 'a@example.com' } });
  }

  it('rejects a second PR for the same head with 422', async () => {
    await branchWithChange('freshpin/debian');
    const pr = await gh.pulls.create({ owner: OWNER, repo: REPO, head: 'freshpin/debian', base: 'main', title: 'Bump debian' });
    expect(pr.status).toBe(201);
    expect(pr.data.user?.login).toBe('freshpin[bot]');
    const again = await failure(gh.pulls.create({ owner: OWNER, repo: REPO, head: `${OWNER}:freshpin/debian`, base: 'main', title: 'Bump debian' }));
    expect(again.status).toBe(422);
    expect(again.message).toContain(`A pull request already exists for ${OWNER}:freshpin/debian.`);
    const listed = await gh.pulls.list({ owner: OWNER, repo: REPO, head: `${OWNER}:freshpin/debian` });
    expect(listed.data.map((p) => p.number)).toEqual([pr.data.number]);
    const issue = await gh.issues.create({ owner: OWNER, repo: REPO, title: 'Dashboard', labels: ['freshpin'] });
    expect(issue.data.number).toBe(pr.data.number + 1);
    expect(fake.violations).toEqual([]);
  });

  it('answers 304 to a matching If-None-Match and does not count it', async () => {
    const first = await gh.repos.get({ owner: OWNER, repo: REPO });
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^W\/"/);
    expect(Number(first.headers['x-ratelimit-remaining'])).toBeGreaterThan(0);
    expect((await failure(gh.repos.get({ owner: OWNER, repo: REPO, headers: { 'if-none-match': etag } }))).status).toBe(304);
    const [a, b] = fake.requests.slice(-2);
    expect([a?.status, a?.counted, b?.status, b?.counted]).toEqual([200, true, 304, false]);
  });

  it('binds ETags to the token: an ETag seen with one token never yields a 304 to another (as GitHub does)', async () => {
    const first = await gh.repos.get({ owner: OWNER, repo: REPO });
    const etag = first.headers.etag ?? '';
    const other = client(fake, fake.createInstallationToken(INSTALLATION));
    const again = await other.repos.get({ owner: OWNER, repo: REPO, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(200);
    expect(again.headers.etag).not.toBe(etag);
    expect((await failure(other.repos.get({ owner: OWNER, repo: REPO, headers: { 'if-none-match': again.headers.etag ?? '' } }))).status).toBe(304);
    expect(fake.requests.slice(-3).map((entry) => [entry.status, entry.counted])).toEqual([[200, true], [200, true], [304, false]]);
  });

  it('expires installation tokens: an expired token gets 401 Bad credentials', async () => {
    expect((await gh.repos.get({ owner: OWNER, repo: REPO })).status).toBe(200);
    fake.expireTokens();
    expect(await failure(gh.repos.get({ owner: OWNER, repo: REPO }))).toMatchObject({ status: 401, message: expect.stringContaining('Bad credentials') });
    const short = await startGitHubFake({ tokenTtlMs: 1 });
    try {
      short.addInstallation({ id: INSTALLATION, account: OWNER });
      short.addRepo({ owner: OWNER, name: REPO, installationId: INSTALLATION });
      const token = short.createInstallationToken(INSTALLATION);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect((await failure(client(short, token).repos.get({ owner: OWNER, repo: REPO }))).status).toBe(401);
    } finally {
      await short.stop();
    }
  });

  it('answers GraphQL queries validated against GitHub\'s schema, counts them, and refuses what the schema does not have', async () => {
    const repo = await gh.repos.get({ owner: OWNER, repo: REPO });
    const answer = await gh.graphql<{ rateLimit: { cost: number }; nodes: Array<{ nameWithOwner: string; defaultBranchRef: { target: { oid: string } } } | null> }>(
      'query($ids: [ID!]!) { rateLimit { cost remaining } nodes(ids: $ids) { ... on Repository { nameWithOwner defaultBranchRef { target { oid } } } } }',
      { ids: [repo.data.node_id] },
    );
    expect(answer.rateLimit.cost).toBe(1);
    expect(answer.nodes[0]).toEqual({ nameWithOwner: `${OWNER}/${REPO}`, defaultBranchRef: { target: { oid: fake.branchHead(OWNER, REPO, 'main') } } });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: '/graphql', status: 200, counted: true, installationId: INSTALLATION });
    const missing = await failure(gh.graphql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['R_kwNOPE'] }));
    expect(missing.message).toContain("Could not resolve to a node with the global id of 'R_kwNOPE'");
    await failure(gh.graphql('{ viewer { notAField } }'));
    expect(fake.violations.map((v) => v.kind)).toEqual(['invalid-request']);
    fake.violations.length = 0;
  });

  it('dispatches a workflow, returning the run id, and serves the run', async () => {
    const res = await gh.actions.createWorkflowDispatch({ owner: OWNER, repo: REPO, workflow_id: 'build.yml', ref: 'main', inputs: { image: 'debian' }, return_run_details: true });
    expect(res.status).toBe(200);
    const runId = (res.data as { workflow_run_id: number }).workflow_run_id;
    const run = await gh.actions.getWorkflowRun({ owner: OWNER, repo: REPO, run_id: runId });
    expect(run.data).toMatchObject({ status: 'queued', event: 'workflow_dispatch', head_branch: 'main', head_sha: fake.branchHead(OWNER, REPO, 'main'), path: '.github/workflows/build.yml' });
    const runs = await gh.actions.listWorkflowRuns({ owner: OWNER, repo: REPO, workflow_id: 'build.yml', branch: 'main', event: 'workflow_dispatch' });
    expect(runs.data.workflow_runs.map((r) => r.id)).toEqual([runId]);
    expect((await failure(gh.actions.createWorkflowDispatch({ owner: OWNER, repo: REPO, workflow_id: 'missing.yml', ref: 'main' }))).status).toBe(404);
    expect((await failure(gh.actions.createWorkflowDispatch({ owner: OWNER, repo: REPO, workflow_id: 'build.yml', ref: 'main', inputs: { bogus: 'x' } }))).status).toBe(422);
    expect(fake.violations).toEqual([]);
  });

  it('downloads artifacts through a 302 to a signed URL, and answers 410 once expired', async () => {
    await gh.actions.createWorkflowDispatch({ owner: OWNER, repo: REPO, workflow_id: 'build.yml', ref: 'main', inputs: { image: 'debian' } });
    const runId = fake.runs(OWNER, REPO)[0]?.id ?? 0;
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    const payload = fake.completeRun(OWNER, REPO, runId, { conclusion: 'success', artifacts: [{ name: 'plan', zip }, { name: 'old', zip, expired: true }] });
    expect(payload).toMatchObject({ action: 'completed', workflow_run: { id: runId, conclusion: 'success', status: 'completed' }, installation: { id: INSTALLATION } });
    expect(webhookPayloadProblems('workflow-run-completed', payload)).toEqual([]);
    const { data } = await gh.actions.listWorkflowRunArtifacts({ owner: OWNER, repo: REPO, run_id: runId });
    const [plan, old] = data.artifacts;
    const manual = await fetch(`${fake.apiUrl}/repos/${OWNER}/${REPO}/actions/artifacts/${plan?.id}/zip`, { redirect: 'manual', headers: { authorization: `token ${fake.createInstallationToken(INSTALLATION)}` } });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toMatch(new RegExp(`^${fake.url}/_signed/.+sig=`));
    const dl = await gh.actions.downloadArtifact({ owner: OWNER, repo: REPO, artifact_id: plan?.id ?? 0, archive_format: 'zip' });
    expect(new Uint8Array(dl.data as ArrayBuffer)).toEqual(zip);
    expect((await failure(gh.actions.downloadArtifact({ owner: OWNER, repo: REPO, artifact_id: old?.id ?? 0, archive_format: 'zip' }))).status).toBe(410);
    expect(fake.violations).toEqual([]);
  });

  it('guards merges with the head sha (409) and mergeability (405), then merges', async () => {
    const head = await branchWithChange('freshpin/debian');
    const pr = await gh.pulls.create({ owner: OWNER, repo: REPO, head: 'freshpin/debian', base: 'main', title: 'Bump' });
    const stale = await failure(gh.pulls.merge({ owner: OWNER, repo: REPO, pull_number: pr.data.number, sha: 'f'.repeat(40) }));
    expect(stale.status).toBe(409);
    expect(stale.message).toContain('Head branch was modified');
    fake.setMergeable(OWNER, REPO, pr.data.number, false);
    expect((await failure(gh.pulls.merge({ owner: OWNER, repo: REPO, pull_number: pr.data.number, sha: head }))).status).toBe(405);
    fake.setMergeable(OWNER, REPO, pr.data.number, undefined);
    const merged = await gh.pulls.merge({ owner: OWNER, repo: REPO, pull_number: pr.data.number, sha: head, merge_method: 'squash' });
    expect(merged.data.merged).toBe(true);
    expect(fake.branchHead(OWNER, REPO, 'main')).toBe(merged.data.sha);
    expect(fake.getFile(OWNER, REPO, 'main', 'Dockerfile')).toBe('FROM debian:bullseye-20250601-slim\n');
    expect((await gh.pulls.get({ owner: OWNER, repo: REPO, pull_number: pr.data.number })).data).toMatchObject({ state: 'closed', merged: true });
    expect(fake.violations).toEqual([]);
  });

  it('serves every other implemented endpoint statefully, with responses matching the description', async () => {
    const o = { owner: OWNER, repo: REPO };
    fake.setPermission(OWNER, REPO, 'alice', 'write');
    fake.setPermission(OWNER, REPO, 'bob', 'maintain');
    const app = client(fake, fakeJwt());
    expect((await app.apps.getRepoInstallation(o)).data.id).toBe(INSTALLATION);
    expect((await app.apps.getInstallation({ installation_id: INSTALLATION })).data.account).toMatchObject({ login: OWNER });
    expect((await gh.repos.getBranch({ ...o, branch: 'main' })).data.commit.sha).toBe(fake.branchHead(OWNER, REPO, 'main'));
    const tree = await gh.git.getTree({ ...o, tree_sha: 'main', recursive: '1' });
    expect(tree.data.tree.map((e) => e.path)).toEqual(['.github', '.github/workflows', '.github/workflows/build.yml', 'Dockerfile']);
    const blob = await gh.git.createBlob({ ...o, content: 'x', encoding: 'utf-8' });
    expect((await gh.git.getBlob({ ...o, file_sha: blob.data.sha })).data.content).toBe(Buffer.from('x').toString('base64'));
    expect((await gh.git.getRef({ ...o, ref: 'heads/main' })).data.object.sha).toBe(fake.branchHead(OWNER, REPO, 'main'));
    const head = await branchWithChange('feature/x');
    expect((await gh.git.listMatchingRefs({ ...o, ref: 'heads/feature' })).data.map((r) => r.ref)).toEqual(['refs/heads/feature/x']);
    const cmp = await gh.repos.compareCommitsWithBasehead({ ...o, basehead: 'main...feature/x' });
    expect(cmp.data).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0, files: [{ filename: 'Dockerfile', status: 'modified' }] });
    const commits = await gh.repos.listCommits({ ...o, sha: 'feature/x', per_page: 1 });
    expect([commits.data[0]?.sha, commits.headers.link?.includes('rel="next"')]).toEqual([head, true]);
    const pr = await gh.pulls.create({ ...o, head: 'feature/x', base: 'main', title: 'Bump', body: 'body' });
    const pull_number = pr.data.number;
    expect((await gh.pulls.list({ ...o, state: 'all', base: 'main' })).data.map((p) => p.number)).toEqual([pull_number]);
    expect((await gh.pulls.update({ ...o, pull_number, title: 'Bump debian', body: 'new' })).data).toMatchObject({ title: 'Bump debian', body: 'new' });
    expect((await gh.pulls.listCommits({ ...o, pull_number })).data.map((c) => c.sha)).toEqual([head]);
    expect((await gh.pulls.requestReviewers({ ...o, pull_number, reviewers: ['alice'] })).data.requested_reviewers?.map((u) => u.login)).toEqual(['alice']);
    expect((await failure(gh.pulls.requestReviewers({ ...o, pull_number, reviewers: ['mallory'] }))).status).toBe(422);
    expect((await gh.issues.get({ ...o, issue_number: pull_number })).data.pull_request).toBeDefined();
    expect((await gh.issues.addLabels({ ...o, issue_number: pull_number, labels: ['freshpin'] })).data.map((l) => l.name)).toEqual(['freshpin']);
    expect((await gh.issues.addAssignees({ ...o, issue_number: pull_number, assignees: ['bob'] })).data.assignees?.map((u) => u.login)).toEqual(['bob']);
    const issue = await gh.issues.create({ ...o, title: 'Dashboard', body: 'x', labels: ['freshpin'] });
    await gh.issues.update({ ...o, issue_number: issue.data.number, state: 'closed' });
    const listed = await gh.issues.listForRepo({ ...o, creator: 'freshpin[bot]', state: 'all', labels: 'freshpin' });
    expect(listed.data.map((i) => i.number)).toEqual([issue.data.number, pull_number]);
    const comment = await gh.issues.createComment({ ...o, issue_number: pull_number, body: 'hello' });
    await gh.issues.updateComment({ ...o, comment_id: comment.data.id, body: 'edited' });
    expect((await gh.reactions.createForIssueComment({ ...o, comment_id: comment.data.id, content: '+1' })).status).toBe(201);
    expect((await gh.issues.listComments({ ...o, issue_number: pull_number })).data.map((c) => [c.body, c.reactions?.['+1']])).toEqual([['edited', 1]]);
    await gh.issues.deleteComment({ ...o, comment_id: comment.data.id });
    expect(fake.comments(OWNER, REPO, pull_number)).toEqual([]);
    const check = await gh.checks.create({ ...o, name: 'freshpin', head_sha: head, status: 'in_progress' });
    await gh.checks.update({ ...o, check_run_id: check.data.id, conclusion: 'success', output: { title: 'ok', summary: 'all good' } });
    expect((await gh.checks.listForRef({ ...o, ref: 'feature/x' })).data.check_runs.map((c) => [c.status, c.conclusion])).toEqual([['completed', 'success']]);
    const perm = await gh.repos.getCollaboratorPermissionLevel({ ...o, username: 'bob' });
    expect([perm.data.permission, perm.data.role_name]).toEqual(['write', 'maintain']);
    expect((await failure(gh.repos.getCollaboratorPermissionLevel({ ...o, username: 'nobody' }))).status).toBe(404);
    expect((await gh.rateLimit.get()).data.resources.core.remaining).toBeGreaterThan(0);
    expect((await gh.actions.getWorkflow({ ...o, workflow_id: 'build.yml' })).data.path).toBe('.github/workflows/build.yml');
    await gh.git.deleteRef({ ...o, ref: 'heads/feature/x' });
    expect((await gh.pulls.get({ ...o, pull_number })).data.state).toBe('closed');
    expect(fake.violations).toEqual([]);
  });

  it('records a body that violates the description (POST pulls without head)', async () => {
    const route: string = 'POST /repos/{owner}/{repo}/pulls';
    const res = await failure(gh.request(route, { owner: OWNER, repo: REPO, base: 'main', title: 'x' }));
    expect(res.status).toBe(500);
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]).toMatchObject({ kind: 'invalid-request', path: `/repos/${OWNER}/${REPO}/pulls` });
    expect(fake.violations[0]?.message).toContain('head');
  });

  it('records an endpoint that GitHub does not have', async () => {
    expect((await failure(gh.request('GET /repos/{owner}/{repo}/not-a-thing', { owner: OWNER, repo: REPO }))).status).toBe(500);
    expect(fake.violations).toMatchObject([{ kind: 'unknown-endpoint', path: `/repos/${OWNER}/${REPO}/not-a-thing` }]);
  });

  it('fails injected requests, then serves normally', async () => {
    fake.injectFault({ method: 'GET', pathPattern: /^\/repos\/[^/]+\/[^/]+$/, status: 502, times: 1 });
    fake.injectFault({ pathPattern: /\/issues$/, status: 403, times: 1, headers: { 'retry-after': '7' } });
    expect((await failure(gh.repos.get({ owner: OWNER, repo: REPO }))).status).toBe(502);
    expect((await gh.repos.get({ owner: OWNER, repo: REPO })).status).toBe(200);
    const limited = await failure(gh.issues.listForRepo({ owner: OWNER, repo: REPO }));
    expect(limited).toMatchObject({ status: 403 });
    expect(limited.message).toContain('secondary rate limit');
    expect((await gh.issues.listForRepo({ owner: OWNER, repo: REPO })).status).toBe(200);
    expect(fake.violations).toEqual([]);
  });
});

describe('GitHub fake in GHES mode', () => {
  it('rejects return_run_details with 422 but accepts the plain dispatch', async () => {
    const fake = await startGitHubFake({ ghes: true });
    try {
      fake.addInstallation({ id: 1, account: OWNER });
      fake.addRepo({ owner: OWNER, name: REPO, installationId: 1, files: { '.github/workflows/build.yml': WORKFLOW } });
      const gh = client(fake, fake.createInstallationToken(1));
      const rejected = await failure(gh.actions.createWorkflowDispatch({ owner: OWNER, repo: REPO, workflow_id: 'build.yml', ref: 'main', inputs: { image: 'x' }, return_run_details: true }));
      expect(rejected.status).toBe(422);
      const plain = await gh.actions.createWorkflowDispatch({ owner: OWNER, repo: REPO, workflow_id: 'build.yml', ref: 'main', inputs: { image: 'x' } });
      expect(plain.status).toBe(204);
      expect(fake.runs(OWNER, REPO)).toHaveLength(1);
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.stop();
    }
  });
});
