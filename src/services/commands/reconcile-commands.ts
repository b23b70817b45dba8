// The pass step that makes a lost command lose nothing: on every open bump PR, a command
// comment (a human's `/freshpin …` or `@app …`) of the last week that the app never answered
// (no reply under its marker, no 👍 or 😕 on it) is run now, as its webhook would have run it.
// A command acknowledged with 👀 and then lost to a crash is run again: every command re-reads
// the PR and is guarded (a merged PR is no longer open, the merge names the head SHA).
import { hasMarker } from '../../core/markers/markers.ts';
import { firstCommand, parseCommands } from '../../core/commands/parse-commands.ts';
import { listComments } from '../../github/issues-and-comments.ts';
import type { IssueComment } from '../../github/issues-and-comments.ts';
import { listOpenBumpPulls, readConfigState } from '../bumps/read-repo-snapshot.ts';
import { pullKey } from '../keyed-queue.ts';
import type { RepoJob, RepoStep } from '../repo-job.ts';
import { replyMarkerKind } from './command-reply.ts';
import { runCommand } from './run-command.ts';

/** Commands older than this are left alone (the weekly pass has seen them before). */
export const COMMAND_CATCH_UP_MS = 7 * 24 * 3600 * 1000;

function isBot(comment: IssueComment): boolean {
  return comment.authorType === 'Bot' || (comment.authorLogin ?? '').toLowerCase().endsWith('[bot]');
}

/** True when the app answered `command`: its reply under the comment's marker, or its final reaction. */
export function isAnswered(command: IssueComment, comments: readonly IssueComment[], botLogin: string): boolean {
  if ((command.reactions?.['+1'] ?? 0) > 0 || (command.reactions?.confused ?? 0) > 0) return true;
  return comments.some((comment) => comment.authorLogin === botLogin && hasMarker(comment.body, replyMarkerKind(command.id)));
}

/** Runs the unanswered commands of the repository's open bump PRs; how many were run. */
export async function reconcileCommands(job: RepoJob): Promise<number> {
  const state = await readConfigState(job);
  if (state.kind !== 'ok') return 0;
  const since = new Date(job.now.getTime() - COMMAND_CATCH_UP_MS).toISOString();
  let ran = 0;
  for (const pull of await listOpenBumpPulls(job, state.config.branchPrefix)) {
    const comments = await listComments(job.octokit, job.repo, pull.number);
    for (const comment of comments) {
      if (isBot(comment) || (comment.createdAt ?? '') < since) continue;
      if (!comment.body.includes('/') && !comment.body.includes('@')) continue;
      const parsed = firstCommand(parseCommands(comment.body, { slug: job.app.slug }));
      if (parsed === undefined || isAnswered(comment, comments, job.app.botLogin)) continue;
      job.log.info({ pull: pull.number, comment: comment.id }, 'reconciliation runs an unanswered command');
      await job.queues.pulls.run(pullKey(job.repo, pull.number), () =>
        runCommand(job, { actor: comment.authorLogin ?? 'ghost', commentId: comment.id, parsed, target: { number: pull.number, kind: 'bump-pull' } }),
      );
      ran += 1;
    }
  }
  return ran;
}

/** The pass step: unanswered commands on the open bump PRs. */
export function reconcileCommandsStep(): RepoStep {
  return async (job) => {
    await reconcileCommands(job);
  };
}
