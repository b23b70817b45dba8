// The markdown help for PR comment commands: the `help` reply and the footer of PR bodies.
import { COMMAND_SPECS } from './command-catalog.ts';
import { commandPrefixes } from './parse-command-line.ts';

/**
 * A markdown list of every command and its effect, written with `@slug` inside code
 * spans (so rendering it mentions no one and it never parses as a command).
 */
export function renderHelp(slug: string): string {
  const [, mention = `@${slug}`] = commandPrefixes(slug);
  const slash = '/freshpin';
  const items = COMMAND_SPECS.map((spec) => {
    const synopsis = spec.args === '' ? `${mention} ${spec.name}` : `${mention} ${spec.name} ${spec.args}`;
    return `- \`${synopsis}\`: ${spec.effect}`;
  });
  return [
    `You can control this pull request by commenting a command on a line of its own, starting with \`${mention}\` or \`${slash}\`. Only the first command in a comment is acted upon.`,
    '',
    ...items,
    '',
  ].join('\n');
}
