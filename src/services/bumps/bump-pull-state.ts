// What commands read and write on one of the app's bump PRs: the PR re-read right before
// acting (only the app's own, with a readable marker), the marker rewritten in place in its
// body, the freshpin labels, and the repository config the command obeys.
import type { FreshpinConfig } from '../../core/config/config-schema.ts';
import { defaultConfig } from '../../core/config/parse-config.ts';
import { readBumpMarker, replaceBumpMarker } from '../../core/markers/bump-marker.ts';
import type { BumpMarker } from '../../core/markers/bump-marker.ts';
import { escapeMarkdown } from '../../core/render/escape-markdown.ts';
import { setIssueLabels } from '../../github/issues-and-comments.ts';
import { applyPullMetadata, getPull, updatePull } from '../../github/pull-requests.ts';
import type { PullDetails } from '../../github/pull-requests.ts';
import { readConfigState } from './read-repo-snapshot.ts';
import type { RepoJob } from '../repo-job.ts';

/** Labels that show a maintainer's decision on a closed bump PR. */
export const REJECTED_LABEL = 'freshpin:rejected';
export const IGNORED_LABEL = 'freshpin:ignored';

export interface OwnBumpPull {
  pull: PullDetails;
  marker: BumpMarker;
}

/** The PR as it is now, when the app opened it and its body carries a bump marker. */
export async function readOwnBumpPull(job: RepoJob, number: number): Promise<OwnBumpPull | undefined> {
  const pull = await getPull(job.octokit, job.repo, number);
  if (pull.authorLogin !== job.app.botLogin) return undefined;
  const marker = readBumpMarker(pull.body);
  return marker === undefined ? undefined : { pull, marker };
}

/** Writes the marker into the PR body, closing the PR in the same request when asked. */
export async function writeMarker(job: RepoJob, own: OwnBumpPull, marker: BumpMarker, options: { close?: boolean } = {}): Promise<void> {
  const changes: Parameters<typeof updatePull>[3] = { body: replaceBumpMarker(own.pull.body, marker) };
  if (options.close === true && own.pull.state === 'open') changes.state = 'closed';
  await updatePull(job.octokit, job.repo, own.pull.number, changes);
}

/** Adds a label; a failure (e.g. no permission on labels) is logged, not thrown. */
export async function addLabel(job: RepoJob, number: number, label: string): Promise<void> {
  const { failures } = await applyPullMetadata(job.octokit, job.repo, number, { labels: [label] });
  for (const failure of failures) job.log.warn({ pull: number, failure }, 'could not label the PR');
}

/** Removes labels by setting the remaining ones (one request; nothing when none is present). */
export async function removeLabels(job: RepoJob, number: number, current: readonly string[], remove: readonly string[]): Promise<void> {
  const lower = new Set(remove.map((label) => label.toLowerCase()));
  const kept = current.filter((label) => !lower.has(label.toLowerCase()));
  if (kept.length === current.length) return;
  await setIssueLabels(job.octokit, job.repo, number, kept);
}

export type CommandConfig = { ok: true; config: FreshpinConfig } | { ok: false; problem: string };

/** The repository's config (defaults when there is none); a broken file is a reason to refuse. */
export async function readCommandConfig(job: RepoJob): Promise<CommandConfig> {
  const state = await readConfigState(job);
  if (state.kind === 'ok') return { ok: true, config: state.config };
  if (state.kind === 'missing') return { ok: true, config: defaultConfig() };
  const errors = state.errors.slice(0, 3).map((error) => escapeMarkdown(error, { maxLength: 200 }));
  return { ok: false, problem: `\`.github/freshpin.yml\` is invalid (${errors.join('; ')}); fix it first` };
}
