// Acknowledging a command: reactions on the command comment (👀 on receipt, then 👍 or 😕)
// and at most one reply per command comment, upserted under a marker keyed by that
// comment's id, so a redelivered or raced command never posts a second reply.
import { addReaction, upsertMarkedComment } from '../../github/issues-and-comments.ts';
import type { ReactionContent } from '../../github/issues-and-comments.ts';
import type { RepoJob } from '../repo-job.ts';

/** The hidden marker kind of the reply to one command comment. */
export function replyMarkerKind(commentId: number): string {
  return `command-reply-${commentId}`;
}

/** Posts (or updates) the reply to the command comment `commentId` on `number`. */
export async function replyTo(job: RepoJob, number: number, commentId: number, body: string): Promise<void> {
  await upsertMarkedComment(job.octokit, job.repo, number, { markerKind: replyMarkerKind(commentId), appLogin: job.app.botLogin, body });
}

/** Reacts to the command comment; a failure is logged (an acknowledgement never fails a command). */
export async function react(job: RepoJob, commentId: number, content: ReactionContent): Promise<void> {
  try {
    await addReaction(job.octokit, job.repo, commentId, content);
  } catch (error) {
    job.log.warn({ err: error, comment: commentId, content }, 'could not react to the command');
  }
}
