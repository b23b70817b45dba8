// `merge [squash|merge|rebase]`: merges the bump PR when its scan passed on the current head
// (see command-merge.ts), and otherwise says what is missing.
import type { MergeMethod } from '../../core/commands/command-catalog.ts';
import { inlineCode, escapeMarkdown } from '../../core/render/escape-markdown.ts';
import type { MergeAttempt } from '../merging/merge-bump-pull.ts';
import { attemptMerge } from '../merging/merge-bump-pull.ts';
import { readCommandConfig } from '../bumps/bump-pull-state.ts';
import { explainScanState } from '../scans/read-scan-state.ts';
import type { CommandContext, CommandResult } from './command-types.ts';
import { done, noop, refused } from './command-types.ts';

/** The reply for an attempt that did not merge. */
export function explainMergeAttempt(attempt: Exclude<MergeAttempt, { kind: 'merged' }>, slug: string, failOn: string): CommandResult {
  const not = 'freshpin did not merge this pull request:';
  switch (attempt.kind) {
    case 'already-merged':
      return noop('This pull request is already merged.');
    case 'closed':
      return refused(`${not} it is closed.`);
    case 'not-ours':
      return refused(`${not} it is not a freshpin bump pull request.`);
    case 'scan':
      return refused(`${not} ${explainScanState(attempt.state, slug, failOn)}`);
    case 'not-mergeable':
      return refused(
        attempt.mergeable === false
          ? `${not} GitHub says it cannot be merged (it conflicts with its base branch); comment \`/${slug} rebase\` to rebuild it on the current base.`
          : `${not} GitHub has not finished checking whether it can be merged. Try again in a minute.`,
      );
    case 'refused-by-github': {
      const detail = escapeMarkdown(attempt.message, { maxLength: 200 });
      if (attempt.reason === 'not-mergeable') {
        return refused(`${not} GitHub refused the merge (${detail}): required status checks or reviews are missing, or a branch rule blocks it. freshpin tried once and will not retry; comment \`/${slug} merge\` again once they are satisfied.`);
      }
      if (attempt.reason === 'head-moved') {
        return refused(`${not} GitHub refused the merge (${detail}): the head branch moved after the scan of ${inlineCode(attempt.sha.slice(0, 12))}. freshpin tried once and will not retry, nor merge unscanned commits; comment \`/${slug} rescan\` to scan the new head.`);
      }
      return { outcome: 'failed', reply: `${not} GitHub answered ${detail}. freshpin tried once and will not retry.` };
    }
  }
}

export async function runMerge(ctx: CommandContext, method: MergeMethod | undefined): Promise<CommandResult> {
  const config = await readCommandConfig(ctx.job);
  if (!config.ok) return refused(`freshpin did not merge this pull request: ${config.problem}.`);
  const attempt = await attemptMerge(ctx.job, ctx.number, method ?? config.config.mergeMethod);
  if (attempt.kind === 'merged') return done();
  return explainMergeAttempt(attempt, ctx.job.app.slug, config.config.scan.failOn);
}
