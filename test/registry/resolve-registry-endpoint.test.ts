import { describe, expect, it } from 'vitest';
import { parseMirrors, parseRegistryCredentials, registryBaseUrl, resolveRegistryEndpoint } from '../../src/registry/resolve-registry-endpoint.ts';

describe('resolveRegistryEndpoint', () => {
  const debian = { registry: 'docker.io', repository: 'library/debian' };
  it.each([
    ['docker.io by default', debian, {}, { registry: 'docker.io', baseUrl: 'https://registry-1.docker.io', hubApiUrl: 'https://hub.docker.com' }],
    ['docker.io with a mirror', debian, { mirrors: { 'docker.io': 'http://127.0.0.1:5000/' } }, { registry: 'docker.io', baseUrl: 'http://127.0.0.1:5000', hubApiUrl: 'https://hub.docker.com' }],
    ['docker.io without the Hub API', debian, { hubApiUrl: 'none' }, { registry: 'docker.io', baseUrl: 'https://registry-1.docker.io' }],
    ['docker.io with another Hub API', debian, { hubApiUrl: 'http://127.0.0.1:9/' }, { registry: 'docker.io', baseUrl: 'https://registry-1.docker.io', hubApiUrl: 'http://127.0.0.1:9' }],
    ['index.docker.io as docker.io', { registry: 'index.docker.io', repository: 'library/debian' }, { hubApiUrl: 'none' }, { registry: 'docker.io', baseUrl: 'https://registry-1.docker.io' }],
    ['ghcr.io', { registry: 'ghcr.io', repository: 'o/r' }, {}, { registry: 'ghcr.io', baseUrl: 'https://ghcr.io' }],
    ['ghcr.io with a mirror', { registry: 'ghcr.io', repository: 'o/r' }, { mirrors: { 'ghcr.io': 'https://m.example.com' } }, { registry: 'ghcr.io', baseUrl: 'https://m.example.com' }],
    ['loopback over http', { registry: '127.0.0.1:5000', repository: 'o/r' }, {}, { registry: '127.0.0.1:5000', baseUrl: 'http://127.0.0.1:5000' }],
  ])('%s', (_name, image, options, expected) => {
    expect(resolveRegistryEndpoint(image, options)).toEqual(expected);
  });
});

describe('registryBaseUrl', () => {
  it.each([
    ['localhost:5000', 'http://localhost:5000'],
    ['127.0.0.1', 'http://127.0.0.1'],
    ['127.1.2.3:80', 'http://127.1.2.3:80'],
    ['127.example.com', 'https://127.example.com'],
    ['quay.io', 'https://quay.io'],
  ])('%s → %s', (host, url) => {
    expect(registryBaseUrl(host)).toBe(url);
  });
});

describe('parseMirrors', () => {
  it.each([
    ['', {}],
    ['docker.io=http://127.0.0.1:5000', { 'docker.io': 'http://127.0.0.1:5000' }],
    ['docker.io=http://127.0.0.1:5000/, ghcr.io=https://m.example.com/ghcr', { 'docker.io': 'http://127.0.0.1:5000', 'ghcr.io': 'https://m.example.com/ghcr' }],
    ['Index.Docker.IO=https://m.example.com', { 'docker.io': 'https://m.example.com' }],
  ])('parses %j', (text, expected) => {
    expect(parseMirrors(text)).toEqual(expected);
  });

  it.each([
    ['docker.io', /entry 1: expected REGISTRY=URL/],
    ['=http://x', /entry 1: expected REGISTRY=URL/],
    ['docker.io=127.0.0.1:5000', /must start with http:\/\/ or https:\/\//],
    ['docker.io=notaurl', /must start with http/],
    ['docker.io=https://', /not a URL/],
    ['docker.io=ftp://x', /must start with http/],
    ['docker.io=https://u:p@m.example.com', /FRESHPIN_REGISTRY_CREDENTIALS/],
    ['docker.io=https://m.example.com?x=1', /query/],
    ['docker.io=https://a.example,docker.io=https://b.example', /entry 2 \(docker.io\): docker.io has more than one mirror/],
    ['bad_host!=https://a.example', /not a registry host/],
  ])('rejects %j', (text, message) => {
    expect(() => parseMirrors(text)).toThrow(message);
  });

  it('never echoes credentials written into a mirror URL', () => {
    expect(() => parseMirrors('docker.io=https://user:s3cret@m.example.com')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cret') }));
  });
});

describe('parseRegistryCredentials', () => {
  it.each([
    ['', {}],
    ['ghcr.io=user:token', { 'ghcr.io': { username: 'user', password: 'token' } }],
    ['ghcr.io=user:to:ken=,docker.io=me:pat', { 'ghcr.io': { username: 'user', password: 'to:ken=' }, 'docker.io': { username: 'me', password: 'pat' } }],
    ['registry-1.docker.io=me:pat', { 'docker.io': { username: 'me', password: 'pat' } }],
  ])('parses %j', (text, expected) => {
    expect(parseRegistryCredentials(text)).toEqual(expected);
  });

  it.each([
    ['ghcr.io', /entry 1: expected \[OWNER\/\]REGISTRY=USER:TOKEN/],
    ['ghcr.io=tokenonly', /entry 1 \(ghcr.io\): expected USER:TOKEN/],
    ['ghcr.io=user:', /expected USER:TOKEN/],
    ['ghcr.io=:tok', /expected USER:TOKEN/],
    ['ghcr.io=a:b,ghcr.io=c:d', /appears more than once/],
  ])('rejects %j without echoing the secret', (text, message) => {
    let error: unknown;
    try {
      parseRegistryCredentials(text);
    } catch (e) {
      error = e;
    }
    expect(String(error)).toMatch(message);
    expect(String(error)).not.toMatch(/tokenonly|tok\b|:b|:d/);
  });
});
