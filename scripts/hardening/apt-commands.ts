// Reads apt-get (and apt) invocations: subcommand, -y, --no-install-recommends,
// and `rm -rf /var/lib/apt/lists…`.
import { programName } from './split-shell-commands.ts';

export interface AptCommand {
  subcommand: string;
  assumeYes: boolean;
  noRecommends: boolean;
}

/** Options of apt-get that take a separate value. */
const OPTIONS_WITH_VALUE = new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release']);

/** The apt-get/apt invocation in a command's words, or undefined for another program. */
export function readAptCommand(words: readonly string[]): AptCommand | undefined {
  const program = programName(words[0] ?? '');
  if (program !== 'apt-get' && program !== 'apt') return undefined;
  let subcommand = '';
  let assumeYes = false;
  let noRecommends = false;
  for (let i = 1; i < words.length; i++) {
    const word = words[i] ?? '';
    if (OPTIONS_WITH_VALUE.has(word)) {
      const value = words[i + 1] ?? '';
      i++;
      if (/^APT::Get::Assume-Yes=(true|yes|1)$/i.test(value)) assumeYes = true;
      if (/^APT::Install-Recommends=(false|no|0)$/i.test(value)) noRecommends = true;
    } else if (word === '--yes' || word === '--assume-yes' || /^-[a-z]*y[a-z]*$/.test(word)) {
      assumeYes = true;
    } else if (word === '--no-install-recommends') {
      noRecommends = true;
    } else if (!word.startsWith('-') && subcommand === '') {
      subcommand = word;
    }
  }
  return { subcommand, assumeYes, noRecommends };
}

export function isAptUpdate(apt: AptCommand): boolean {
  return apt.subcommand === 'update';
}

export function isAptUpgrade(apt: AptCommand): boolean {
  return ['upgrade', 'dist-upgrade', 'full-upgrade'].includes(apt.subcommand);
}

export function isAptInstall(apt: AptCommand): boolean {
  return apt.subcommand === 'install';
}

/** Whether the words are an `rm -r…` that removes /var/lib/apt/lists (or what is in it). */
export function removesAptLists(words: readonly string[]): boolean {
  if (programName(words[0] ?? '') !== 'rm') return false;
  const args = words.slice(1);
  const recursive = args.some((w) => w === '--recursive' || /^-[a-zA-Z]*[rR][a-zA-Z]*$/.test(w));
  const target = args.some((w) => /^\/var\/lib\/apt\/lists(\/|\/\*)?$/.test(w));
  return recursive && target;
}
