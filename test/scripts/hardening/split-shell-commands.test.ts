import { describe, expect, it } from 'vitest';
import { programName, programWords, splitShellCommands } from '../../../scripts/hardening/split-shell-commands.ts';

describe('splitShellCommands', () => {
  it.each<[string, string, string[][]]>([
    ['one command', 'apt-get update', [['apt-get', 'update']]],
    ['&& || ; | & and newlines', 'a && b || c; d | e & f\ng', [['a'], ['b'], ['c'], ['d'], ['e'], ['f'], ['g']]],
    ['single quotes', "echo 'a && b'", [['echo', 'a && b']]],
    ['double quotes with escapes', 'echo "a \\"b\\" $x"', [['echo', 'a "b" $x']]],
    ['backslash escapes', 'find . -exec chmod a-s {} \\;', [['find', '.', '-exec', 'chmod', 'a-s', '{}', ';']]],
    ['line continuations', 'a \\\n  b', [['a', 'b']]],
    ['comments', 'a # b && c\nd', [['a'], ['d']]],
    ['a # inside a word', 'echo a#b', [['echo', 'a#b']]],
    ['subshells', '(cd x && make)', [['cd', 'x'], ['make']]],
    ['redirections', 'a >/dev/null 2>&1 b', [['a', 'b']]],
    ['appending and input redirections', 'a >> log < in b 2> err', [['a', 'b']]],
    ['a heredoc marker', 'cat <<EOF x', [['cat', 'x']]],
    ['a closed descriptor', 'a 2>&- b', [['a', 'b']]],
    ['a bash &> redirection', 'a &>/dev/null b', [['a', 'b']]],
    ['unterminated quotes', "echo 'abc", [['echo', 'abc']]],
  ])('%s', (_label, script, commands) => {
    expect(splitShellCommands(script)).toEqual(commands);
  });
});

describe('programWords', () => {
  it.each<[string[], string[]]>([
    [['apt-get', 'update'], ['apt-get', 'update']],
    [['DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install'], ['apt-get', 'install']],
    [['env', 'A=1', 'apt-get', 'install'], ['apt-get', 'install']],
    [['sudo', '-E', 'apt-get'], ['apt-get']],
    [['A=1'], []],
  ])('%j → %j', (words, program) => {
    expect(programWords(words)).toEqual(program);
  });

  it('names a program by its last path segment', () => {
    expect(programName('/usr/bin/apt-get')).toBe('apt-get');
  });
});
