// Parses one candidate line against the command grammar: prefix, command name, arguments.
import {
  CODENAME_PATTERN,
  COMMAND_NAMES,
  MERGE_METHODS,
  findCommandSpec,
  type Command,
  type CommandErrorKind,
  type MergeMethod,
  type ParsedLine,
} from './command-catalog.ts';
import { checkReason } from './check-reason.ts';
import { sanitiseExcerpt } from './sanitise-excerpt.ts';

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

/** The prefixes that address the app, longest first: `@slug[bot]`, `@slug`, `/slug` (lowercase). */
export function commandPrefixes(slug: string): string[] {
  const normal = slug.toLowerCase();
  if (!SLUG.test(normal)) throw new TypeError(`not a GitHub App slug: ${JSON.stringify(slug)}`);
  // `/freshpin` always works, whatever the app's slug (an app registered as `acme-freshpin`).
  const slash = normal === 'freshpin' ? [] : ['/freshpin'];
  return [`@${normal}[bot]`, `@${normal}`, `/${normal}`, ...slash];
}

/**
 * Where the arguments of the prefix start in `text`, or undefined when `text` does
 * not begin with one of `prefixes` (matched case-insensitively) followed by a space,
 * a tab or the end of the line. `@slugbot` and `/slug-x` are not ours.
 */
export function matchPrefix(text: string, prefixes: readonly string[]): number | undefined {
  for (const prefix of prefixes) {
    if (text.slice(0, prefix.length).toLowerCase() !== prefix) continue;
    const next = text[prefix.length];
    if (next === undefined || next === ' ' || next === '\t') return prefix.length;
  }
  return undefined;
}

function usage(prefix: string, name: string): string {
  const spec = findCommandSpec(name);
  const args = spec !== undefined && spec.args !== '' ? ` ${spec.args}` : '';
  return `\`${prefix} ${name}${args}\``;
}

function listCommands(prefix: string): string {
  return `Commands: ${COMMAND_NAMES.map((n) => `\`${n}\``).join(', ')}. Comment \`${prefix} help\` for what each does.`;
}

/** Levenshtein distance, for "did you mean" hints on short words. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function closestCommand(word: string): string | undefined {
  if (word.length > 24) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const name of COMMAND_NAMES) {
    const distance = editDistance(word, name);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

type ArgsResult = { ok: true; command: Command } | { ok: false; hint: string };

/** Applies the argument grammar of a known command to the text after its name. */
function parseArguments(name: (typeof COMMAND_NAMES)[number], argText: string, prefix: string): ArgsResult {
  const words = argText.split(/[ \t]+/).filter((w) => w !== '');
  switch (name) {
    case 'merge': {
      if (words.length === 0) return { ok: true, command: { name } };
      const method = words[0]?.toLowerCase();
      if (words.length === 1 && (MERGE_METHODS as readonly string[]).includes(method ?? '')) {
        return { ok: true, command: { name, method: method as MergeMethod } };
      }
      return { ok: false, hint: `\`merge\` takes at most one method: \`squash\`, \`merge\` or \`rebase\`, as in ${usage(prefix, 'merge')}.` };
    }
    case 'upgrade': {
      if (words.length === 0) return { ok: true, command: { name } };
      const codename = words[0] ?? '';
      if (words.length === 1 && CODENAME_PATTERN.test(codename)) return { ok: true, command: { name, codename } };
      return { ok: false, hint: `\`upgrade\` takes at most one release codename of 3 to 20 lowercase letters (e.g. \`trixie\`), as in ${usage(prefix, 'upgrade')}.` };
    }
    case 'reject': {
      const reason = argText.trim();
      if (reason === '') return { ok: true, command: { name } };
      const problem = checkReason(reason);
      if (problem === undefined) return { ok: true, command: { name, reason } };
      return { ok: false, hint: `Not rejected: ${problem}. Give a plain single-line reason, as in ${usage(prefix, 'reject')}.` };
    }
    default:
      if (words.length === 0) return { ok: true, command: { name } };
      return { ok: false, hint: `\`${name}\` takes no arguments: comment ${usage(prefix, name)} on a line of its own.` };
  }
}

function failure(error: CommandErrorKind, text: string, line: number, hint: string): ParsedLine {
  return { ok: false, error, text: sanitiseExcerpt(text), line, hint };
}

/**
 * Parses a candidate line (leading indentation already removed). Undefined when the
 * line does not address the app; otherwise the command or a helpful error.
 * `hintPrefix` is the prefix hints show (the `/slug` form, which mentions no one).
 */
export function parseCommandLine(text: string, line: number, prefixes: readonly string[], hintPrefix: string): ParsedLine | undefined {
  const start = matchPrefix(text, prefixes);
  if (start === undefined) return undefined;
  const trimmed = text.trimEnd();
  const rest = trimmed.slice(start).replace(/^[ \t]+/, '');
  if (rest === '') return failure('unknown-command', trimmed, line, `A command is missing after \`${hintPrefix}\`. ${listCommands(hintPrefix)}`);
  const space = rest.search(/[ \t]/);
  const word = (space < 0 ? rest : rest.slice(0, space)).toLowerCase();
  const argText = space < 0 ? '' : rest.slice(space + 1);
  const name = COMMAND_NAMES.find((n) => n === word);
  if (name === undefined) {
    const guess = closestCommand(word);
    const didYouMean = guess === undefined ? '' : `Did you mean \`${hintPrefix} ${guess}\`? `;
    return failure('unknown-command', trimmed, line, `Unknown command. ${didYouMean}${listCommands(hintPrefix)}`);
  }
  const result = parseArguments(name, argText, hintPrefix);
  if (!result.ok) return failure('bad-arguments', trimmed, line, result.hint);
  return { ok: true, command: result.command, line };
}
