// Untrusted text (package names, versions, file names, reasons) → inert GitHub markdown.
// The result renders as the same characters but can form no HTML, link, image, autolink,
// mention, issue reference, table cell break, emphasis, code span, math or hidden comment,
// and it is a single line, so it can never start a line of the surrounding document.

/** Zero-width space: breaks GitHub's mention, reference and autolink patterns without showing. */
export const ZWSP = '\u200b';

export interface EscapeOptions {
  /** Most characters (code points) of the input kept; longer text is cut and ends with `…`. Default 200. */
  maxLength?: number;
}

export const DEFAULT_MAX_FIELD_LENGTH = 200;

// Control characters and Unicode format characters (bidi overrides, zero-width joiners…).
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
const MARKDOWN_PUNCTUATION = /[\\`*_~[\]()!|$]/g;

function cut(text: string, maxLength: number): string {
  const points = Array.from(text);
  if (points.length <= maxLength) return text;
  return `${points.slice(0, Math.max(0, maxLength - 1)).join('')}…`;
}

/**
 * Escapes untrusted text for inline use in GitHub markdown, including table cells.
 * Whitespace (newlines included) collapses to single spaces; the text is length-capped.
 */
export function escapeMarkdown(text: unknown, options: EscapeOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MAX_FIELD_LENGTH;
  let out = String(text ?? '')
    .replace(/\s+/gu, ' ')
    .replace(INVISIBLE, '')
    .trim();
  out = cut(out, maxLength);
  out = out
    // HTML: entities, so `<!--`, `<img>` and `&#64;` stay text. `&` first.
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // Markdown structure: links, images, emphasis, code, tables, math, headings.
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    // Mentions and references: `@org/team`, `#123`, `GH-123`, e-mail autolinks.
    .replace(/@/g, `@${ZWSP}`)
    .replace(/#(?=\S)/g, `#${ZWSP}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1-${ZWSP}`)
    // Autolinks: `scheme://…` and `www.`.
    .replace(/\/\//g, `/${ZWSP}/`)
    .replace(/\b(www)\./gi, `$1${ZWSP}.`);
  // Inline, nothing here can start a block; but keep the text inert even if a caller puts it at
  // the start of a line: no list, heading, setext underline, ordered list or slash command.
  out = out.replace(/^([-+=#])(?=[\s=#-]|$)/, '\\$1').replace(/^(\d+)\.(?=\s|$)/, '$1\\.');
  if (out.startsWith('/')) out = `${ZWSP}${out}`;
  return out;
}

/** Escapes text for a table cell: {@link escapeMarkdown} (pipes included), never empty. */
export function escapeCell(text: unknown, options?: EscapeOptions): string {
  const out = escapeMarkdown(text, options);
  return out.length === 0 ? ' ' : out;
}

/**
 * Untrusted text in an inline code span, for every renderer (dashboard, bump PRs, command
 * replies): backticks, CR/LF and other control characters are removed, so the span can neither
 * close early nor end the line and start a heading, list or @-mention on the next one.
 */
export function inlineCode(text: string): string {
  return `\`${text.replace(/[`\p{Cc}\u2028\u2029]/gu, '')}\``;
}
