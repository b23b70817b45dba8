// The fixed grammar of freshpin's PR comment commands: names, argument shapes and what each does.

/** Every command name, in the order help lists them. */
export const COMMAND_NAMES = ['merge', 'reject', 'ignore', 'unignore', 'rescan', 'rebase', 'recreate', 'upgrade', 'help'] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

export const MERGE_METHODS = ['squash', 'merge', 'rebase'] as const;

export type MergeMethod = (typeof MERGE_METHODS)[number];

/** A parsed, valid command. */
export type Command =
  | { name: 'merge'; method?: MergeMethod }
  | { name: 'reject'; reason?: string }
  | { name: 'upgrade'; codename?: string }
  | { name: 'ignore' }
  | { name: 'unignore' }
  | { name: 'rescan' }
  | { name: 'rebase' }
  | { name: 'recreate' }
  | { name: 'help' };

export type CommandErrorKind = 'unknown-command' | 'bad-arguments';

/** One command line found in a comment: a command, or an error safe to answer with. */
export type ParsedLine =
  | { ok: true; command: Command; line: number }
  | {
      ok: false;
      error: CommandErrorKind;
      /** Sanitised excerpt of the offending line, safe to echo in markdown. */
      text: string;
      /** 1-based line in the comment body. */
      line: number;
      /** Fixed guidance text (never contains user input). */
      hint: string;
    };

/** How a command is written and what it does, for help and hints. */
export interface CommandSpec {
  name: CommandName;
  /** Argument synopsis, e.g. `[squash|merge|rebase]`; empty when the command takes none. */
  args: string;
  effect: string;
}

/** Maximum length, in code points, of a `reject` reason. */
export const MAX_REASON_LENGTH = 200;

export const CODENAME_PATTERN = /^[a-z]{3,20}$/;

export const COMMAND_SPECS: readonly CommandSpec[] = [
  { name: 'merge', args: '[squash|merge|rebase]', effect: 'merge this pull request, with the given method or the repository default' },
  { name: 'reject', args: '[reason]', effect: `close this pull request and skip the proposed version; the optional reason (one line, at most ${MAX_REASON_LENGTH} characters) is recorded` },
  { name: 'ignore', args: '', effect: 'close this pull request and stop proposing updates for its pins' },
  { name: 'unignore', args: '', effect: 'resume updates for pins previously ignored here' },
  { name: 'rescan', args: '', effect: 'check the registries again and refresh this pull request' },
  { name: 'rebase', args: '', effect: 'rebase this pull request on its base branch' },
  { name: 'recreate', args: '', effect: 'recreate this pull request from scratch, discarding any edits made to it' },
  { name: 'upgrade', args: '[codename]', effect: 'propose the end-of-life migration of this pin as its own PR: to the given codename (e.g. `trixie`), or to the nearest supported one every image it feeds exists for' },
  { name: 'help', args: '', effect: 'show this list of commands' },
];

/** The spec of a command name (lowercase), or undefined when it is not one. */
export function findCommandSpec(name: string): CommandSpec | undefined {
  return COMMAND_SPECS.find((spec) => spec.name === name);
}
