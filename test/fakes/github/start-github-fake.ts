// Starts the stateful loopback fake of GitHub's REST API and exposes the
// control API tests use to seed state, act as humans and inspect results.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSpec } from './openapi-spec.ts';
import { isoNow, newRepo, newState, nextId, repoKey, userId } from './fake-state.ts';
import type { FakeState, HookDelivery, Permission, Repo, WorkflowRun } from './fake-state.ts';
import { newDeliveryGuid, sendDelivery } from './handlers-hooks.ts';
import { handleHttp } from './http-server.ts';
import type { ServerDeps } from './http-server.ts';
import { buildRoutes } from './routes.ts';
import { branchSha, commitFiles, readFileAt, resolveCommitish, setRef } from './repo-ops.ts';
import { commentJson, issueJson, pullJson } from './shapes-issues.ts';
import type { ShapeContext } from './shapes-basic.ts';
import { addComment } from './handlers-issues.ts';
import { workflowIdFor } from './handlers-actions.ts';
import { workflowRunCompletedPayload } from './workflow-run-payload.ts';
import type { FaultSpec, FileMap, GitHubFakeOptions, RequestLogEntry, Violation } from './types.ts';

/** A human (or any non-app) author of a push. */
export interface PushAuthor {
  login: string;
  name: string;
  email: string;
}

