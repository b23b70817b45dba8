// issue_comment.created → maintainer commands. Guards, before any request: bots (the app
// itself included) are ignored, edits and deletions never arrive here, a delivery already
// handled is dropped, a comment that cannot address the app is skipped. Then the first
// command line goes to run-command, one command per PR at a time in this process.
import type { Probot } from 'probot';
import { firstCommand, parseCommands } from '../core/commands/parse-commands.ts';
import { pullKey } from '../services/keyed-queue.ts';
import type { KeyedQueue } from '../services/keyed-queue.ts';
import { classifyTarget, runCommand } from '../services/commands/run-command.ts';
import type { AppRuntime } from './app-runtime.ts';
import { createDeliveryDedupe } from './delivery-dedupe.ts';
import type { DeliveryDedupe } from './delivery-dedupe.ts';

export interface IssueCommentOptions {
  dedupe?: DeliveryDedupe;
  queue?: KeyedQueue;
}

/** True for GitHub Apps and bot accounts (`type: Bot`, or a login ending in `[bot]`). */
export function isBotSender(sender: { login?: string; type?: string } | null | undefined): boolean {
  if (sender === null || sender === undefined) return true;
  return sender.type === 'Bot' || (sender.login ?? '').toLowerCase().endsWith('[bot]');
}

/** A cheap pre-check: a command needs `@` or `/` somewhere in the text. */
function mayAddressApp(body: string): boolean {
  return body.includes('@') || body.includes('/');
}

export function onIssueComment(app: Probot, runtime: AppRuntime, options: IssueCommentOptions = {}): void {
  const dedupe = options.dedupe ?? createDeliveryDedupe();
  const queue = options.queue ?? runtime.queues.pulls;

  app.on('issue_comment.created', async (context) => {
    const { payload } = context;
    if (isBotSender(payload.sender) || isBotSender(payload.comment.user)) return;
    const body = payload.comment.body ?? '';
    if (!mayAddressApp(body)) return;
    if (!dedupe.claim(context.id)) {
      app.log.info({ delivery: context.id }, 'duplicate delivery ignored');
      return;
    }
    let identity;
    try {
      identity = await runtime.identity(app);
    } catch (error) {
      dedupe.release(context.id);
      throw error;
    }
    const parsed = firstCommand(parseCommands(body, { slug: identity.slug }));
    if (parsed === undefined) return;
    const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
    const number = payload.issue.number;
    const log = app.log.child({ delivery: context.id, installation: payload.installation?.id, repo: payload.repository.full_name, pull: number });
    const kind = classifyTarget({ isPull: payload.issue.pull_request !== undefined && payload.issue.pull_request !== null, authorLogin: payload.issue.user?.login, body: payload.issue.body }, identity.botLogin);
    const job = runtime.job(context.octokit, repo, identity, log);
    try {
      await queue.run(pullKey(repo, number), () =>
        runCommand(job, { actor: payload.sender.login, commentId: payload.comment.id, parsed, target: { number, kind } }),
      );
    } catch (error) {
      // The work queue retries a failed delivery: its retry must not be taken for a duplicate.
      dedupe.release(context.id);
      throw error;
    }
  });
}
