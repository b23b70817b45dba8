// Finds the lines of a markdown comment that may hold a command: lines of ordinary
// paragraphs, outside fenced or indented code, block quotes, HTML comments and
// multi-line inline code spans. A small CommonMark-shaped block scanner, not a renderer.

/** A line that may start a command, with its leading indentation (≤ 3 columns) removed. */
export interface CandidateLine {
  /** 1-based line number in the body. */
  line: number;
  text: string;
}

interface ParagraphLine {
  line: number;
  text: string;
  candidate: boolean;
}

interface Fence {
  char: '`' | '~';
  length: number;
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Splits on CRLF, CR or LF, as GitHub bodies use any of them. */
export function splitLines(body: string): string[] {
  return body.split(/\r\n|\r|\n/);
}

/** Columns of leading indentation (tabs to the next multiple of 4) and the text after it. */
export function measureIndent(line: string): { columns: number; rest: string } {
  let columns = 0;
  let i = 0;
  for (; i < line.length; i++) {
    const ch = line[i];
    if (ch === ' ') columns += 1;
    else if (ch === '\t') columns += 4 - (columns % 4);
    else break;
  }
  return { columns, rest: line.slice(i) };
}

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

/** A fence opener (`rest` already has ≤ 3 columns of indentation removed). */
function openFence(rest: string): Fence | undefined {
  const match = /^(`{3,}|~{3,})(.*)$/.exec(rest);
  if (match === null) return undefined;
  const run = match[1] ?? '';
  const info = match[2] ?? '';
  const char = run[0] === '`' ? '`' : '~';
  if (char === '`' && info.includes('`')) return undefined;
  return { char, length: run.length };
}

function closesFence(line: string, fence: Fence): boolean {
  const { columns, rest } = measureIndent(line);
  if (columns > 3) return false;
  let run = 0;
  while (rest[run] === fence.char) run++;
  return run >= fence.length && isBlank(rest.slice(run));
}

/** The text inside any number of nested `>` markers. */
function stripQuoteMarkers(rest: string): string {
  let text = rest;
  for (;;) {
    const { columns, rest: after } = measureIndent(text);
    if (columns > 3 || !after.startsWith('>')) return text;
    text = after.slice(1);
  }
}

/**
 * Offsets [start, end) of inline code spans in a paragraph's text, per CommonMark:
 * a backtick run opens a span closed by the next run of exactly the same length;
 * a backslash escapes a backtick outside spans; an unmatched run is literal.
 */
export function findCodeSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && ASCII_PUNCTUATION.test(text[i + 1] ?? '')) {
      i += 2;
      continue;
    }
    if (ch !== '`') {
      i++;
      continue;
    }
    const length = runLength(text, i);
    const close = findRun(text, i + length, length);
    if (close === undefined) {
      i += length;
      continue;
    }
    spans.push([i, close + length]);
    i = close + length;
  }
  return spans;
}

function runLength(text: string, at: number): number {
  let end = at;
  while (text[end] === '`') end++;
  return end - at;
}

function findRun(text: string, from: number, length: number): number | undefined {
  let i = text.indexOf('`', from);
  while (i >= 0) {
    const run = runLength(text, i);
    if (run === length) return i;
    i = text.indexOf('`', i + run);
  }
  return undefined;
}

/** Candidate lines of one paragraph: those whose first character is not inside a code span. */
function paragraphCandidates(lines: ParagraphLine[]): CandidateLine[] {
  if (!lines.some((l) => l.candidate)) return [];
  const starts: number[] = [];
  let joined = '';
  for (const l of lines) {
    starts.push(joined.length);
    joined += `${l.text}\n`;
  }
  const spans = lines.length > 1 && joined.includes('`') ? findCodeSpans(joined) : [];
  const out: CandidateLine[] = [];
  let span = 0; // spans and line starts both ascend: walk them together
  lines.forEach((l, index) => {
    const start = starts[index] ?? 0;
    while (span < spans.length && (spans[span]?.[1] ?? 0) <= start) span++;
    const [from = start, to = start] = spans[span] ?? [];
    if (l.candidate && !(from < start && start < to)) out.push({ line: l.line, text: l.text });
  });
  return out;
}

/**
 * The lines of `body` where a command may begin. Excluded: fenced code (``` or ~~~,
 * indented ≤ 3 spaces, closed by a run at least as long, or open to the end), lines
 * indented 4+ columns (indented code or continuation), block quotes (nested, and their
 * lazy continuation lines), HTML comments opened at a line start, and lines that begin
 * inside an inline code span running across lines.
 */
export function findCandidateLines(body: string): CandidateLine[] {
  const lines = splitLines(body);
  const out: CandidateLine[] = [];
  let fence: Fence | undefined;
  let inHtmlComment = false;
  let quoteLazy = false;
  let paragraph: ParagraphLine[] = [];
  const flush = (): void => {
    out.push(...paragraphCandidates(paragraph));
    paragraph = [];
  };

  lines.forEach((line, index) => {
    const number = index + 1;
    if (fence !== undefined) {
      if (closesFence(line, fence)) fence = undefined;
      return;
    }
    if (inHtmlComment) {
      if (line.includes('-->')) inHtmlComment = false;
      return;
    }
    if (isBlank(line)) {
      flush();
      quoteLazy = false;
      return;
    }
    const { columns, rest } = measureIndent(line);
    if (columns >= 4) {
      // Indented code when no paragraph is open; otherwise a continuation line.
      if (paragraph.length > 0) paragraph.push({ line: number, text: rest, candidate: false });
      return;
    }
    const opened = openFence(rest);
    if (opened !== undefined) {
      flush();
      quoteLazy = false;
      fence = opened;
      return;
    }
    if (rest.startsWith('>')) {
      flush();
      const inner = stripQuoteMarkers(rest);
      const innerIndent = measureIndent(inner);
      quoteLazy = !isBlank(inner) && openFence(innerIndent.rest) === undefined && innerIndent.columns < 5;
      return;
    }
    if (quoteLazy) return; // lazy continuation of a quoted paragraph
    if (rest.startsWith('<!--')) {
      flush();
      inHtmlComment = !rest.slice(4).includes('-->');
      return;
    }
    paragraph.push({ line: number, text: rest, candidate: true });
  });
  flush();
  return out;
}
