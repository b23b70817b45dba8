// Maintainer commands end to end (issue #5): real `issue_comment` payloads delivered to
// freshpin wired as the server wires it, against the stateful GitHub fake and the real
// loopback registry seeded with the Phoenix world (test/helpers/app-harness.ts). Every
// request the app makes must match GitHub's REST description.
import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import type { Probot } from 'probot';
import { describe, expect, it } from 'vitest';
import type { RepoRef } from '../../src/github/github-client.ts';
import type { FreshpinInstance } from '../helpers/app-harness.ts';
import { APP_LOGIN, HUMAN, PHOENIX_DOCKERFILE, installationApi, readBranchCommits, readBumpPulls, readComments, readDashboard, readDashboards, useAppHarness } from '../helpers/app-harness.ts';
import { webhookPayloadProblems } from '../fakes/github/index.ts';
import { commentPayload } from './command-payloads.ts';

const INSTALLATION = 51;
const OWNER = 'acme';
const MAINTAINER = 'alice';
const FIRST = 'bullseye-20250610-slim';
const FIXTURES = new URL('../fixtures/scanners/', import.meta.url);
const CLEAN_SCAN = () => zipSync({ 'trivy.sarif': readFileSync(new URL('trivy-clean.sarif', FIXTURES)) });

const harness = useAppHarness(INSTALLATION, OWNER);

/** A repository (the Phoenix Dockerfile unless told), a maintainer, and its first bump PR open. */
async function openedRepo(name: string, options: { config?: string; dockerfile?: string; first?: string } = {}): Promise<{ repo: RepoRef; app: FreshpinInstance; number: number }> {
  const repo = harness.addRepo({ owner: OWNER, name, installationId: INSTALLATION, ...(options.config === undefined ? {} : { config: options.config }), ...(options.dockerfile === undefined ? {} : { dockerfile: options.dockerfile }) });
  harness.fake.setPermission(OWNER, name, MAINTAINER, 'write');
  const app = await harness.app();
  await app.pass();
  const pulls = readBumpPulls(harness.fake, repo);
  expect(pulls.map((pull) => [pull.state, pull.marker?.proposed])).toEqual([['open', options.first ?? FIRST]]);
  return { repo, app, number: pulls[0]!.number };
}

interface Said {
  commentId: number;
  payload: Record<string, unknown>;
}

/** A maintainer's comment on #number: created in the fake, then its real payload built. */
async function say(repo: RepoRef, number: number, body: string, login = MAINTAINER): Promise<Said> {
  const comment = harness.fake.addComment(OWNER, repo.repo, number, { login, body });
  const { data } = await installationApi(harness.fake, INSTALLATION)('GET', `/repos/${OWNER}/${repo.repo}/issues/${number}`);
  const issue = data as { title: string; body: string | null; state: string; user: { login: string }; pull_request?: unknown };
  const payload = commentPayload({
    owner: OWNER,
    repo: repo.repo,
    installationId: INSTALLATION,
    issue: { number, title: issue.title, body: issue.body, state: issue.state, authorLogin: issue.user.login, isPull: issue.pull_request !== undefined, apiUrl: harness.fake.apiUrl },
    comment: { id: comment.id as number, body },
    sender: { login },
  });
  expect(webhookPayloadProblems('issue-comment-created', payload)).toEqual([]);
  return { commentId: comment.id as number, payload };
}

/** Comments and delivers in one go; returns the command comment's id. */
async function command(app: FreshpinInstance, repo: RepoRef, number: number, body: string): Promise<number> {
  const said = await say(repo, number, body);
  await app.receive('issue_comment', said.payload);
  return said.commentId;
}

function deliver(app: FreshpinInstance, said: Said, id: string): Promise<void> {
  return app.probot.receive({ id, name: 'issue_comment', payload: said.payload } as Parameters<Probot['receive']>[0]);
}

