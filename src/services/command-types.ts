// The vocabulary of PR comment commands once parsed: where a command was written, who wrote
// it, and what came of it (the outcome drives the reaction, the reply and the audit line).
import type { RepoJob } from './repo-job.ts';

/** Where the comment was written: one of the app's bump PRs, its dashboard issue, or anything else. */
export type TargetKind = 'bump-pull' | 'dashboard' | 'other';

export interface CommandTarget {
  number: number;
  kind: TargetKind;
}

/**
 * - `done`: the command did what it says (👍);
 * - `noop`: nothing to do, the state already holds, e.g. "already merged" (👍 and a reply);
 * - `refused`: not allowed or not possible now (😕 and a reply saying why);
 * - `failed`: an error while acting (😕 and a reply);
 * - `ignored`: not ours to answer (no reaction, no reply).
 */
export type CommandOutcome = 'done' | 'noop' | 'refused' | 'failed' | 'ignored';

export interface CommandResult {
  outcome: CommandOutcome;
  /** Markdown reply on the PR or issue; fixed text plus escaped values only. */
  reply?: string;
  /** Work to run after the acknowledgement (e.g. checking the repository after `unignore`). */
  followUp?: () => Promise<void>;
}

/** What every command handler receives. */
export interface CommandContext {
  job: RepoJob;
  /** The commenter's login. */
  actor: string;
  /** The PR or issue number the comment is on. */
  number: number;
}

export function done(reply?: string): CommandResult {
  return reply === undefined ? { outcome: 'done' } : { outcome: 'done', reply };
}

export function noop(reply: string): CommandResult {
  return { outcome: 'noop', reply };
}

export function refused(reply: string): CommandResult {
  return { outcome: 'refused', reply };
}

/** A value in inline code (values come from markers and registries): the renderers' one `inlineCode`. */
export { inlineCode as code } from '../core/render/escape-markdown.ts';
