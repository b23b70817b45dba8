// Issue #10 end to end: repositories onboarded before the scan workflow was fixed still carry
// template v1 (its trivy-action tag no longer exists). A pass upgrades a byte-identical old
// template with ONE PR, kept up to date in place; a customised workflow is never overwritten
// (the dashboard says it is outdated and which pins are unsafe); an up-to-date one gets nothing.
// Against the stateful GitHub fake, wired as the server wires it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_LOGIN, HUMAN, SCAN_WORKFLOW, WORKFLOW_PATH, installationApi, readComments, readDashboard, readPulls, useAppHarness } from '../helpers/app-harness.ts';
import { UPGRADE_BRANCH } from '../../src/services/bumps/review-scan-workflow.ts';

const INSTALLATION = 71;
const OWNER = 'legacy';
const V1 = readFileSync(new URL('../../templates/shipped/freshpin-scan-v1.yml', import.meta.url), 'utf8');
const UP_TO_DATE = 'FROM debian:trixie-20251117-slim\n';

const harness = useAppHarness(INSTALLATION, OWNER);

const upgradePulls = (repo: { owner: string; repo: string }) => readPulls(harness.fake, repo).filter((pull) => pull.branch === UPGRADE_BRANCH);

describe('a repository onboarded with template v1, unchanged since', () => {
  it('gets exactly one upgrade PR, which later passes keep up to date in place', async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'old', installationId: INSTALLATION, dockerfile: UP_TO_DATE, files: { [WORKFLOW_PATH]: V1 } });
    const app = await harness.app();
    await app.pass();

    const [pull, ...others] = upgradePulls(repo);
    expect(others).toEqual([]);
    expect(pull).toMatchObject({ state: 'open', author: APP_LOGIN, title: 'Upgrade the freshpin scan workflow (template v2)' });
    expect(harness.fake.getFile(OWNER, 'old', UPGRADE_BRANCH, WORKFLOW_PATH)).toBe(SCAN_WORKFLOW);
    expect(harness.fake.getFile(OWNER, 'old', 'main', WORKFLOW_PATH)).toBe(V1);
    // It says why, with the advisory.
    expect(pull!.body).toContain('https://github.com/aquasecurity/trivy/security/advisories/GHSA-69fq-xp46-6x23');
    expect(pull!.body).toContain('CVE-2026-33634');
    expect(pull!.body).toContain('`aquasecurity/trivy-action@0.28.0`');
    const dashboard = readDashboard(harness.fake, repo);
    expect(dashboard).toContain('## ⚠️ Scan workflow');
    expect(dashboard).toContain(`#${pull!.number} upgrades it`);

    // A second pass changes nothing: same PR, same branch head.
    await app.pass();
    expect(upgradePulls(repo)).toEqual([pull]);

    // Someone edits the body, and the bot's branch holds a stale change: the next pass repairs both in place.
    const api = installationApi(harness.fake, INSTALLATION);
    expect((await api('PATCH', `/repos/${OWNER}/old/pulls/${pull!.number}`, { body: 'stale' })).status).toBe(200);
    harness.fake.pushCommit({ owner: OWNER, repo: 'old', branch: UPGRADE_BRANCH, files: { [WORKFLOW_PATH]: `${SCAN_WORKFLOW}# stale\n` }, message: 'stale', author: { login: APP_LOGIN, name: APP_LOGIN, email: 'bot@example.com' } });
    harness.fake.pushCommit({ owner: OWNER, repo: 'old', branch: 'main', files: { README: 'moved on\n' }, message: 'docs', author: HUMAN });
    await app.pass();
    const [updated, ...more] = upgradePulls(repo);
    expect(more).toEqual([]);
    expect(updated).toMatchObject({ number: pull!.number, state: 'open', body: pull!.body });
    expect(harness.fake.getFile(OWNER, 'old', UPGRADE_BRANCH, WORKFLOW_PATH)).toBe(SCAN_WORKFLOW);
    expect(harness.fake.getFile(OWNER, 'old', UPGRADE_BRANCH, 'README')).toBe('moved on\n');
  });

  it('once the PR is merged, nothing more happens', async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'merging', installationId: INSTALLATION, dockerfile: UP_TO_DATE, files: { [WORKFLOW_PATH]: V1 } });
    const app = await harness.app();
    await app.pass();
    const [pull] = upgradePulls(repo);
    const api = installationApi(harness.fake, INSTALLATION);
    expect((await api('PUT', `/repos/${OWNER}/merging/pulls/${pull!.number}/merge`, { merge_method: 'squash' })).status).toBe(200);
    await app.pass();
    expect(harness.fake.getFile(OWNER, 'merging', 'main', WORKFLOW_PATH)).toBe(SCAN_WORKFLOW);
    expect(upgradePulls(repo)).toHaveLength(1);
    expect(readDashboard(harness.fake, repo)).not.toContain('Scan workflow');
  });

  it('a closed upgrade PR is respected: no new one, and the dashboard says so', async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'declining', installationId: INSTALLATION, dockerfile: UP_TO_DATE, files: { [WORKFLOW_PATH]: V1 } });
    const app = await harness.app();
    await app.pass();
    const [pull] = upgradePulls(repo);
    const api = installationApi(harness.fake, INSTALLATION);
    expect((await api('PATCH', `/repos/${OWNER}/declining/pulls/${pull!.number}`, { state: 'closed' })).status).toBe(200);
    await app.pass();
    expect(upgradePulls(repo).map((p) => [p.number, p.state])).toEqual([[pull!.number, 'closed']]);
    expect(readDashboard(harness.fake, repo)).toContain(`the upgrade PR #${pull!.number} was closed`);
  });

  it('a branch with someone else’s commits is left alone, and the dashboard says why', async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'taken', installationId: INSTALLATION, dockerfile: UP_TO_DATE, files: { [WORKFLOW_PATH]: V1 } });
    harness.fake.pushCommit({ owner: OWNER, repo: 'taken', branch: UPGRADE_BRANCH, files: { NOTES: 'mine\n' }, message: 'mine', author: HUMAN });
    const app = await harness.app();
    await app.pass();
    expect(upgradePulls(repo)).toEqual([]);
    expect(harness.fake.getFile(OWNER, 'taken', UPGRADE_BRANCH, 'NOTES')).toBe('mine\n');
    expect(readDashboard(harness.fake, repo)).toContain('freshpin could not propose the upgrade');
  });
});

