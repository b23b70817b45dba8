// One PR comment command, as a recipe:
// 1. where it was written: only the app's bump PRs and dashboard are answered (elsewhere,
//    only `help`); 2. 👀; 3. the commenter's permission (write, maintain or admin; any
//    doubt refuses); 4. the command, acting on the PR as it is now; 5. 👍 or 😕, and a reply
//    when there is something to say; 6. the audit line and the metric.
import type { Command, ParsedLine } from '../../core/commands/command-catalog.ts';
import { renderHelp } from '../../core/commands/render-help.ts';
import { readBumpMarker } from '../../core/markers/bump-marker.ts';
import { DASHBOARD_MARKER } from '../../core/render/render-dashboard.ts';
import { hasMarker } from '../../core/markers/markers.ts';
import { canCommand, readPermission } from '../../github/permissions.ts';
import { formatRepoRef } from '../../github/github-client.ts';
import { react, replyTo } from './command-reply.ts';
import type { CommandContext, CommandResult, CommandTarget, TargetKind } from './command-types.ts';
import { inlineCode } from '../../core/render/escape-markdown.ts';
import { done, refused } from './command-types.ts';
import { runIgnore, runReject } from './run-command-close.ts';
import { runMerge } from './run-command-merge.ts';
import { runRebuild } from './run-command-rebuild.ts';
import { runRescan } from './run-command-rescan.ts';
import { runUnignore } from './run-command-unignore.ts';
import { runUpgrade } from './run-command-upgrade.ts';
import type { RepoJob } from '../repo-job.ts';

export interface CommandRequest {
  /** The commenter's login. */
  actor: string;
  /** The command comment's id (reactions, and the key of the reply). */
  commentId: number;
  /** The first command line of the comment, as parsed. */
  parsed: ParsedLine;
  target: CommandTarget;
}

export interface CommandReport {
  command: string;
  outcome: CommandResult['outcome'];
}

/** What the payload says the comment is on: the app's bump PR, its dashboard issue, or else. */
export function classifyTarget(issue: { isPull: boolean; authorLogin?: string; body?: string | null }, botLogin: string): TargetKind {
  if (issue.authorLogin !== botLogin) return 'other';
  const body = issue.body ?? '';
  if (issue.isPull) return readBumpMarker(body) === undefined ? 'other' : 'bump-pull';
  return hasMarker(body, DASHBOARD_MARKER) ? 'dashboard' : 'other';
}

function commandName(parsed: ParsedLine): string {
  return parsed.ok ? parsed.command.name : parsed.error;
}

async function execute(ctx: CommandContext, command: Command, target: TargetKind): Promise<CommandResult> {
  if (command.name === 'help') return done(renderHelp(ctx.job.app.slug));
  if (target === 'dashboard') {
    if (command.name === 'unignore') return runUnignore(ctx, 'dashboard');
    return refused(`\`${command.name}\` works on freshpin pull requests; on the dashboard, only \`unignore\` and \`help\` do.`);
  }
  switch (command.name) {
    case 'merge':
      return runMerge(ctx, command.method);
    case 'reject':
      return runReject(ctx, command.reason);
    case 'ignore':
      return runIgnore(ctx);
    case 'unignore':
      return runUnignore(ctx, 'bump-pull');
    case 'rescan':
      return runRescan(ctx);
    case 'rebase':
    case 'recreate':
      return runRebuild(ctx, command.name);
    case 'upgrade':
      return runUpgrade(ctx, command.codename);
  }
}

/** Steps 3 and 4: permission, then the command; errors become a `failed` result. */
async function authoriseAndRun(job: RepoJob, request: CommandRequest): Promise<CommandResult> {
  const name = commandName(request.parsed);
  const permission = await readPermission(job.octokit, job.repo, request.actor);
  if ('error' in permission) {
    job.log.warn({ actor: request.actor, error: permission.error }, 'permission check failed');
    return refused(`freshpin did not run ${inlineCode(name)}: it could not confirm that you may (GitHub did not say what your permission on this repository is). Try again later.`);
  }
  if (!canCommand(permission.permission)) {
    return refused(`freshpin did not run ${inlineCode(name)}: commands need write, maintain or admin permission on this repository, and yours is ${inlineCode(permission.permission)}.`);
  }
  const { parsed } = request;
  if (!parsed.ok) return refused(`${parsed.error === 'unknown-command' ? 'Unknown command' : 'Bad arguments'}: “${parsed.text}”. ${parsed.hint}`);
  const ctx: CommandContext = { job, actor: request.actor, number: request.target.number };
  try {
    return await execute(ctx, parsed.command, request.target.kind);
  } catch (error) {
    job.log.error({ err: error, command: name }, 'command failed');
    return { outcome: 'failed', reply: `freshpin could not finish ${inlineCode(name)}: an error occurred while talking to GitHub or a registry. Nothing was retried; try again, and see freshpin's logs if it persists.` };
  }
}

/** Runs one command end to end: acknowledgement, permission, action, reply, audit and metric. */
export async function runCommand(job: RepoJob, request: CommandRequest): Promise<CommandReport> {
  const name = commandName(request.parsed);
  const audit = { actor: request.actor, repo: formatRepoRef(job.repo), pull: request.target.number, command: name };
  // 1. Elsewhere than on our PRs and dashboard, only `help` is answered.
  const isHelp = request.parsed.ok && request.parsed.command.name === 'help';
  if (request.target.kind === 'other' && !isHelp) {
    job.log.info({ ...audit, outcome: 'ignored' }, 'command');
    job.metrics?.commands.inc({ command: name, outcome: 'ignored' });
    return { command: name, outcome: 'ignored' };
  }
  // 2. Receipt.
  await react(job, request.commentId, 'eyes');
  // 3–4. Permission, then the command.
  const result = await authoriseAndRun(job, request);
  // 5. Acknowledgement and reply.
  await react(job, request.commentId, result.outcome === 'done' || result.outcome === 'noop' ? '+1' : 'confused');
  if (result.reply !== undefined) {
    try {
      await replyTo(job, request.target.number, request.commentId, result.reply);
    } catch (error) {
      job.log.warn({ err: error, ...audit }, 'could not reply to the command');
    }
  }
  // 6. Audit and metric.
  job.log.info({ ...audit, outcome: result.outcome }, 'command');
  job.metrics?.commands.inc({ command: name, outcome: result.outcome });
  await result.followUp?.();
  return { command: name, outcome: result.outcome };
}
