import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODENAME_PATTERN, COMMAND_NAMES, type Command } from '../../../src/core/commands/command-catalog.ts';
import { checkReason } from '../../../src/core/commands/check-reason.ts';
import { parseCommands } from '../../../src/core/commands/parse-commands.ts';

const slug = 'freshpin';
const parse = (body: string) => parseCommands(body, { slug });
const runs = { numRuns: 300 };

/** Randomly cased prefix in each accepted form. */
const prefixArb = fc
  .tuple(fc.constantFrom('@freshpin', '@freshpin[bot]', '/freshpin'), fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }))
  .map(([prefix, upper]) => [...prefix].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join(''));

const safeWord = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 10 });
const safeReason = fc
  .array(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789.,!?é€🙂'), minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 })
  .map((words) => words.join(' '));

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.constantFrom<Command>(
    { name: 'ignore' },
    { name: 'unignore' },
    { name: 'rescan' },
    { name: 'rebase' },
    { name: 'recreate' },
    { name: 'help' },
    { name: 'merge' },
    { name: 'reject' },
    { name: 'upgrade' },
  ),
  fc.constantFrom('squash', 'merge', 'rebase').map((method): Command => ({ name: 'merge', method: method as 'squash' | 'merge' | 'rebase' })),
  safeReason.map((reason): Command => ({ name: 'reject', reason })),
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 3, maxLength: 20 }).map((codename): Command => ({ name: 'upgrade', codename })),
);

function commandText(command: Command): string {
  switch (command.name) {
    case 'merge':
      return command.method === undefined ? 'merge' : `merge ${command.method}`;
    case 'reject':
      return command.reason === undefined ? 'reject' : `reject ${command.reason}`;
    case 'upgrade':
      return command.codename === undefined ? 'upgrade' : `upgrade ${command.codename}`;
    default:
      return command.name;
  }
}

/** Prose that cannot open code, quotes or comments, nor start a command. */
const proseLine = fc
  .array(safeWord, { minLength: 1, maxLength: 6 })
  .map((words) => words.join(' '));
const prose = fc.array(proseLine, { minLength: 0, maxLength: 3 }).map((lines) => lines.join('\n'));

/** Markdown-ish noise: the characters and tokens that matter to the scanner. */
const markdownNoise = fc.string({
  unit: fc.constantFrom('```', '~~~', '`', '``', '>', '> ', '    ', '\t', '\n', '\r\n', ' ', '<!--', '-->', '@freshpin', '/freshpin', '@freshpin[bot]', ' merge', ' reject', 'x', '\\', '$(', '\u202E', '\u0000', '@octocat', '#1'),
  maxLength: 40,
});

