import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/core/commands/command-catalog.ts';
import { firstCommand, parseCommands } from '../../../src/core/commands/parse-commands.ts';

const slug = 'freshpin';
const parse = (body: string) => parseCommands(body, { slug });

describe('parseCommands: valid commands', () => {
  it.each<[string, string, Command]>([
    ['merge', '@freshpin merge', { name: 'merge' }],
    ['merge squash', '@freshpin merge squash', { name: 'merge', method: 'squash' }],
    ['merge merge', '/freshpin merge merge', { name: 'merge', method: 'merge' }],
    ['merge rebase, any case', '@FreshPin MERGE Rebase', { name: 'merge', method: 'rebase' }],
    ['reject', '@freshpin reject', { name: 'reject' }],
    ['reject with reason', '/freshpin reject breaks the ARM build, see #12', { name: 'reject', reason: 'breaks the ARM build, see #12' }],
    ['reject with unicode reason', '@freshpin reject trop récent — 🚫 attendre 👨‍👩‍👧', { name: 'reject', reason: 'trop récent — 🚫 attendre 👨‍👩‍👧' }],
    ['ignore', '@freshpin ignore', { name: 'ignore' }],
    ['unignore', '@freshpin unignore', { name: 'unignore' }],
    ['rescan', '/freshpin rescan', { name: 'rescan' }],
    ['rebase', '@freshpin rebase', { name: 'rebase' }],
    ['recreate', '@freshpin recreate', { name: 'recreate' }],
    ['help', '/freshpin help', { name: 'help' }],
    ['upgrade', '@freshpin upgrade', { name: 'upgrade' }],
    ['upgrade to a codename', '@freshpin upgrade trixie', { name: 'upgrade', codename: 'trixie' }],
    ['the [bot] form', '@freshpin[bot] rescan', { name: 'rescan' }],
    ['the [bot] form, any case', '@FRESHPIN[Bot] rescan', { name: 'rescan' }],
    ['up to 3 leading spaces', '   @freshpin merge', { name: 'merge' }],
    ['tabs and spaces between words', '@freshpin\tmerge  \t squash  ', { name: 'merge', method: 'squash' }],
    ['CRLF line endings', 'Thanks!\r\n@freshpin rebase\r\n', { name: 'rebase' }],
    ['after a paragraph line', 'Looks good to me.\n/freshpin merge', { name: 'merge' }],
    ['after a closed fence', '```sh\nls\n```\n@freshpin merge', { name: 'merge' }],
    ['after a quote and a blank line', '> earlier words\n\n@freshpin merge', { name: 'merge' }],
    ['after a closed HTML comment', '<!-- note\n@freshpin reject\n-->\n@freshpin merge', { name: 'merge' }],
    ['after a matched inline code span', 'run `a` and `b`\n@freshpin merge', { name: 'merge' }],
    ['after an unmatched backtick', 'a stray ` here\n@freshpin merge', { name: 'merge' }],
  ])('%s', (_label, body, command) => {
    const parsed = parse(body);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ ok: true, command });
    if (parsed[0]?.ok) expect(parsed[0].command).toEqual(command);
  });

  it('reports the 1-based line of each command, in order', () => {
    const parsed = parse('hello\n\n@freshpin rescan\ntext\n/freshpin merge');
    expect(parsed.map((p) => p.line)).toEqual([3, 5]);
  });

  it('uses the slug it is given, case-insensitively', () => {
    expect(parseCommands('@Other-App merge\n@freshpin merge', { slug: 'other-app' })).toEqual([{ ok: true, command: { name: 'merge' }, line: 1 }]);
  });

  it('rejects a slug that is not one', () => {
    expect(() => parseCommands('x', { slug: 'a b' })).toThrow(TypeError);
  });
});

describe('parseCommands: not commands', () => {
  it.each([
    ['plain text', 'please merge this'],
    ['mid-line slash command', 'please /freshpin merge'],
    ['mid-line mention', 'ping @freshpin merge'],
    ['another slug', '@freshpinbot merge'],
    ['another slug with a hyphen', '/freshpin-dev merge'],
    ['a prefix glued to punctuation', '@freshpin: merge'],
    ['a list item', '- @freshpin merge'],
    ['4 leading spaces', '    @freshpin merge'],
    ['a leading tab', '\t@freshpin merge'],
    ['a backtick fence', '```\n@freshpin merge\n```'],
    ['a tilde fence with info string', '~~~ text title="x"\n/freshpin merge\n~~~'],
    ['an indented fence', '   ```yaml\n@freshpin merge\n   ```'],
    ['a fence closed only by a longer run', '````\n```\n@freshpin merge\n````'],
    ['a fence not closed by the other char', '```\n~~~\n@freshpin merge\n```'],
    ['an unclosed fence', 'text\n\n```\n@freshpin merge'],
    ['indented code at the start', '    @freshpin merge'],
    ['indented code after a blank line', 'text\n\n    /freshpin merge\n'],
    ['inline code', '`@freshpin merge`'],
    ['inline code mid-line', 'type `/freshpin merge` to merge'],
    ['inline code spanning lines', 'run `this\n@freshpin merge` please'],
    ['inline code with a double backtick run', 'run ``a ` b\n/freshpin merge`` please'],
    ['a block quote', '> @freshpin merge'],
    ['a nested block quote', '> > /freshpin merge'],
    ['a quote with spaces', '   >   > @freshpin merge'],
    ['a lazy quote continuation', '> you said\n@freshpin merge'],
    ['an HTML comment', '<!--\n@freshpin merge\n-->'],
    ['an empty body', ''],
  ])('%s', (_label, body) => {
    expect(parse(body)).toEqual([]);
  });
});