/** The app's replies to one command comment. */
function repliesTo(repo: RepoRef, number: number, commentId: number): string[] {
  return readComments(harness.fake, repo, number)
    .filter((comment) => comment.author === APP_LOGIN && comment.body.includes(`<!-- freshpin:command-reply-${commentId} -->`))
    .map((comment) => comment.body);
}

/** The reactions on one comment, e.g. `{ eyes: 1, '+1': 1 }` (zero counts left out). */
function reactions(repo: RepoRef, number: number, commentId: number): Record<string, number> {
  const comment = harness.fake.comments(OWNER, repo.repo, number).find((c) => c.id === commentId);
  const summary = (comment?.reactions ?? {}) as Record<string, unknown>;
  return Object.fromEntries(['+1', '-1', 'eyes', 'confused', 'rocket', 'hooray'].filter((key) => Number(summary[key] ?? 0) > 0).map((key) => [key, Number(summary[key])]));
}

/** Completes the PR's dispatched scan with a clean report and delivers the webhook. */
async function passScan(app: FreshpinInstance, repo: RepoRef, number: number): Promise<string> {
  const pull = readBumpPulls(harness.fake, repo).find((p) => p.number === number)!;
  await app.receive('workflow_run', harness.fake.completeRun(OWNER, repo.repo, pull.marker!.runId!, { conclusion: 'success', artifacts: [{ name: 'freshpin-scan', zip: CLEAN_SCAN() }] }));
  return pull.headSha;
}

const merges = (repo: RepoRef) => harness.fake.requests.filter((r) => r.method === 'PUT' && decodeURIComponent(r.path).startsWith(`/repos/${OWNER}/${repo.repo}/pulls/`) && r.path.endsWith('/merge'));

describe('reject and ignore', () => {
  it('reject closes and labels the PR; the next pass does not propose the value again; a newer value gets a new PR', async () => {
    // An image of its own, so the newer tag published below changes no other test's world.
    await harness.seed(['t-20260101', 't-20260201'].map((tag) => ({ repository: 'acme/reject-tool', tag })));
    const { repo, app, number } = await openedRepo('reject', { dockerfile: 'FROM acme/reject-tool:t-20260101\n', first: 't-20260201' });
    const id = await command(app, repo, number, '/freshpin reject breaks our locale setup');

    const rejected = readBumpPulls(harness.fake, repo)[0]!;
    expect(rejected).toMatchObject({ number, state: 'closed', merged: false, labels: expect.arrayContaining(['freshpin:rejected']) });
    expect(rejected.marker).toMatchObject({ proposed: 't-20260201', rejected: 't-20260201', reason: 'breaks our locale setup' });
    expect(harness.fake.branchHead(OWNER, repo.repo, rejected.branch)).toBeUndefined();
    expect(reactions(repo, number, id)).toEqual({ eyes: 1, '+1': 1 });
    expect(repliesTo(repo, number, id)).toEqual([expect.stringContaining('Rejected `t-20260201`')]);

    await app.pass();
    expect(readBumpPulls(harness.fake, repo).filter((pull) => pull.state === 'open')).toEqual([]);
    expect(readDashboard(harness.fake, repo)).toContain(`\`t-20260201\` was rejected in #${number}`);

    // A newer tag is published: that value gets a PR of its own.
    await harness.seed([{ repository: 'acme/reject-tool', tag: 't-20260301' }]);
    await app.pass();
    const open = readBumpPulls(harness.fake, repo).filter((pull) => pull.state === 'open');
    expect(open.map((pull) => pull.marker?.proposed)).toEqual(['t-20260301']);
    expect(open[0]!.number).not.toBe(number);
    expect(app.problems()).toEqual([]);
  });

  it('ignore then unignore: the pin gets nothing while ignored, and resumes at once when released', async () => {
    const { repo, app, number } = await openedRepo('ignore');
    await command(app, repo, number, '@freshpin ignore');
    const ignored = readBumpPulls(harness.fake, repo)[0]!;
    expect(ignored).toMatchObject({ state: 'closed', labels: expect.arrayContaining(['freshpin:ignored']) });
    expect(ignored.marker).toMatchObject({ ignored: true });

    await app.pass();
    expect(readBumpPulls(harness.fake, repo).filter((pull) => pull.state === 'open')).toEqual([]);
    expect(readDashboard(harness.fake, repo)).toContain(`ignored in #${number}`);

    const id = await command(app, repo, number, '/freshpin unignore');
    const released = readBumpPulls(harness.fake, repo).find((pull) => pull.number === number)!;
    expect(released.marker).toMatchObject({ ignored: true, released: true });
    expect(released.labels).not.toContain('freshpin:ignored');
    expect(reactions(repo, number, id)).toEqual({ eyes: 1, '+1': 1 });
    // The repository was checked right after: the pin has its PR again.
    const open = readBumpPulls(harness.fake, repo).filter((pull) => pull.state === 'open');
    expect(open.map((pull) => pull.marker?.proposed)).toEqual([FIRST]);
    expect(readDashboard(harness.fake, repo)).not.toContain('Ignored pins');

    // A second unignore says so, once.
    const again = await command(app, repo, number, '/freshpin unignore');
    expect(repliesTo(repo, number, again)).toEqual([expect.stringContaining('already unignored')]);
    expect(app.problems()).toEqual([]);
  });

  it('unignore on the dashboard releases every rejected and ignored PR it lists', async () => {
    const { repo, app, number } = await openedRepo('dashboard');
    await command(app, repo, number, '/freshpin ignore');
    await app.pass();
    const dashboard = readDashboards(harness.fake, repo)[0]!;
    const id = await command(app, repo, dashboard.number, '/freshpin unignore');
    expect(repliesTo(repo, dashboard.number, id)).toEqual([expect.stringContaining(`Unignored #${number}`)]);
    expect(readBumpPulls(harness.fake, repo).find((pull) => pull.number === number)?.marker?.released).toBe(true);
    expect(readBumpPulls(harness.fake, repo).filter((pull) => pull.state === 'open').map((pull) => pull.marker?.proposed)).toEqual([FIRST]);
    // Other commands are not for the dashboard.
    const merge = await command(app, repo, dashboard.number, '/freshpin merge');
    expect(repliesTo(repo, dashboard.number, merge)).toEqual([expect.stringContaining('only `unignore` and `help`')]);
  });
});

