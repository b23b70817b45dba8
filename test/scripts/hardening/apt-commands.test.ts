import { describe, expect, it } from 'vitest';
import { readAptCommand, removesAptLists } from '../../../scripts/hardening/apt-commands.ts';

describe('readAptCommand', () => {
  it.each<[string, { subcommand: string; assumeYes: boolean; noRecommends: boolean } | undefined]>([
    ['apt-get update', { subcommand: 'update', assumeYes: false, noRecommends: false }],
    ['apt-get upgrade -y', { subcommand: 'upgrade', assumeYes: true, noRecommends: false }],
    ['apt-get -qy upgrade', { subcommand: 'upgrade', assumeYes: true, noRecommends: false }],
    ['apt-get --yes full-upgrade', { subcommand: 'full-upgrade', assumeYes: true, noRecommends: false }],
    ['apt-get -o APT::Get::Assume-Yes=true upgrade', { subcommand: 'upgrade', assumeYes: true, noRecommends: false }],
    ['apt-get -o Dpkg::Options::=--force-confnew install -y --no-install-recommends tini', { subcommand: 'install', assumeYes: true, noRecommends: true }],
    ['apt-get install -o APT::Install-Recommends=false x', { subcommand: 'install', assumeYes: false, noRecommends: true }],
    ['/usr/bin/apt install -y x', { subcommand: 'install', assumeYes: true, noRecommends: false }],
    ['dpkg -i x.deb', undefined],
  ])('%s', (command, expected) => {
    expect(readAptCommand(command.split(' '))).toEqual(expected);
  });
});

describe('removesAptLists', () => {
  it.each<[string, boolean]>([
    ['rm -rf /var/lib/apt/lists/*', true],
    ['rm -r /var/lib/apt/lists', true],
    ['rm --recursive --force /var/lib/apt/lists/', true],
    ['rm -f /var/lib/apt/lists/*', false],
    ['rm -rf /var/cache/apt', false],
    ['echo -rf /var/lib/apt/lists', false],
  ])('%s → %s', (command, removes) => {
    expect(removesAptLists(command.split(' '))).toBe(removes);
  });
});