describe('parseCommands: errors', () => {
  it.each([
    ['a bare mention', '@freshpin', 'unknown-command', /A command is missing/],
    ['a bare slash prefix with spaces', '/freshpin   ', 'unknown-command', /A command is missing/],
    ['an unknown command', '@freshpin deploy', 'unknown-command', /Unknown command/],
    ['a misspelt command', '@freshpin mrege', 'unknown-command', /Did you mean `\/freshpin merge`/],
    ['a sentence to the bot', '@freshpin thanks a lot!', 'unknown-command', /Commands: `merge`/],
    ['a bad merge method', '@freshpin merge fast', 'bad-arguments', /squash/],
    ['two merge methods', '@freshpin merge squash rebase', 'bad-arguments', /at most one method/],
    ['arguments to ignore', '@freshpin ignore forever', 'bad-arguments', /takes no arguments/],
    ['arguments to help', '/freshpin help me', 'bad-arguments', /takes no arguments/],
    ['an uppercase codename', '@freshpin upgrade Trixie', 'bad-arguments', /codename/],
    ['a short codename', '@freshpin upgrade ab', 'bad-arguments', /codename/],
    ['a codename with digits', '@freshpin upgrade debian13', 'bad-arguments', /codename/],
    ['two codenames', '@freshpin upgrade trixie forky', 'bad-arguments', /codename/],
    ['a reason with backticks', '@freshpin reject see `x`', 'bad-arguments', /backticks/],
    ['a reason with $(', '@freshpin reject $(curl evil)', 'bad-arguments', /\$\(/],
    ['a reason with ${', '@freshpin reject ${HOME}', 'bad-arguments', /\$\(/],
    ['a reason with a bidi override', '@freshpin reject abc\u202Edef', 'bad-arguments', /bidirectional/],
    ['a reason with a bidi isolate', '@freshpin reject abc\u2067def', 'bad-arguments', /bidirectional/],
    ['a reason with a control char', '@freshpin reject abc\u0007def', 'bad-arguments', /control/],
    ['a reason with an inner tab', '@freshpin reject abc\tdef', 'bad-arguments', /control/],
    ['a reason with a zero-width space', '@freshpin reject a\u200Bb', 'bad-arguments', /invisible/],
    ['a reason with a line separator', '@freshpin reject a\u2028b', 'bad-arguments', /control/],
    ['a reason over 200 characters', `@freshpin reject ${'x'.repeat(201)}`, 'bad-arguments', /longer than 200/],
  ])('%s', (_label, body, error, hint) => {
    const parsed = parse(body);
    expect(parsed).toHaveLength(1);
    const [line] = parsed;
    expect(line).toMatchObject({ ok: false, error, line: 1 });
    if (line !== undefined && !line.ok) {
      expect(line.hint).toMatch(hint);
      expect(line.text).not.toContain('`');
    }
  });

  it('accepts a reason of exactly 200 characters (code points)', () => {
    const reason = '🙂'.repeat(200);
    expect(parse(`@freshpin reject ${reason}`)).toEqual([{ ok: true, command: { name: 'reject', reason }, line: 1 }]);
  });

  it('ends a reason at the line break', () => {
    expect(parse('@freshpin reject too new\n$(rm -rf /)')).toEqual([{ ok: true, command: { name: 'reject', reason: 'too new' }, line: 1 }]);
  });

  it('echoes a sanitised excerpt of the offending line', () => {
    const [line] = parse('@freshpin deploy <b>now</b> to @octocat and org/repo#1 `x`');
    expect(line).toMatchObject({ ok: false });
    if (line !== undefined && !line.ok) {
      expect(line.text).toBe('@&#8203;freshpin deploy &lt;b&gt;now&lt;/b&gt; to @&#8203;octocat and org/repo#&#8203;1 &#96;x&#96;');
    }
  });
});

describe('firstCommand', () => {
  it.each([
    ['the first of two commands', '@freshpin merge\n@freshpin reject', { ok: true, command: { name: 'merge' }, line: 1 }],
    ['an error that comes first', '@freshpin nope\n@freshpin merge', { ok: false, error: 'unknown-command', line: 1 }],
    ['nothing', 'lgtm', undefined],
  ])('%s', (_label, body, expected) => {
    const first = firstCommand(parse(body));
    if (expected === undefined) expect(first).toBeUndefined();
    else expect(first).toMatchObject(expected);
  });
});

describe('the /freshpin prefix', () => {
  it('works whatever the app slug is', () => {
    const parsed = parseCommands('/freshpin merge\n', { slug: 'acme-freshpin' });
    expect(parsed).toEqual([expect.objectContaining({ ok: true, command: { name: 'merge' } })]);
    expect(parseCommands('@acme-freshpin rescan', { slug: 'acme-freshpin' })).toEqual([expect.objectContaining({ ok: true, command: { name: 'rescan' } })]);
  });
});
