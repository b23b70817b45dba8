// Glob matching in linear time. The `paths` globs come from tenants' configs, and a
// backtracking matcher (picomatch compiles to a RegExp) takes exponential time on globs like
// `*a*a*a*a*b`: one config could block the process for every tenant. Here a glob is a small
// automaton, and a path is matched by stepping the set of live states once per character:
// O(path length × glob length), whatever the glob.
//
// Syntax (picomatch's, with `dot: true`, less extglobs): `*` (any characters but `/`), `?`
// (one character but `/`), `[abc]`, `[a-z]`, `[^x]`, `{a,b}` (nested), `**` as a whole
// segment (any number of segments, zero included), `\x` (a literal x), a leading `!` (negation).

/** Longest glob accepted: real globs are a few dozen characters. */
export const MAX_GLOB_LENGTH = 256;
/** Most alternatives a glob's braces may expand to. */
export const MAX_BRACE_ALTERNATIVES = 32;

type Token =
  | { kind: 'lit'; char: string }
  | { kind: 'any' }
  | { kind: 'star' }
  | { kind: 'class'; negated: boolean; ranges: Array<[string, string]> }
  /** `**` between segments: "" or any string ending with `/` (whole segments). */
  | { kind: 'globstar' }
  /** A trailing `/**`: "" or `/` followed by anything. */
  // A trailing `/**`. `required`: it must match a `/…`, as picomatch has it after a segment
  // that ends in `*` (`x*/**` does not match `xy` itself, while `x/**` matches `x`).
  | { kind: 'tail'; required?: boolean }
  /** A glob of only `**`: anything. */
  | { kind: 'all' };

const EXTGLOB = /[@!?*+]\(/;
/** A brace range `{1..3}`, `{a..c}`: picomatch expands it; freshpin refuses it rather than match it literally. */
const BRACE_RANGE = /\{[^{},]*\.\.[^{},]*\}/;
/** A POSIX class `[[:alpha:]]` inside a bracket expression. */
const POSIX_CLASS = /\[:[a-z]+:\]/;

/** Why the glob cannot be used, or undefined when it can. */
export function globProblem(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `is ${glob.length} characters long; a glob may have at most ${MAX_GLOB_LENGTH}`;
  if (EXTGLOB.test(glob.replace(/\\./g, ''))) return 'uses an extglob pattern (+(…), @(…), !(…), *(…), ?(…)), which freshpin does not support';
  const unescaped = glob.replace(/\\./g, '');
  if (BRACE_RANGE.test(unescaped)) return 'uses a brace range ({a..c}, {1..3}), which freshpin does not support: list the alternatives ({a,b,c})';
  if (POSIX_CLASS.test(unescaped)) return 'uses a POSIX character class ([[:alpha:]]), which freshpin does not support: write the range ([a-zA-Z])';
  const expanded = expandBraces(glob);
  if (expanded === undefined) return `expands to more than ${MAX_BRACE_ALTERNATIVES} alternatives through its braces`;
  return undefined;
}

/** Expands `{a,b}` (nested, with escapes); undefined past MAX_BRACE_ALTERNATIVES. */
function expandBraces(glob: string): string[] | undefined {
  let open = -1;
  let depth = 0;
  const commas: number[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        if (commas.length === 0) {
          // `{x}` is literal in picomatch; keep it and look for braces after it.
          const rest = expandBraces(glob.slice(i + 1));
          return rest?.map((tail) => `${glob.slice(0, i + 1)}${tail}`);
        }
        const prefix = glob.slice(0, open);
        const bounds = [open, ...commas, i];
        const options = bounds.slice(1).map((end, k) => glob.slice((bounds[k] ?? 0) + 1, end));
        const suffixes = expandBraces(glob.slice(i + 1));
        if (suffixes === undefined) return undefined;
        const out: string[] = [];
        for (const option of options) {
          const heads = expandBraces(option);
          if (heads === undefined) return undefined;
          for (const head of heads) {
            for (const tail of suffixes) {
              out.push(`${prefix}${head}${tail}`);
              if (out.length > MAX_BRACE_ALTERNATIVES) return undefined;
            }
          }
        }
        return out;
      }
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  return [glob];
}

function readClass(glob: string, start: number): { token: Token; end: number } | undefined {
  let i = start + 1;
  let negated = false;
  // As in picomatch: `[^…]` negates; `[!…]` is a class holding `!`.
  if (glob[i] === '^') {
    negated = true;
    i++;
  }
  const ranges: Array<[string, string]> = [];
  let first = true;
  for (; i < glob.length; i++) {
    let c = glob[i] as string;
    if (c === ']' && !first) return { token: { kind: 'class', negated, ranges }, end: i };
    first = false;
    if (c === '\\' && i + 1 < glob.length) c = glob[++i] as string;
    if (glob[i + 1] === '-' && i + 2 < glob.length && glob[i + 2] !== ']') {
      ranges.push([c, glob[i + 2] as string]);
      i += 2;
    } else ranges.push([c, c]);
  }
  return undefined;
}

function segmentTokens(segment: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string;
    if (c === '\\' && i + 1 < segment.length) tokens.push({ kind: 'lit', char: segment[++i] as string });
    else if (c === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'any' });
    else if (c === '[') {
      const read = readClass(segment, i);
      if (read === undefined) tokens.push({ kind: 'lit', char: c });
      else {
        tokens.push(read.token);
        i = read.end;
      }
    } else tokens.push({ kind: 'lit', char: c });
  }
  return tokens;
}

