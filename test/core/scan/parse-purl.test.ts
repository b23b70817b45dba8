import { describe, expect, it } from 'vitest';
import { parsePurl, purlPackageName } from '../../../src/core/scan/parse-purl.ts';

describe('parsePurl', () => {
  it.each([
    ['pkg:deb/debian/openssl@1.1.1w-0%2Bdeb11u1?os_distro=bullseye&os_name=debian&os_version=11', { type: 'deb', namespace: 'debian', name: 'openssl', version: '1.1.1w-0+deb11u1' }, 'openssl'],
    ['pkg:deb/debian/zlib@1%3A1.2.13.dfsg-1?arch=amd64', { type: 'deb', namespace: 'debian', name: 'zlib', version: '1:1.2.13.dfsg-1' }, 'zlib'],
    ['pkg:npm/%40babel/traverse@7.22.5', { type: 'npm', namespace: '@babel', name: 'traverse', version: '7.22.5' }, '@babel/traverse'],
    ['pkg:golang/golang.org/x/net@v0.15.0', { type: 'golang', namespace: 'golang.org/x', name: 'net', version: 'v0.15.0' }, 'golang.org/x/net'],
    ['pkg:maven/org.apache.commons/commons-lang3@3.17.0', { type: 'maven', namespace: 'org.apache.commons', name: 'commons-lang3', version: '3.17.0' }, 'org.apache.commons:commons-lang3'],
    ['pkg:apk/alpine/curl@8.3.0-r0?os_name=alpine#sub/path', { type: 'apk', namespace: 'alpine', name: 'curl', version: '8.3.0-r0' }, 'curl'],
    ['pkg:pypi/requests', { type: 'pypi', name: 'requests' }, 'requests'],
    ['pkg:deb/debian/bad@1%ZZ', { type: 'deb', namespace: 'debian', name: 'bad', version: '1%ZZ' }, 'bad'],
  ])('%s', (purl, parts, name) => {
    const parsed = parsePurl(purl);
    expect(parsed).toEqual(parts);
    expect(parsed && purlPackageName(parsed)).toBe(name);
  });

  it.each(['openssl', 'pkg:', 'pkg:deb', 'pkg:deb/', 'pkg:deb/debian/@1.0', ''])('%j is not a purl', (text) => {
    expect(parsePurl(text)).toBeUndefined();
  });
});
