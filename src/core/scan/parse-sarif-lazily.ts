// A SARIF log parsed without building every result at once: the envelope, runs and rules are
// parsed as usual, but each run's `results` array is only scanned for element boundaries and each
// result is JSON.parse'd when iterated, then dropped. A 50 MB log thus peaks near the size of its
// text instead of text + a full object tree (about 3×). Any structural surprise throws, and the
// caller falls back to a plain JSON.parse, so the outcome for malformed input is unchanged.

/** A run's results, parsed one at a time on iteration. */
export class LazyResults implements Iterable<unknown> {
  private readonly text: string;
  private readonly bounds: number[];

  constructor(text: string, bounds: number[]) {
    this.text = text;
    this.bounds = bounds;
  }

  get length(): number {
    return this.bounds.length / 2;
  }

  *[Symbol.iterator](): Iterator<unknown> {
    for (let i = 0; i < this.bounds.length; i += 2) {
      yield JSON.parse(this.text.slice(this.bounds[i], this.bounds[i + 1])) as unknown;
    }
  }
}

class Scanner {
  readonly text: string;
  pos = 0;

  constructor(text: string) {
    this.text = text;
  }

  fail(): never {
    throw new SyntaxError(`unexpected JSON at ${this.pos}`);
  }

  /** Skips whitespace and returns the next character code (NaN at the end). */
  peek(): number {
    const { text } = this;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return c;
      this.pos++;
    }
    return NaN;
  }

  expect(code: number): void {
    if (this.peek() !== code) this.fail();
    this.pos++;
  }

  /** From an opening quote to just past its closing quote. */
  skipString(): void {
    const { text } = this;
    let at = this.pos + 1;
    for (;;) {
      const quote = text.indexOf('"', at);
      if (quote < 0) this.fail();
      let backslashes = 0;
      while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
      at = quote + 1;
      if (backslashes % 2 === 0) break;
    }
    this.pos = at;
  }

  /** Skips one value; returns its [start, end). Contents are validated later by JSON.parse. */
  skipValue(): [number, number] {
    const c = this.peek();
    const start = this.pos;
    const { text } = this;
    if (c === 34) {
      this.skipString();
    } else if (c === 123 || c === 91) {
      let depth = 0;
      while (this.pos < text.length) {
        const d = text.charCodeAt(this.pos);
        if (d === 34) {
          this.skipString();
          continue;
        }
        if (d === 123 || d === 91) depth++;
        else if (d === 125 || d === 93) depth--;
        this.pos++;
        if (depth === 0) break;
      }
      if (depth !== 0) this.fail();
    } else {
      while (this.pos < text.length) {
        const d = text.charCodeAt(this.pos);
        if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
        this.pos++;
      }
      if (this.pos === start) this.fail();
    }
    return [start, this.pos];
  }

  parseValue(): unknown {
    const [start, end] = this.skipValue();
    return JSON.parse(this.text.slice(start, end)) as unknown;
  }

  /** Iterates an object's members, handing each key to `onMember` with the scanner at its value. */
  members(onMember: (key: string) => void): void {
    this.expect(123);
    if (this.peek() === 125) {
      this.pos++;
      return;
    }
    for (;;) {
      if (this.peek() !== 34) this.fail();
      const key = this.parseValue() as string;
      this.expect(58);
      onMember(key);
      const next = this.peek();
      this.pos++;
      if (next === 125) return;
      if (next !== 44) this.fail();
    }
  }

  /** Iterates an array's elements, handing each to `onElement` with the scanner at it. */
  elements(onElement: () => void): void {
    this.expect(91);
    if (this.peek() === 93) {
      this.pos++;
      return;
    }
    for (;;) {
      onElement();
      const next = this.peek();
      this.pos++;
      if (next === 93) return;
      if (next !== 44) this.fail();
    }
  }
}

/** Sets an own property, `__proto__` included, as JSON.parse does. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function parseRun(scanner: Scanner): unknown {
  if (scanner.peek() !== 123) return scanner.parseValue();
  const run: Record<string, unknown> = {};
  scanner.members((key) => {
    if (key === 'results' && scanner.peek() === 91) {
      const bounds: number[] = [];
      scanner.elements(() => bounds.push(...scanner.skipValue()));
      define(run, key, new LazyResults(scanner.text, bounds));
    } else {
      define(run, key, scanner.parseValue());
    }
  });
  return run;
}

/**
 * Parses a JSON document whose top level is an object, leaving `runs[].results` lazy.
 * Throws SyntaxError on anything it does not expect; the caller then uses JSON.parse.
 */
export function parseSarifLazily(text: string): Record<string, unknown> {
  const scanner = new Scanner(text);
  const doc: Record<string, unknown> = {};
  scanner.members((key) => {
    if (key === 'runs' && scanner.peek() === 91) {
      const runs: unknown[] = [];
      scanner.elements(() => runs.push(parseRun(scanner)));
      define(doc, key, runs);
    } else {
      define(doc, key, scanner.parseValue());
    }
  });
  if (!Number.isNaN(scanner.peek())) scanner.fail();
  return doc;
}
