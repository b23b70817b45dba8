// Splits one shell word (an ARG value or a FROM image argument) into literal characters
// and variable references, following BuildKit's word lexer: single and double quotes,
// the escape character, `$NAME`, `${NAME}` and `${NAME<op>word}`.
import type { SourceChar } from './join-continuations.ts';

/** How `${NAME<op>word}` substitutes; `pattern` covers `#`, `%` and `/` forms we do not evaluate. */
export type SubstitutionOp = ':-' | '-' | ':+' | '+' | ':?' | '?' | 'pattern';

export type WordToken =
  | { kind: 'char'; ch: string; offset: number }
  | { kind: 'var'; name: string; op?: SubstitutionOp; word: WordToken[]; offset: number; text: string };

/** The word is malformed at `offset` (an unterminated quote or `${`, a bad substitution). */
export class WordSyntaxError extends Error {
  readonly offset: number;

  constructor(offset: number, message: string) {
    super(message);
    this.name = 'WordSyntaxError';
    this.offset = offset;
  }
}

const NAME_CHAR = /^[A-Za-z0-9_]$/;
const DIGIT = /^[0-9]$/;

class WordLexer {
  private pos = 0;
  private readonly chars: readonly SourceChar[];
  private readonly escape: string;

  constructor(chars: readonly SourceChar[], escape: string) {
    this.chars = chars;
    this.escape = escape;
  }

  private peek(): SourceChar | undefined {
    return this.chars[this.pos];
  }

  private endOffset(): number {
    const last = this.chars[this.chars.length - 1];
    return last === undefined ? 0 : last.offset;
  }

  /** Reads tokens up to `stop` (consumed) or the end; a missing `stop` is an error. */
  readUntil(stop: string | undefined, opener?: SourceChar): WordToken[] {
    const tokens: WordToken[] = [];
    for (let c = this.peek(); c !== undefined; c = this.peek()) {
      if (stop !== undefined && c.ch === stop) {
        this.pos++;
        return tokens;
      }
      if (c.ch === "'") tokens.push(...this.singleQuoted());
      else if (c.ch === '"') tokens.push(...this.doubleQuoted());
      else if (c.ch === '$') tokens.push(this.dollar());
      else {
        this.pos++;
        if (c.ch === this.escape) {
          const escaped = this.peek();
          if (escaped === undefined) break;
          this.pos++;
          tokens.push({ kind: 'char', ch: escaped.ch, offset: escaped.offset });
        } else {
          tokens.push({ kind: 'char', ch: c.ch, offset: c.offset });
        }
      }
    }
    if (stop !== undefined) {
      throw new WordSyntaxError(opener?.offset ?? this.endOffset(), `unterminated "\${": missing "${stop}"`);
    }
    return tokens;
  }

  private singleQuoted(): WordToken[] {
    const open = this.chars[this.pos++] as SourceChar;
    const tokens: WordToken[] = [];
    for (let c = this.peek(); c !== undefined; c = this.peek()) {
      this.pos++;
      if (c.ch === "'") return tokens;
      tokens.push({ kind: 'char', ch: c.ch, offset: c.offset });
    }
    throw new WordSyntaxError(open.offset, 'unterminated single quote');
  }

  private doubleQuoted(): WordToken[] {
    const open = this.chars[this.pos++] as SourceChar;
    const tokens: WordToken[] = [];
    for (let c = this.peek(); c !== undefined; c = this.peek()) {
      if (c.ch === '"') {
        this.pos++;
        return tokens;
      }
      if (c.ch === '$') {
        tokens.push(this.dollar());
        continue;
      }
      this.pos++;
      const escaped = this.peek();
      if (c.ch === this.escape && escaped !== undefined && (escaped.ch === '"' || escaped.ch === '$' || escaped.ch === this.escape)) {
        this.pos++;
        tokens.push({ kind: 'char', ch: escaped.ch, offset: escaped.offset });
      } else {
        tokens.push({ kind: 'char', ch: c.ch, offset: c.offset });
      }
    }
    throw new WordSyntaxError(open.offset, 'unterminated double quote');
  }

  private name(): string {
    let name = '';
    const first = this.peek();
    if (first !== undefined && DIGIT.test(first.ch)) {
      for (let c = this.peek(); c !== undefined && DIGIT.test(c.ch); c = this.peek()) {
        name += c.ch;
        this.pos++;
      }
      return name;
    }
    for (let c = this.peek(); c !== undefined && NAME_CHAR.test(c.ch); c = this.peek()) {
      name += c.ch;
      this.pos++;
    }
    return name;
  }

  private textSince(startPos: number): string {
    return this.chars
      .slice(startPos, this.pos)
      .map((c) => c.ch)
      .join('');
  }

  private dollar(): WordToken {
    const startPos = this.pos;
    const dollar = this.chars[this.pos++] as SourceChar;
    if (this.peek()?.ch !== '{') {
      const name = this.name();
      if (name === '') return { kind: 'char', ch: '$', offset: dollar.offset };
      return { kind: 'var', name, word: [], offset: dollar.offset, text: this.textSince(startPos) };
    }
    this.pos++;
    const name = this.name();
    const c = this.chars[this.pos++];
    if (c === undefined) throw new WordSyntaxError(dollar.offset, 'unterminated "${": missing "}"');
    if (name === '') throw new WordSyntaxError(dollar.offset, `bad substitution: no variable name after "\${"`);
    const op = this.operator(c, dollar);
    const word = op === undefined ? [] : this.readUntil('}', dollar);
    const token: WordToken = { kind: 'var', name, word, offset: dollar.offset, text: this.textSince(startPos) };
    if (op !== undefined) token.op = op;
    return token;
  }

  /** Reads the operator after `${NAME`; undefined when the reference closes right away. */
  private operator(c: SourceChar, dollar: SourceChar): SubstitutionOp | undefined {
    if (c.ch === '}') return undefined;
    if (c.ch === '-' || c.ch === '+' || c.ch === '?') return c.ch;
    if (c.ch === ':') {
      const d = this.chars[this.pos++];
      if (d === undefined) throw new WordSyntaxError(dollar.offset, 'unterminated "${": missing "}"');
      if (d.ch === '-' || d.ch === '+' || d.ch === '?') return `:${d.ch}`;
      throw new WordSyntaxError(d.offset, `unsupported modifier "${d.ch}" in substitution`);
    }
    if (c.ch === '#' || c.ch === '%' || c.ch === '/') {
      if (this.peek()?.ch === c.ch) this.pos++;
      return 'pattern';
    }
    throw new WordSyntaxError(c.offset, `bad substitution: unexpected "${c.ch}" after "\${"`);
  }
}

/** Lexes a whole word; throws WordSyntaxError when it is malformed. */
export function lexWord(chars: readonly SourceChar[], escape: string): WordToken[] {
  return new WordLexer(chars, escape).readUntil(undefined);
}

/** Whether the word is plain text, with no variable reference anywhere. */
export function isLiteralWord(tokens: readonly WordToken[]): boolean {
  return tokens.every((t) => t.kind === 'char');
}