/** The automaton of one brace-free glob. */
function compile(glob: string): Token[] {
  const segments = glob.split('/').filter((segment, i, all) => !(segment === '**' && all[i - 1] === '**'));
  if (segments.length === 1 && segments[0] === '**') return [{ kind: 'all' }];
  const tokens: Token[] = [];
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      if (last) {
        const previous = segments[i - 1] ?? '';
        const afterStar = previous.endsWith('*') && !previous.endsWith('\\*');
        tokens.push(afterStar ? { kind: 'tail', required: true } : { kind: 'tail' });
      }
      else {
        if (i > 0 && segments[i - 1] !== '**') tokens.push({ kind: 'lit', char: '/' });
        tokens.push({ kind: 'globstar' });
      }
      return;
    }
    if (i > 0 && segments[i - 1] !== '**') tokens.push({ kind: 'lit', char: '/' });
    tokens.push(...segmentTokens(segment));
  });
  return tokens;
}

function inClass(token: Extract<Token, { kind: 'class' }>, c: string): boolean {
  const hit = token.ranges.some(([from, to]) => c >= from && c <= to);
  return token.negated ? !hit : hit;
}

/**
 * Runs the automaton over `path`. A state is `2 × token index + inner`; `inner` marks being
 * inside a segment of a `**` (or past the `/` of a trailing `/**`).
 */
function run(tokens: readonly Token[], path: string): boolean {
  const accept = tokens.length * 2;
  let current = new Set<number>();
  const add = (set: Set<number>, state: number) => {
    // Epsilon closure: `*`, `**`, a trailing `/**` and `all` may match nothing.
    let s = state;
    while (!set.has(s)) {
      set.add(s);
      const token = tokens[s >> 1];
      if (token === undefined) return;
      const inner = (s & 1) === 1;
      const skippable = token.kind === 'star' || token.kind === 'all' || (token.kind === 'tail' && (token.required !== true || inner)) || (token.kind === 'globstar' && !inner);
      if (!skippable) return;
      s = ((s >> 1) + 1) * 2;
    }
  };
  add(current, 0);
  for (const c of path) {
    const next = new Set<number>();
    for (const state of current) {
      const index = state >> 1;
      const inner = (state & 1) === 1;
      const token = tokens[index];
      if (token === undefined) continue;
      const advance = (index + 1) * 2;
      switch (token.kind) {
        case 'lit':
          if (c === token.char) add(next, advance);
          break;
        case 'any':
          if (c !== '/') add(next, advance);
          break;
        case 'class':
          if (c !== '/' && inClass(token, c)) add(next, advance);
          break;
        case 'star':
          if (c !== '/') add(next, state);
          break;
        case 'all':
          add(next, state);
          break;
        case 'globstar':
          add(next, c === '/' ? index * 2 : index * 2 + 1);
          break;
        case 'tail':
          if (inner || c === '/') add(next, index * 2 + 1);
          break;
      }
    }
    if (next.size === 0) return false;
    current = next;
  }
  return current.has(accept);
}

/** A matcher for one glob (braces expanded, `!` negation); throws on a glob that {@link globProblem} refuses. */
export function compileGlob(glob: string): (path: string) => boolean {
  const problem = globProblem(glob);
  if (problem !== undefined) throw new Error(`glob ${glob.slice(0, 80)} ${problem}`);
  const negated = glob.startsWith('!') && !glob.startsWith('!(');
  // A leading `./` names the repository root, as in picomatch: `./Dockerfile` is `Dockerfile`.
  const body = (negated ? glob.slice(1) : glob).replace(/^(?:\.\/)+/, '');
  const automata = (expandBraces(body) ?? []).map(compile);
  // A trailing `/` (a directory) is ignored, as picomatch does.
  const matches = (path: string) => {
    const subject = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    return automata.some((tokens) => run(tokens, subject) || (subject !== path && run(tokens, path)));
  };
  return negated ? (path) => !matches(path) : matches;
}

/** True when `path` matches any of `globs`. */
export function compileGlobs(globs: readonly string[]): (path: string) => boolean {
  const matchers = globs.map(compileGlob);
  return (path) => matchers.some((matches) => matches(path));
}
