import { describe, expect, it } from 'vitest';
import { fixedVersion, keySet, readKeyValues } from '../../../src/core/scan/read-key-values.ts';

describe('readKeyValues', () => {
  it.each([
    ['Package: libssl1.1\nInstalled Version: 1.1.1c-r0\nVulnerability CVE-1\nFixed Version: ', { package: 'libssl1.1', 'installed version': '1.1.1c-r0', 'fixed version': '' }],
    ['  Vulnerability   : CVE-2011-3374      \n  Severity        : LOW   \r\n  Package  : pkg:deb/debian/apt@2.6.1?a=b  \n', { vulnerability: 'CVE-2011-3374', severity: 'LOW', package: 'pkg:deb/debian/apt@2.6.1?a=b' }],
    ['Link: [CVE-1](https://x/y)\nLink: second', { link: '[CVE-1](https://x/y)' }],
    [': no key\nno colon\n\n', {}],
    ['', {}],
  ])('%j', (text, expected) => {
    expect(Object.fromEntries(readKeyValues(text))).toEqual(expected);
  });

  it('keeps only the wanted keys', () => {
    expect(Object.fromEntries(readKeyValues('Package: p\nLink: l\nSEVERITY: HIGH', keySet('package', 'severity')))).toEqual({ package: 'p', severity: 'HIGH' });
  });

  it('is linear on hostile text (many lines, no colon until the end)', () => {
    const text = `${'x\n'.repeat(200_000)}Package: p`;
    const start = performance.now();
    expect(readKeyValues(text).get('package')).toBe('p');
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});

describe('fixedVersion', () => {
  it.each([
    ['1.2.3', '1.2.3'],
    ['  1.2.3 ', '1.2.3'],
    ['', undefined],
    ['not fixed', undefined],
    ['Not Fixed', undefined],
    ['wont-fix', undefined],
    [undefined, undefined],
    [42, undefined],
  ])('%j → %j', (input, expected) => {
    expect(fixedVersion(input)).toBe(expected);
  });
});
