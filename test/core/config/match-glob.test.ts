// The linear-time glob matcher agrees with picomatch (dot: true) on the globs configs use, and
// a glob that sends picomatch's backtracking RegExp into exponential time is matched at once.
import fc from 'fast-check';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DOCKERFILE_GLOBS } from '../../../src/core/config/config-schema.ts';
import { compileGlob, compileGlobs, globProblem, MAX_GLOB_LENGTH } from '../../../src/core/config/match-glob.ts';

const PATHS = [
  'Dockerfile',
  'docker/Dockerfile',
  'a/b/c/Dockerfile',
  'docker/app.Dockerfile',
  'Dockerfile.dev',
  'images/base/Containerfile',
  '.devcontainer/Dockerfile',
  'node_modules/x/Dockerfile',
  'a/.git/Dockerfile',
  'docker/app.dockerignore',
  'docker',
  'docker/',
  'x1',
  'xa',
  'a/b',
  'a',
];

const GLOBS = [
  ...DEFAULT_DOCKERFILE_GLOBS,
  'docker/*.Dockerfile',
  '**/node_modules/**',
  '**/.git/**',
  '**/*.dockerignore',
  'a/**',
  'a/**/b',
  '**/b/**',
  '**',
  '*',
  'x?',
  'x[0-9]',
  'x[^0-9]',
  'x[!0-9]',
  '{docker,images/base}/{Dockerfile,Containerfile}',
  '**/{Dockerfile,Containerfile}',
  'docker/**/*.Dockerfile',
  '!docker/**',
  './Dockerfile',
  './docker/**/Dockerfile',
  '*/**',
  'a*/**',
  '*?/**',
  '**/*/**',
  'a/***',
];

describe('compileGlob', () => {
  it('matches no file with a glob ending in a slash (a directory), as picomatch', () => {
    const matches = compileGlob('docker/');
    expect(['docker', 'docker/Dockerfile', 'Dockerfile'].map(matches)).toEqual([false, false, false]);
    expect(['docker', 'docker/Dockerfile', 'Dockerfile'].map((path) => picomatch('docker/', { dot: true })(path))).toEqual([false, false, false]);
  });


  it.each(GLOBS.flatMap((glob) => PATHS.map((path) => [glob, path] as const)))('%s on %s agrees with picomatch', (glob, path) => {
    expect(compileGlob(glob)(path)).toBe(picomatch(glob, { dot: true })(path));
  });

  it('agrees with picomatch on generated globs and paths', () => {
    const segment = fc.stringMatching(/^[ab.]{1,4}$/);
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
    const globSegment = fc.oneof(fc.stringMatching(/^[ab*?]{1,4}$/), fc.constant('**'), fc.constant('[ab]'), fc.constant('{a,b*}'));
    const glob = fc.array(globSegment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
    fc.assert(
      fc.property(glob, path, (g, p) => {
        // picomatch treats `.` and `..` segments specially even with dot: true; git never has them.
        fc.pre(!p.split('/').some((part) => /^\.{1,2}$/.test(part)));
        // picomatch lets `a/**` match `a` but not `*/**` match `a`; here a trailing `/**` always may match nothing.
        fc.pre(!g.endsWith('/**'));
        expect(compileGlob(g)(p)).toBe(picomatch(g, { dot: true })(p));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['*a×12 then *b on a 40-character name (22 s in picomatch)', `${'*a'.repeat(12)}*b`, 'a'.repeat(40)],
    ['*a*a*a*a*b on a 255-character name', '*a*a*a*a*b', 'a'.repeat(255)],
    ['**/a/**/a/**/a/**/b on 200 segments', '**/a/**/a/**/a/**/b', 'a/'.repeat(200)],
  ])('matches a glob that makes a backtracking matcher exponential: %s', (_name, glob, path) => {
    expect(compileGlob(glob)(path)).toBe(false);
    expect(compileGlob(glob)(`${path}b`)).toBe(true);
  });

  it('matches any of several globs', () => {
    const matches = compileGlobs(['docker/*.Dockerfile', '**/Containerfile']);
    expect(['docker/a.Dockerfile', 'x/Containerfile', 'Dockerfile'].map(matches)).toEqual([true, true, false]);
  });
});

describe('globProblem', () => {
  it.each([
    ['a glob longer than the limit', `${'a'.repeat(MAX_GLOB_LENGTH)}/*`, /at most 256/],
    ['an extglob', '**/+(a|b)/Dockerfile', /extglob/],
    ['braces that multiply', '{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}', /more than 32 alternatives/],
    ['a brace range', 'images/{a..c}/Dockerfile', /brace range/],
    ['a numeric brace range', 'images/v{1..3}/Dockerfile', /brace range/],
    ['a POSIX class', 'Dockerfile.[[:alpha:]]*', /POSIX character class/],
  ])('refuses %s', (_name, glob, message) => {
    expect(globProblem(glob)).toMatch(message);
    expect(() => compileGlob(glob)).toThrow(message);
  });

  it.each([...DEFAULT_DOCKERFILE_GLOBS, 'docker/{a,b}/*.Dockerfile', 'a\\+(b'])('accepts %s', (glob) => {
    expect(globProblem(glob)).toBeUndefined();
  });
});
