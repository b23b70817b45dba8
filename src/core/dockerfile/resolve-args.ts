// Resolves words against the global ARGs (those declared before the first FROM), keeping
// for every resulting character where in the file it was written and by which
// instruction, so that pins can be traced into the FROM images they feed.
import type { WordToken } from './lex-word.ts';

/** Who wrote a character: a global ARG declaration (by index) or a FROM (by index). */
export type AtomOrigin = { kind: 'arg'; decl: number } | { kind: 'from'; from: number };

/** One character of a resolved value, with its offset in the file and its origin. */
export interface Atom {
  ch: string;
  offset: number;
  origin: AtomOrigin;
}

/**
 * What a variable holds: a value; `novalue` for an ARG declared without a default
 * (defaults in `${X:-…}` apply); `unresolvable` when its value depends on one.
 */
export type ArgBinding = { kind: 'value'; atoms: Atom[] } | { kind: 'novalue' } | { kind: 'unresolvable'; reason: string };

export type ArgEnv = ReadonlyMap<string, ArgBinding>;

export type Resolution = { ok: true; atoms: Atom[] } | { ok: false; reason: string };

/** Variables BuildKit sets itself; a file cannot give them a value. */
const BUILDER_ARGS = new Set([
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
]);

/** Resolved values longer than this are refused, so that `A=$B$B`, `B=$C$C`… cannot blow up. */
export const MAX_RESOLVED_LENGTH = 4096;

class Unresolvable extends Error {}

function noValueReason(name: string, binding: ArgBinding | undefined): string {
  if (binding?.kind === 'unresolvable') return binding.reason;
  if (binding?.kind === 'novalue') return `ARG ${name} has no default value`;
  if (BUILDER_ARGS.has(name)) return `${name} is set by the builder, not by the file`;
  return `variable ${name} is not declared before the first FROM`;
}

function expand(tokens: readonly WordToken[], env: ArgEnv, origin: AtomOrigin, out: Atom[]): void {
  for (const token of tokens) {
    if (token.kind === 'char') {
      out.push({ ch: token.ch, offset: token.offset, origin });
    } else {
      const binding = env.get(token.name);
      if (binding?.kind === 'unresolvable') throw new Unresolvable(binding.reason);
      const value = binding?.kind === 'value' ? binding.atoms : undefined;
      const nonEmpty = value !== undefined && value.length > 0;
      switch (token.op) {
        case undefined:
          if (value === undefined) throw new Unresolvable(noValueReason(token.name, binding));
          out.push(...value);
          break;
        case ':-':
          if (nonEmpty) out.push(...value);
          else expand(token.word, env, origin, out);
          break;
        case '-':
          if (value !== undefined) out.push(...value);
          else expand(token.word, env, origin, out);
          break;
        case ':+':
          if (nonEmpty) expand(token.word, env, origin, out);
          break;
        case '+':
          if (value !== undefined) expand(token.word, env, origin, out);
          break;
        case ':?':
        case '?':
          if (value === undefined || (token.op === ':?' && !nonEmpty)) {
            throw new Unresolvable(`${token.text} requires a value: ${noValueReason(token.name, binding)}`);
          }
          out.push(...value);
          break;
        case 'pattern':
          throw new Unresolvable(`substitution ${token.text} is not supported`);
      }
    }
    if (out.length > MAX_RESOLVED_LENGTH) throw new Unresolvable(`value is longer than ${MAX_RESOLVED_LENGTH} characters`);
  }
}

/** Resolves a word; literal characters are attributed to `origin`. */
export function resolveWord(tokens: readonly WordToken[], env: ArgEnv, origin: AtomOrigin): Resolution {
  const atoms: Atom[] = [];
  try {
    expand(tokens, env, origin, atoms);
  } catch (error) {
    if (error instanceof Unresolvable) return { ok: false, reason: error.message };
    throw error;
  }
  return { ok: true, atoms };
}

/** A global ARG declaration: a name and, unless declared bare, its value's tokens. */
export interface GlobalArgDecl {
  name: string;
  value?: WordToken[];
}

/** Binds global ARGs in order; each sees only the ones declared before it, and a redeclaration replaces. */
export function bindGlobalArgs(decls: readonly GlobalArgDecl[]): Map<string, ArgBinding> {
  const env = new Map<string, ArgBinding>();
  decls.forEach((decl, index) => {
    if (decl.value === undefined) {
      env.set(decl.name, { kind: 'novalue' });
      return;
    }
    const resolution = resolveWord(decl.value, env, { kind: 'arg', decl: index });
    env.set(
      decl.name,
      resolution.ok ? { kind: 'value', atoms: resolution.atoms } : { kind: 'unresolvable', reason: `ARG ${decl.name}: ${resolution.reason}` },
    );
  });
  return env;
}

/** The text of resolved atoms. */
export function atomsText(atoms: readonly Atom[]): string {
  return atoms.map((a) => a.ch).join('');
}