/** The running fake and its control API. */
export interface GitHubFake {
  /** `http://127.0.0.1:PORT`; the API base is `${url}/api/v3`. */
  url: string;
  apiUrl: string;
  requests: RequestLogEntry[];
  violations: Violation[];
  /** With `validateResponses`: the fake's own responses that do not match the description. */
  responseViolations: Violation[];
  addInstallation(opts: { id: number; account: string; accountType?: 'Organization' | 'User' }): void;
  addRepo(opts: { owner: string; name: string; defaultBranch?: string; files?: FileMap; installationId?: number; private?: boolean; archived?: boolean; deleteBranchOnMerge?: boolean }): void;
  /** A human push: commits `files` on `branch` (created from the default branch if missing); returns the sha. */
  pushCommit(opts: { owner: string; repo: string; branch: string; files: FileMap; message: string; author: PushAuthor }): string;
  getFile(owner: string, repo: string, ref: string, path: string): string | undefined;
  branchHead(owner: string, repo: string, branch: string): string | undefined;
  listPulls(owner: string, repo: string): Array<Record<string, unknown>>;
  issues(owner: string, repo: string): Array<Record<string, unknown>>;
  comments(owner: string, repo: string, number: number): Array<Record<string, unknown>>;
  /** A human comment on an issue or PR. */
  addComment(owner: string, repo: string, number: number, comment: { login: string; body: string }): Record<string, unknown>;
  setPermission(owner: string, repo: string, login: string, permission: Permission): void;
  /** Forces a PR's mergeability (undefined: back to the computed value). */
  setMergeable(owner: string, repo: string, number: number, mergeable: boolean | undefined): void;
  /** Runs created by dispatches, newest first, with their inputs. */
  runs(owner: string, repo: string): WorkflowRun[];
  /**
   * A completed run made outside a dispatch (a push, a schedule, a fork's pull request), with
   * its artifacts; `headRepository` names a fork the head commit came from. Returns the run id.
   */
  addRun(owner: string, repo: string, run: { workflowPath: string; headBranch: string; headSha: string; event: string; conclusion: 'success' | 'failure'; headRepository?: string; artifacts?: Array<{ name: string; zip: Uint8Array }> }): number;
  /** Completes a run (adding artifacts) and returns the `workflow_run.completed` webhook payload. */
  completeRun(owner: string, repo: string, runId: number, result: { conclusion: 'success' | 'failure' | 'cancelled'; artifacts?: Array<{ name: string; zip: Uint8Array; expired?: boolean }> }): Record<string, unknown>;
  injectFault(fault: FaultSpec): void;
  /** Where the fake sends webhook (re)deliveries, signed with `secret`. */
  setWebhookTarget(url: string, secret: string): void;
  /**
   * Sends a webhook to the target (as GitHub would), records the delivery with the app's answer
   * (`failed: true`: recorded as a failed delivery without sending, e.g. the app was down).
   */
  deliverWebhook(opts: { event: string; payload: Record<string, unknown>; guid?: string; failed?: boolean }): Promise<HookDelivery>;
  /** Every delivery recorded, oldest first. */
  hookDeliveries(): HookDelivery[];
  /** Guids the app asked to redeliver, in order. */
  redeliveryRequests(): string[];
  /** Mints an installation token without the JWT round trip. */
  createInstallationToken(installationId: number): string;
  /** Renames a repository (and moves it to `newOwner`, a transfer, when given; `installationId` names the installation that then holds it, none when undefined). */
  renameRepo(owner: string, repo: string, to: { owner?: string; name?: string; installationId?: number | null }): void;
  /** Deletes a repository. */
  deleteRepo(owner: string, repo: string): void;
  /** Starts every rate-limit window afresh (as GitHub's hourly reset does). */
  resetRateLimits(): void;
  /** Ends the life of every installation token minted so far (as an hour passing would): they get 401 "Bad credentials" from now on. */
  expireTokens(): void;
  /** Drops all state (installations, repos, tokens), the log, violations and faults. */
  reset(): void;
  /** Clears only the request log and violations. */
  clearLog(): void;
  stop(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startGitHubFake(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  loadSpec();
  const appId = options.appId ?? 4242;
  const appSlug = options.appSlug ?? 'freshpin';
  const tokenTtlMs = options.tokenTtlMs ?? 3_600_000;
  const freshState = (): FakeState => ({ ...newState(appId, appSlug), tokenTtlMs });
  let state: FakeState = freshState();
  let origin = '';
  const deps: ServerDeps = {
    state: () => state,
    routes: buildRoutes(options.rateLimit ?? 5000),
    origin: () => origin,
    latencyMs: options.latencyMs ?? 0,
    ghes: options.ghes ?? false,
    rateLimit: options.rateLimit ?? 5000,
    requests: [],
    violations: [],
    faults: [],
    validateResponses: options.validateResponses ?? false,
    responseViolations: [],
  };
  const server = createServer((req, res) => {
    handleHttp(deps, req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const shapes = (): ShapeContext => ({ state, api: `${origin}/api/v3`, web: origin });

  const repoOf = (owner: string, name: string): Repo => {
    const repo = state.repos.get(repoKey(owner, name));
    if (!repo) throw new Error(`GitHub fake: no repository ${owner}/${name}`);
    return repo;
  };
  const issueOf = (repo: Repo, number: number) => {
    const issue = repo.issues.get(number);
    if (!issue) throw new Error(`GitHub fake: no issue or PR #${number} in ${repo.owner}/${repo.name}`);
    return issue;
  };

  const fake: GitHubFake = {
    url: origin,
    apiUrl: `${origin}/api/v3`,
    requests: deps.requests,
    violations: deps.violations,
    responseViolations: deps.responseViolations,
    addInstallation({ id, account, accountType = 'Organization' }) {
      state.installations.set(id, { id, account: { login: account, id: userId(state, account), type: accountType }, repoKeys: new Set(), createdAt: isoNow() });
    },
    addRepo({ owner, name, defaultBranch = 'main', files = {}, installationId, ...flags }) {
      const repo = newRepo(state, owner, name, defaultBranch, isoNow());
      repo.private = flags.private ?? true;
      repo.archived = flags.archived ?? false;
      repo.deleteBranchOnMerge = flags.deleteBranchOnMerge ?? false;
      if (installationId !== undefined) {
        const inst = state.installations.get(installationId);
        if (!inst) throw new Error(`GitHub fake: no installation ${installationId}`);
        repo.installationId = installationId;
        repo.ownerType = inst.account.login.toLowerCase() === owner.toLowerCase() ? inst.account.type : 'Organization';
        inst.repoKeys.add(repo.key);
      }
      const seed = commitFiles(repo, undefined, files, 'Initial commit', {
        author: { name: owner, email: `${owner}@users.noreply.github.com` },
        authorAccount: { login: owner, type: 'User' },
        verified: false,
      });
      setRef(repo, `refs/heads/${defaultBranch}`, seed.sha);
      state.repos.set(repo.key, repo);
    },
    pushCommit({ owner, repo: name, branch, files, message, author }) {
      const repo = repoOf(owner, name);
      const parent = branchSha(repo, branch) ?? branchSha(repo, repo.defaultBranch);
      const commit = commitFiles(repo, parent, files, message, { author: { name: author.name, email: author.email }, authorAccount: { login: author.login, type: 'User' }, verified: false });
      setRef(repo, `refs/heads/${branch}`, commit.sha);
      return commit.sha;
    },
    getFile(owner, name, ref, path) {
      const repo = repoOf(owner, name);
      const sha = resolveCommitish(repo, ref);
      return sha ? readFileAt(repo, sha, path)?.toString('utf8') : undefined;
    },
    branchHead: (owner, name, branch) => branchSha(repoOf(owner, name), branch),
    listPulls(owner, name) {
      const repo = repoOf(owner, name);
      return [...repo.issues.values()].filter((i) => i.pull).map((i) => pullJson(shapes(), repo, i, true));
    },
    issues(owner, name) {
      const repo = repoOf(owner, name);
      return [...repo.issues.values()].filter((i) => !i.pull).map((i) => issueJson(shapes(), repo, i));
    },
    comments(owner, name, number) {
      const repo = repoOf(owner, name);
      return [...repo.comments.values()].filter((c) => c.issueNumber === number).map((c) => commentJson(shapes(), repo, c));
    },
    addComment(owner, name, number, { login, body }) {
      const repo = repoOf(owner, name);
      return commentJson(shapes(), repo, addComment({ state }, repo, issueOf(repo, number), body, { login, type: 'User' }));
    },
    setPermission(owner, name, login, permission) {
      repoOf(owner, name).permissions.set(login.toLowerCase(), permission);
    },
    setMergeable(owner, name, number, mergeable) {
      const repo = repoOf(owner, name);
      issueOf(repo, number);
      if (mergeable === undefined) repo.mergeable.delete(number);
      else repo.mergeable.set(number, mergeable);
    },
    runs: (owner, name) => [...repoOf(owner, name).runs.values()].sort((a, b) => b.id - a.id),
    addRun(owner, name, input) {
      const repo = repoOf(owner, name);
      const workflowId = workflowIdFor({ state }, repo, input.workflowPath);
      const now = isoNow();
      const run: WorkflowRun = {
        id: nextId(state),
        workflowId,
        workflowPath: input.workflowPath,
        name: input.workflowPath.split('/').pop() ?? input.workflowPath,
        runNumber: [...repo.runs.values()].filter((r) => r.workflowId === workflowId).length + 1,
        headBranch: input.headBranch,
        headSha: input.headSha,
        event: input.event,
        status: 'queued',
        conclusion: null,
        actor: { login: 'octocat', type: 'User' },
        inputs: {},
        createdAt: now,
        updatedAt: now,
        artifactIds: [],
        ...(input.headRepository === undefined ? {} : { headRepository: input.headRepository }),
      };
      repo.runs.set(run.id, run);
      state.runIndex.set(run.id, repo);
      fake.completeRun(owner, name, run.id, { conclusion: input.conclusion, artifacts: input.artifacts ?? [] });
      return run.id;
    },
    completeRun(owner, name, runId, { conclusion, artifacts = [] }) {
      const repo = repoOf(owner, name);
      const run = repo.runs.get(runId);
      if (!run) throw new Error(`GitHub fake: no run ${runId} in ${owner}/${name}`);
      run.status = 'completed';
      run.conclusion = conclusion;
      run.updatedAt = isoNow();
      for (const a of artifacts) {
        const id = nextId(state);
        repo.artifacts.set(id, { id, runId, name: a.name, zip: a.zip, expired: a.expired ?? false, createdAt: isoNow() });
        state.artifactIndex.set(id, repo);
        run.artifactIds.push(id);
      }
      return workflowRunCompletedPayload(shapes(), repo, run, repo.installationId);
    },
    injectFault(fault) {
      deps.faults.push({ ...fault });
    },
    setWebhookTarget(url, secret) {
      state.webhookTarget = { url, secret };
    },
    async deliverWebhook({ event, payload, guid, failed }) {
      const facts = payload as { action?: unknown; installation?: { id?: unknown }; repository?: { id?: unknown } };
      const delivery = {
        guid: guid ?? newDeliveryGuid(),
        event,
        action: typeof facts.action === 'string' ? facts.action : null,
        installationId: typeof facts.installation?.id === 'number' ? facts.installation.id : null,
        repositoryId: typeof facts.repository?.id === 'number' ? facts.repository.id : null,
        redelivery: false,
        payload,
      };
      if (failed === true) {
        const recorded: HookDelivery = { ...delivery, id: nextId(state), deliveredAt: isoNow(), statusCode: 0 };
        state.hookDeliveries.push(recorded);
        return recorded;
      }
      return sendDelivery(state, delivery);
    },
    hookDeliveries: () => [...state.hookDeliveries],
    redeliveryRequests: () => [...state.redeliveryRequests],
    createInstallationToken(installationId) {
      if (!state.installations.has(installationId)) throw new Error(`GitHub fake: no installation ${installationId}`);
      const token = `ghs_fake${installationId}_${nextId(state)}`;
      state.tokens.set(token, { installationId, repoKeys: null, expiresAt: Date.now() + state.tokenTtlMs });
      return token;
    },
    renameRepo(owner, name, to) {
      const repo = repoOf(owner, name);
      const installation = repo.installationId === undefined ? undefined : state.installations.get(repo.installationId);
      installation?.repoKeys.delete(repo.key);
      state.repos.delete(repo.key);
      repo.owner = to.owner ?? repo.owner;
      repo.name = to.name ?? repo.name;
      repo.key = repoKey(repo.owner, repo.name);
      if (to.installationId !== undefined) repo.installationId = to.installationId ?? undefined;
      const target = repo.installationId === undefined ? undefined : state.installations.get(repo.installationId);
      if (target !== undefined) {
        target.repoKeys.add(repo.key);
        repo.ownerType = target.account.type;
      }
      state.repos.set(repo.key, repo);
    },
    deleteRepo(owner, name) {
      const repo = repoOf(owner, name);
      if (repo.installationId !== undefined) state.installations.get(repo.installationId)?.repoKeys.delete(repo.key);
      state.repos.delete(repo.key);
    },
    resetRateLimits() {
      state.rate.clear();
    },
    expireTokens() {
      for (const info of state.tokens.values()) info.expiresAt = 0;
    },
    reset() {
      state = freshState();
      deps.faults.length = 0;
      deps.requests.length = 0;
      deps.violations.length = 0;
      deps.responseViolations.length = 0;
    },
    clearLog() {
      deps.requests.length = 0;
      deps.violations.length = 0;
      deps.responseViolations.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return fake;
}