describe('a customised scan workflow', () => {
  it('is never overwritten; the dashboard says it is outdated and lists the unsafe pins', async () => {
    const customised = V1.replace('timeout-minutes: 60', 'timeout-minutes: 90');
    const repo = harness.addRepo({ owner: OWNER, name: 'custom', installationId: INSTALLATION, dockerfile: UP_TO_DATE, files: { [WORKFLOW_PATH]: customised } });
    const app = await harness.app();
    await app.pass();
    await app.pass();
    expect(readPulls(harness.fake, repo)).toEqual([]);
    expect(harness.fake.branchHead(OWNER, 'custom', UPGRADE_BRANCH)).toBeUndefined();
    expect(harness.fake.getFile(OWNER, 'custom', 'main', WORKFLOW_PATH)).toBe(customised);
    const dashboard = readDashboard(harness.fake, repo);
    expect(dashboard).toContain('`.github/workflows/freshpin-scan.yml` is outdated: it was edited, so freshpin does not overwrite it.');
    expect(dashboard).toContain('`aquasecurity/trivy-action@0.28.0`');
    expect(dashboard).toContain('known-compromised');
    expect(dashboard).toContain('`actions/checkout@v4`');
  });

  it('edited while the upgrade PR was open: the PR is withdrawn, with a comment, and no other opens', async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'edited', installationId: INSTALLATION, dockerfile: UP_TO_DATE, files: { [WORKFLOW_PATH]: V1 } });
    const app = await harness.app();
    await app.pass();
    const [pull] = upgradePulls(repo);
    expect(pull?.state).toBe('open');
    harness.fake.pushCommit({ owner: OWNER, repo: 'edited', branch: 'main', files: { [WORKFLOW_PATH]: V1.replace('timeout-minutes: 60', 'timeout-minutes: 90') }, message: 'ci: longer', author: HUMAN });
    await app.pass();
    await app.pass();
    expect(upgradePulls(repo).map((p) => [p.number, p.state])).toEqual([[pull!.number, 'closed']]);
    expect(readComments(harness.fake, repo, pull!.number).map((c) => c.body)).toEqual([expect.stringContaining('freshpin never overwrites a customised workflow')]);
    expect(harness.fake.branchHead(OWNER, 'edited', UPGRADE_BRANCH)).toBeUndefined();
    expect(readDashboard(harness.fake, repo)).toContain('is outdated: it was edited');
  });

  it('that is safe and current gets no line', async () => {
    const customised = SCAN_WORKFLOW.replace('timeout-minutes: 60', 'timeout-minutes: 90');
    const repo = harness.addRepo({ owner: OWNER, name: 'custom-safe', installationId: INSTALLATION, dockerfile: UP_TO_DATE, files: { [WORKFLOW_PATH]: customised } });
    const app = await harness.app();
    await app.pass();
    expect(readPulls(harness.fake, repo)).toEqual([]);
    expect(readDashboard(harness.fake, repo)).not.toContain('Scan workflow');
  });
});