describe('merge', () => {
  it('merges once the scan passed on the head, with the scanned SHA as the guard', async () => {
    const { repo, app, number } = await openedRepo('merge');
    const early = await command(app, repo, number, '/freshpin merge');
    expect(repliesTo(repo, number, early)).toEqual([expect.stringContaining('has not reported yet')]);
    expect(reactions(repo, number, early)).toEqual({ eyes: 1, confused: 1 });

    const scanned = await passScan(app, repo, number);
    const id = await command(app, repo, number, '/freshpin merge squash');
    expect(readBumpPulls(harness.fake, repo)[0]).toMatchObject({ number, merged: true });
    expect(reactions(repo, number, id)).toEqual({ eyes: 1, '+1': 1 });
    expect(harness.fake.getFile(OWNER, repo.repo, 'main', 'Dockerfile')).toContain(`ARG DEBIAN_VERSION=${FIRST}`);
    expect(merges(repo).map((r) => r.status)).toEqual([200]);
    expect(scanned).toHaveLength(40);
  });

  it('refuses when the head moved after the scan, and explains', async () => {
    const { repo, app, number } = await openedRepo('moved');
    await passScan(app, repo, number);
    const pull = readBumpPulls(harness.fake, repo)[0]!;
    harness.fake.pushCommit({ owner: OWNER, repo: repo.repo, branch: pull.branch, files: { 'notes.txt': 'late change\n' }, message: 'late change', author: HUMAN });
    const id = await command(app, repo, number, '/freshpin merge');
    expect(repliesTo(repo, number, id)).toEqual([expect.stringContaining(`the head changed since the scan: the scan covered \`${pull.headSha.slice(0, 12)}\``)]);
    expect(merges(repo)).toEqual([]);
  });

  it('handles a duplicate delivery once, and two replicas and racing commands never merge twice or reply twice', async () => {
    const { repo, app, number } = await openedRepo('duplicate');
    await passScan(app, repo, number);
    const said = await say(repo, number, '/freshpin merge');
    await deliver(app, said, 'delivery-1');
    await deliver(app, said, 'delivery-1');
    expect(readBumpPulls(harness.fake, repo)[0]).toMatchObject({ merged: true });
    expect(merges(repo)).toHaveLength(1);
    expect(reactions(repo, number, said.commentId)).toEqual({ eyes: 1, '+1': 1 });
    expect(repliesTo(repo, number, said.commentId)).toEqual([]);

    // Another replica gets the same delivery: it re-reads the PR and says so, once.
    const replica = await harness.app();
    await deliver(replica, said, 'delivery-1');
    await deliver(replica, said, 'delivery-1');
    const third = await harness.app();
    await deliver(third, said, 'delivery-1');
    expect(merges(repo)).toHaveLength(1);
    expect(repliesTo(repo, number, said.commentId)).toEqual([expect.stringContaining('already merged')]);

    // Two commands racing on one PR in one process.
    const other = await openedRepo('race');
    await passScan(other.app, other.repo, other.number);
    const [a, b] = [await say(other.repo, other.number, '/freshpin merge'), await say(other.repo, other.number, '/freshpin merge rebase')];
    await Promise.all([deliver(other.app, a, 'race-a'), deliver(other.app, b, 'race-b')]);
    expect(merges(other.repo)).toHaveLength(1);
    const replies = [...repliesTo(other.repo, other.number, a.commentId), ...repliesTo(other.repo, other.number, b.commentId)];
    expect(replies).toEqual([expect.stringContaining('already merged')]);
  });

  it('with automerge: true, a pass merges a PR whose scan passed', async () => {
    const { repo, app, number } = await openedRepo('automerge', { config: 'automerge: true\n' });
    const pull = readBumpPulls(harness.fake, repo)[0]!;
    // The scan completes but its webhook is lost: the pass reconciles it, then automerge merges.
    harness.fake.completeRun(OWNER, repo.repo, pull.marker!.runId!, { conclusion: 'success', artifacts: [{ name: 'freshpin-scan', zip: CLEAN_SCAN() }] });
    await app.pass();
    expect(readBumpPulls(harness.fake, repo)[0]).toMatchObject({ number, merged: true });
    expect(merges(repo)).toHaveLength(1);
  });
});

