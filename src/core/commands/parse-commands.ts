// Finds and parses freshpin commands in a PR comment: `@slug <command>` or
// `/slug <command>` on a line of its own, outside code, quotes and HTML comments.
import type { ParsedLine } from './command-catalog.ts';
import { findCandidateLines } from './find-candidate-lines.ts';
import { commandPrefixes, parseCommandLine } from './parse-command-line.ts';

export interface ParseCommandsOptions {
  /** The GitHub App slug, e.g. `freshpin`; matched case-insensitively. */
  slug: string;
}

/**
 * Every command line in `body`, in order: parsed commands and errors (unknown
 * command, bad arguments) with a sanitised excerpt and a hint. Never throws on any
 * body; throws a TypeError only when `slug` is not a valid App slug.
 */
export function parseCommands(body: string, options: ParseCommandsOptions): ParsedLine[] {
  const prefixes = commandPrefixes(options.slug);
  const hintPrefix = '/freshpin';
  if (typeof body !== 'string' || body === '') return [];
  const parsed: ParsedLine[] = [];
  for (const candidate of findCandidateLines(body)) {
    const result = parseCommandLine(candidate.text, candidate.line, prefixes, hintPrefix);
    if (result !== undefined) parsed.push(result);
  }
  return parsed;
}

/** The line to act upon: only the first command line of a comment counts, even when it is an error. */
export function firstCommand(parsed: readonly ParsedLine[]): ParsedLine | undefined {
  return parsed[0];
}
