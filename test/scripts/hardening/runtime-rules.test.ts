import { describe, expect, it } from 'vitest';
import { clearsSetidBits, stripsSetidBits } from '../../../scripts/hardening/runtime-rules.ts';

describe('clearsSetidBits', () => {
  it.each<[string, boolean]>([
    ['a-s', true],
    ['-s', true],
    ['ug-s', true],
    ['u-s,g-s', true],
    ['g-s,u-s', true],
    ['a-st', true],
    ['u-s', false],
    ['g-s', false],
    ['a+s', false],
    ['0755', false],
    ['a-s,junk', false],
  ])('%s → %s', (mode, clears) => {
    expect(clearsSetidBits(mode)).toBe(clears);
  });
});

describe('stripsSetidBits', () => {
  it.each<[string, boolean]>([
    ['find / -xdev -perm /6000 -type f -exec chmod a-s {} +', true],
    ['find / -perm -4000 -execdir /bin/chmod -v u-s,g-s {} ;', true],
    ['chmod -R a-s /usr', true],
    ['find / -perm /6000 -exec ls {} +', false],
    ['chmod 755 /usr/bin/passwd', false],
  ])('%s → %s', (command, strips) => {
    expect(stripsSetidBits(command.split(' '))).toBe(strips);
  });
});