describe('rescan, rebase, recreate', () => {
  it('rescan dispatches the scan again on the current head and records the run', async () => {
    const { repo, app, number } = await openedRepo('rescan');
    const before = readBumpPulls(harness.fake, repo)[0]!;
    const id = await command(app, repo, number, '/freshpin rescan');
    const after = readBumpPulls(harness.fake, repo)[0]!;
    expect(after.marker?.runId).toBeDefined();
    expect(after.marker?.runId).not.toBe(before.marker?.runId);
    expect(after.marker?.dispatchedSha).toBe(after.headSha);
    expect(harness.fake.runs(OWNER, repo.repo)[0]).toMatchObject({ id: after.marker?.runId });
    expect(reactions(repo, number, id)).toEqual({ eyes: 1, '+1': 1 });
  });

  it('rebase refuses a branch with someone else’s commits; recreate rebuilds it on the base and says what it dropped', async () => {
    const { repo, app, number } = await openedRepo('rebuild');
    const pull = readBumpPulls(harness.fake, repo)[0]!;
    const human = harness.fake.pushCommit({ owner: OWNER, repo: repo.repo, branch: pull.branch, files: { 'notes.txt': 'tested by hand\n' }, message: 'my notes', author: HUMAN });
    harness.fake.pushCommit({ owner: OWNER, repo: repo.repo, branch: 'main', files: { README: '# rebuild, moved on\n' }, message: 'docs', author: HUMAN });

    const rebase = await command(app, repo, number, '/freshpin rebase');
    expect(repliesTo(repo, number, rebase)).toEqual([expect.stringContaining('`/freshpin recreate`')]);
    expect(harness.fake.branchHead(OWNER, repo.repo, pull.branch)).toBe(human);

    const recreate = await command(app, repo, number, '/freshpin recreate');
    expect(repliesTo(repo, number, recreate)).toEqual([expect.stringContaining(`dropped 1 commit freshpin did not make**: \`${human.slice(0, 12)}\` by \`${HUMAN.login}\``)]);
    const commits = await readBranchCommits(harness.fake, INSTALLATION, repo, 'main', pull.branch);
    expect(commits.map((commit) => [commit.authorLogin, commit.verified])).toEqual([[APP_LOGIN, true]]);
    expect(harness.fake.getFile(OWNER, repo.repo, pull.branch, 'README')).toBe('# rebuild, moved on\n');
    expect(harness.fake.getFile(OWNER, repo.repo, pull.branch, 'notes.txt')).toBeUndefined();
    expect(harness.fake.getFile(OWNER, repo.repo, pull.branch, 'Dockerfile')).toBe(PHOENIX_DOCKERFILE.replace('bullseye-20250520-slim', FIRST));
    const rebuilt = readBumpPulls(harness.fake, repo)[0]!;
    expect(rebuilt.marker?.dispatchedSha).toBe(rebuilt.headSha);

    // Now only the app's commit is there: rebase works.
    const again = await command(app, repo, number, '/freshpin rebase');
    expect(reactions(repo, number, again)).toEqual({ eyes: 1, '+1': 1 });
    expect(app.problems()).toEqual([]);
  });
});