describe('an up-to-date scan workflow', () => {
  it('gets nothing: no PR, no dashboard line, and no request about it on the next pass', async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'current', installationId: INSTALLATION, dockerfile: UP_TO_DATE });
    const app = await harness.app();
    await app.pass();
    expect(readPulls(harness.fake, repo)).toEqual([]);
    expect(readDashboard(harness.fake, repo)).not.toContain('Scan workflow');
    harness.fake.clearLog();
    await app.pass();
    const workflowReads = harness.fake.requests.filter((entry) => decodeURIComponent(entry.path).includes('.github/workflows'));
    expect(workflowReads).toEqual([]);
  });
});

describe('an onboarding PR still open from before the fix', () => {
  it('gets the current template on its branch, in place, on top of whatever is there', async () => {
    const repo = harness.addRepo({ owner: OWNER, name: 'pending', installationId: INSTALLATION, dockerfile: UP_TO_DATE, config: null, workflow: false });
    const bot = { login: APP_LOGIN, name: APP_LOGIN, email: 'bot@example.com' };
    harness.fake.pushCommit({ owner: OWNER, repo: 'pending', branch: 'freshpin/onboarding', files: { '.github/freshpin.yml': 'minimumAge: 3\n', [WORKFLOW_PATH]: V1 }, message: 'chore: configure freshpin', author: bot });
    harness.fake.pushCommit({ owner: OWNER, repo: 'pending', branch: 'freshpin/onboarding', files: { NOTES: 'a maintainer was here\n' }, message: 'notes', author: HUMAN });
    const api = installationApi(harness.fake, INSTALLATION);
    const opened = await api('POST', `/repos/${OWNER}/pending/pulls`, { head: 'freshpin/onboarding', base: 'main', title: 'Configure freshpin', body: 'Welcome' });
    expect(opened.status).toBe(201);
    const app = await harness.app();
    await app.pass();
    await app.pass();
    expect(readPulls(harness.fake, repo).map((pull) => [pull.branch, pull.state])).toEqual([['freshpin/onboarding', 'open']]);
    expect(harness.fake.getFile(OWNER, 'pending', 'freshpin/onboarding', WORKFLOW_PATH)).toBe(SCAN_WORKFLOW);
    expect(harness.fake.getFile(OWNER, 'pending', 'freshpin/onboarding', 'NOTES')).toBe('a maintainer was here\n');
    expect(harness.fake.getFile(OWNER, 'pending', 'freshpin/onboarding', '.github/freshpin.yml')).toBe('minimumAge: 3\n');
  });
});
