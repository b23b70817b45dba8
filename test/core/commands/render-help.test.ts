import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../src/core/commands/command-catalog.ts';
import { parseCommands } from '../../../src/core/commands/parse-commands.ts';
import { renderHelp } from '../../../src/core/commands/render-help.ts';

describe('renderHelp', () => {
  const help = renderHelp('freshpin');

  it.each(COMMAND_NAMES.map((name) => [name]))('lists %s with its effect', (name) => {
    expect(help).toMatch(new RegExp(`^- \`@freshpin ${name}[^\`]*\`: \\S`, 'm'));
  });

  it('names both prefixes and the first-command rule', () => {
    expect(help).toContain('`@freshpin`');
    expect(help).toContain('`/freshpin`');
    expect(help).toContain('Only the first command');
  });

  it('mentions no one outside code and holds no command itself', () => {
    expect(help.replace(/`[^`]*`/g, '')).not.toContain('@');
    expect(parseCommands(help, { slug: 'freshpin' })).toEqual([]);
  });

  it('uses the slug given, lowercased', () => {
    expect(renderHelp('My-App')).toContain('`@my-app merge [squash|merge|rebase]`');
  });
});
