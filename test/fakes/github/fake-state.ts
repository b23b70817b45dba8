// The fake's in-memory state: installations, repositories (git objects, refs,
// issues/PRs, comments, workflow runs, artifacts, check runs) and tokens.
import { randomBytes } from 'node:crypto';
import { newGitStore } from './git-objects.ts';
import type { GitStore } from './git-objects.ts';

/** Repository permission levels. */
export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

/** A GitHub App installation. */
export interface Installation {
  id: number;
  account: { login: string; id: number; type: 'Organization' | 'User' };
  repoKeys: Set<string>;
  createdAt: string;
}

/** A label on a repository. */
export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

/** A user or bot as the fake knows it. */
export interface Actor {
  login: string;
  type: 'User' | 'Bot';
}

/** PR-specific data of an issue record. */
export interface PullData {
  headRef: string;
  baseRef: string;
  headSha: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: Actor | null;
  mergeCommitSha: string | null;
  requestedReviewers: string[];
  maintainerCanModify: boolean;
}

/** An issue; pull requests are issues with `pull` set (shared number space). */
export interface IssueRecord {
  id: number;
  pullId: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  assignees: string[];
  user: Actor;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  commentCount: number;
  pull?: PullData;
}

/** An issue comment. */
export interface IssueComment {
  id: number;
  issueNumber: number;
  body: string;
  user: Actor;
  createdAt: string;
  updatedAt: string;
  reactions: Array<{ id: number; content: string; user: Actor; createdAt: string }>;
}

/** A workflow run. */
export interface WorkflowRun {
  id: number;
  workflowId: number;
  workflowPath: string;
  name: string;
  runNumber: number;
  headBranch: string;
  headSha: string;
  event: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  actor: Actor;
  inputs: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  artifactIds: number[];
  /** `owner/name` of the repository the run's head commit came from when it is not this one (a fork's PR run). */
  headRepository?: string;
}

/** A run artifact. */
export interface Artifact {
  id: number;
  runId: number;
  name: string;
  zip: Uint8Array;
  expired: boolean;
  createdAt: string;
}

/** A check run. */
export interface CheckRun {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotationsCount: number };
  suiteId: number;
}

/** A repository. */
export interface Repo {
  id: number;
  key: string;
  owner: string;
  ownerId: number;
  ownerType: 'Organization' | 'User';
  name: string;
  defaultBranch: string;
  private: boolean;
  archived: boolean;
  deleteBranchOnMerge: boolean;
  installationId: number | undefined;
  createdAt: string;
  pushedAt: string;
  git: GitStore;
  refs: Map<string, string>;
  issues: Map<number, IssueRecord>;
  nextNumber: number;
  labels: Map<string, Label>;
  comments: Map<number, IssueComment>;
  permissions: Map<string, Permission>;
  workflows: Map<string, number>;
  runs: Map<number, WorkflowRun>;
  artifacts: Map<number, Artifact>;
  checkRuns: Map<number, CheckRun>;
  mergeable: Map<number, boolean>;
}

/** An installation access token. */
export interface TokenInfo {
  installationId: number;
  repoKeys: Set<string> | null;
  expiresAt: number;
}

/** The whole state. */
export interface FakeState {
  appId: number;
  appSlug: string;
  botUserId: number;
  installations: Map<number, Installation>;
  repos: Map<string, Repo>;
  tokens: Map<string, TokenInfo>;
  /** How long a minted installation token lives (GitHub: one hour). */
  tokenTtlMs: number;
  artifactIndex: Map<number, Repo>;
  runIndex: Map<number, Repo>;
  userIds: Map<string, number>;
  rate: Map<string, { used: number; windowStart: number }>;
  nextId: number;
  signingSecret: Buffer;
  /** Webhook deliveries GitHub made (and redelivered), oldest first. */
  hookDeliveries: HookDelivery[];
  /** Guids the app asked to redeliver (`POST /app/hook/deliveries/{id}/attempts`), in order. */
  redeliveryRequests: string[];
  /** Where (re)deliveries are sent, and the secret they are signed with. */
  webhookTarget?: { url: string; secret: string };
}

/** One webhook delivery: its guid (X-GitHub-Delivery) is the same for its redeliveries. */
export interface HookDelivery {
  id: number;
  guid: string;
  event: string;
  action: string | null;
  installationId: number | null;
  repositoryId: number | null;
  deliveredAt: string;
  /** The app's answer; 0 when it could not be reached. */
  statusCode: number;
  redelivery: boolean;
  payload: unknown;
}

/** Fresh empty state. */
export function newState(appId: number, appSlug: string): FakeState {
  return {
    appId,
    appSlug,
    botUserId: 41_000_000 + appId,
    installations: new Map(),
    repos: new Map(),
    tokens: new Map(),
    tokenTtlMs: 3_600_000,
    artifactIndex: new Map(),
    runIndex: new Map(),
    userIds: new Map(),
    rate: new Map(),
    nextId: 1000,
    signingSecret: randomBytes(32),
    hookDeliveries: [],
    redeliveryRequests: [],
  };
}

/** A new unique numeric id. */
export function nextId(state: FakeState): number {
  return ++state.nextId;
}

/** Lookup key of a repository (GitHub names are case-insensitive). */
export function repoKey(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}

/** A stable numeric id for a login. */
export function userId(state: FakeState, login: string): number {
  const key = login.toLowerCase();
  let id = state.userIds.get(key);
  if (id === undefined) state.userIds.set(key, (id = 500_000 + state.userIds.size));
  return id;
}

/** An empty repository record (no commits yet). */
export function newRepo(state: FakeState, owner: string, name: string, defaultBranch: string, now: string): Repo {
  return {
    id: nextId(state),
    key: repoKey(owner, name),
    owner,
    ownerId: userId(state, owner),
    ownerType: 'Organization',
    name,
    defaultBranch,
    private: true,
    archived: false,
    deleteBranchOnMerge: false,
    installationId: undefined,
    createdAt: now,
    pushedAt: now,
    git: newGitStore(),
    refs: new Map(),
    issues: new Map(),
    nextNumber: 1,
    labels: new Map(),
    comments: new Map(),
    permissions: new Map(),
    workflows: new Map(),
    runs: new Map(),
    artifacts: new Map(),
    checkRuns: new Map(),
    mergeable: new Map(),
  };
}

/** GitHub-style timestamp (no milliseconds). */
export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The app's bot account. */
export function botActor(state: FakeState): Actor {
  return { login: `${state.appSlug}[bot]`, type: 'Bot' };
}

/** The bot's noreply email, as GitHub forms it. */
export function botEmail(state: FakeState): string {
  return `${state.botUserId}+${state.appSlug}[bot]@users.noreply.github.com`;
}
