import { describe, expect, it } from 'vitest';
import { analyzeDockerfile, DockerfileParseError } from '../../../src/core/dockerfile/analyze-dockerfile.ts';
import { isDated } from './analysis-invariants.ts';

const cases: Array<{ name: string; text: string; line: number; message: RegExp }> = [
  { name: 'only ARGs, no FROM', text: '# comment\nARG A=1\n', line: 2, message: /no FROM/ },
  { name: 'an instruction before the first FROM', text: '\nRUN echo hi\nFROM debian\n', line: 2, message: /RUN before the first FROM/ },
  { name: 'FROM without an image', text: 'ARG A=1\nFROM\n', line: 2, message: /FROM has no image/ },
  { name: 'FROM with only a flag', text: 'FROM --platform=linux/amd64\n', line: 1, message: /FROM has no image/ },
  { name: 'FROM with a stray argument', text: 'FROM debian:12 builder\n', line: 1, message: /AS name/ },
  { name: 'FROM with AS but no name', text: 'FROM debian:12\nFROM debian:12 AS\n', line: 2, message: /AS name/ },
  { name: 'ARG without a name', text: 'ARG\nFROM debian\n', line: 1, message: /ARG requires a name/ },
  { name: 'unterminated double quote in a global ARG', text: 'ARG A=1\nARG B="bookworm\nFROM debian\n', line: 2, message: /unterminated double quote/ },
  { name: "unterminated single quote in a global ARG", text: "ARG B='bookworm\nFROM debian\n", line: 1, message: /unterminated single quote/ },
  { name: 'unterminated ${ in a global ARG', text: 'ARG A=${B\nFROM debian\n', line: 1, message: /unterminated "\$\{"/ },
  { name: 'unterminated ${ in a FROM', text: 'ARG A=1\n\nFROM debian:${A\n', line: 3, message: /FROM: unterminated "\$\{"/ },
  { name: 'unterminated ${ in a continued ARG, CRLF', text: 'ARG A=1 \\\r\n  B=${A:-x\r\nFROM debian\r\n', line: 2, message: /ARG B/ },
  { name: 'bad modifier in a FROM', text: 'FROM debian:${A:=x}\n', line: 1, message: /unsupported modifier/ },
  { name: 'empty substitution', text: 'FROM debian:${}\n', line: 1, message: /bad substitution/ },
];

describe('analyzeDockerfile parse errors', () => {
  it.each(cases)('$name → line $line', ({ text, line, message }) => {
    let caught: unknown;
    try {
      analyzeDockerfile(text, { isDated });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DockerfileParseError);
    const error = caught as DockerfileParseError;
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`line ${line}`);
  });

  it('does not mind unterminated quotes after the first FROM', () => {
    expect(analyzeDockerfile('FROM debian:12\nARG X="open\nRUN echo "open\n', { isDated }).froms).toHaveLength(1);
  });
});