describe('parseCommands properties', () => {
  it('finds a command at a line start with any prefix, case and up to 3 spaces', () => {
    fc.assert(
      fc.property(prose, prefixArb, fc.integer({ min: 0, max: 3 }), commandArb, prose, (before, prefix, spaces, command, after) => {
        const head = before === '' ? '' : `${before}\n\n`;
        const body = `${head}${' '.repeat(spaces)}${prefix} ${commandText(command)}\n\n${after}`;
        const line = head === '' ? 1 : before.split('\n').length + 2;
        expect(parse(body)).toEqual([{ ok: true, command, line }]);
      }),
      runs,
    );
  });

  it('never finds commands inside fenced code, indented code, inline code or quotes', () => {
    const wrap = fc.oneof(
      fc.tuple(fc.constantFrom('```', '````', '~~~'), fc.integer({ min: 0, max: 3 }), fc.constantFrom('', 'sh', ' text title=x')).map(
        ([fence, indent, info]) =>
          (line: string) => `${' '.repeat(indent)}${fence}${info}\n${line}\n${' '.repeat(indent)}${fence}`,
      ),
      fc.constantFrom('    ', '\t', '     ', '  \t').map((indent) => (line: string) => `${indent}${line}`),
      fc.constantFrom('`', '``', '```').map((ticks) => (line: string) => `${ticks}${line}${ticks}`),
      fc.constantFrom('', 'see ').map((lead) => (line: string) => `${lead}\`code\n${line}\``),
      fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom('', ' ', '  ')).map(([depth, gap]) => (line: string) => `${`>${gap}`.repeat(depth)}${line}`),
      fc.constant((line: string) => `<!--\n${line}\n-->`),
    );
    fc.assert(
      fc.property(prose, prefixArb, commandArb, wrap, (before, prefix, command, wrapper) => {
        const head = before === '' ? '' : `${before}\n\n`;
        expect(parse(`${head}${wrapper(`${prefix} ${commandText(command)}`)}`)).toEqual([]);
      }),
      runs,
    );
  });

  it('gives a helpful error for unknown or garbled commands', () => {
    const garbled = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_!?.'), minLength: 1, maxLength: 30 }).filter((w) => !(COMMAND_NAMES as readonly string[]).includes(w.toLowerCase()));
    fc.assert(
      fc.property(prefixArb, garbled, (prefix, word) => {
        const [line] = parse(`${prefix} ${word}`);
        expect(line).toMatchObject({ ok: false, error: 'unknown-command', line: 1 });
        if (line !== undefined && !line.ok) {
          expect(line.hint).toContain('/freshpin help');
          expect(line.hint).toContain('`merge`');
        }
      }),
      runs,
    );
  });

  it('rejects hostile reasons', () => {
    const hostile = fc.oneof(
      fc.constantFrom('$(', '${', '`', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u0000', '\u001B[31m', '\u007F', '\u0085', '\u2028', '\u200B', '\uFEFF'),
      fc.integer({ min: 0x01, max: 0x1f }).filter((c) => c !== 0x0a && c !== 0x0d).map((c) => String.fromCharCode(c)),
    );
    fc.assert(
      fc.property(safeReason, hostile, safeReason, (left, bad, right) => {
        const [line] = parse(`@freshpin reject ${left}${bad}${right}`);
        expect(line).toMatchObject({ ok: false, error: 'bad-arguments' });
      }),
      runs,
    );
  });

  it('rejects reasons over 200 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'é', '🙂', ' '), minLength: 201, maxLength: 400 }).filter((s) => [...s.trim()].length > 200), (reason) => {
        expect(parse(`/freshpin reject ${reason}`)).toMatchObject([{ ok: false, error: 'bad-arguments' }]);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps newlines out of reasons: a reason ends at its line', () => {
    fc.assert(
      fc.property(safeReason, fc.constantFrom('\n', '\r\n', '\r'), fc.string(), (reason, eol, rest) => {
        const [first] = parse(`@freshpin reject ${reason}${eol}${rest}`);
        expect(first).toEqual({ ok: true, command: { name: 'reject', reason }, line: 1 });
      }),
      runs,
    );
  });

  it('never throws, and every result is well formed and safe to echo', () => {
    const body = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), markdownNoise, fc.string({ maxLength: 200 }));
    fc.assert(
      fc.property(body, (text) => {
        const parsed = parse(text);
        for (const item of parsed) {
          expect(item.line).toBeGreaterThanOrEqual(1);
          if (item.ok) {
            if (item.command.name === 'reject' && item.command.reason !== undefined) {
              expect(checkReason(item.command.reason)).toBeUndefined();
              expect(item.command.reason).not.toMatch(/[\r\n]/);
            }
            if (item.command.name === 'upgrade' && item.command.codename !== undefined) expect(item.command.codename).toMatch(CODENAME_PATTERN);
          } else {
            expect(item.text).not.toContain('`');
            const decoded = item.text.replaceAll('&#8203;', '\u200B').replace(/&(?:#\d+|amp|lt|gt);/g, '§');
            expect(decoded).not.toMatch(/[@#](?!\u200B)/);
            expect(item.text).not.toMatch(/[<>\r\n\p{Cc}\p{Cf}]/u);
            expect(item.hint.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