describe('upgrade', () => {
  it('is refused when hexpm/elixir has no build for the target release, and opens its own PR for trixie', async () => {
    const { repo, app, number } = await openedRepo('upgrade');
    const bookworm = await command(app, repo, number, '/freshpin upgrade bookworm');
    const [refusal] = repliesTo(repo, number, bookworm);
    expect(refusal).toContain('freshpin did not propose the upgrade');
    expect(refusal).toContain('hexpm/elixir has no 1.18.4-erlang-27.2.4-debian-bookworm-20251117-slim');
    expect(reactions(repo, number, bookworm)).toEqual({ eyes: 1, confused: 1 });
    expect(readBumpPulls(harness.fake, repo)).toHaveLength(1);

    const trixie = await command(app, repo, number, '/freshpin upgrade trixie');
    const pulls = readBumpPulls(harness.fake, repo);
    expect(pulls).toHaveLength(2);
    const upgrade = pulls[1]!;
    expect(upgrade).toMatchObject({ state: 'open', branch: 'freshpin/dockerfile/debian-version-trixie', author: APP_LOGIN });
    expect(upgrade.marker).toMatchObject({ pin: 'arg:DEBIAN_VERSION', current: 'bullseye-20250520-slim', proposed: 'trixie-20251020-slim', migration: true, upgrade: 'trixie', dispatchedSha: upgrade.headSha });
    expect(harness.fake.getFile(OWNER, repo.repo, upgrade.branch, 'Dockerfile')).toContain('ARG DEBIAN_VERSION=trixie-20251020-slim');
    expect(repliesTo(repo, number, trixie)).toEqual([expect.stringContaining(`Opened #${upgrade.number}`)]);

    // The next pass keeps both: the upgrade is not the pin's regular bump PR.
    await app.pass();
    expect(readBumpPulls(harness.fake, repo).map((pull) => [pull.number, pull.state, pull.marker?.proposed])).toEqual([
      [number, 'open', FIRST],
      [upgrade.number, 'open', 'trixie-20251020-slim'],
    ]);
    // Without a codename: the nearest release every image has (bookworm has no elixir build): the same PR.
    const nearest = await command(app, repo, number, '/freshpin upgrade');
    expect(repliesTo(repo, number, nearest)).toEqual([expect.stringContaining(`Updated #${upgrade.number}`)]);
    expect(app.problems()).toEqual([]);
  });
});
