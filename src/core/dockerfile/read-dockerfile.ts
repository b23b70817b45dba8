// Reads the structure freshpin needs out of a Dockerfile with dockerfile-ast: the escape
// character, the global ARG declarations (before the first FROM) and every FROM, each
// value lexed into tokens that remember their offsets in the file.
import { Arg, DockerfileParser, From } from 'dockerfile-ast';
import type { Dockerfile, Instruction, Property } from 'dockerfile-ast';
import { DockerfileParseError } from './dockerfile-parse-error.ts';
import { joinContinuations } from './join-continuations.ts';
import { lexWord, WordSyntaxError } from './lex-word.ts';
import type { WordToken } from './lex-word.ts';
import { computeLineStarts, lineOfOffset, positionToOffset } from './offsets.ts';
import type { LinePosition, LineStarts } from './offsets.ts';
import type { GlobalArgDecl } from './resolve-args.ts';

/** A global ARG declaration with where it sits. */
export interface ArgDecl extends GlobalArgDecl {
  /** 1-based line of the name. */
  line: number;
}

/** A FROM instruction, its image argument lexed. */
export interface FromDecl {
  line: number;
  raw: string;
  image: WordToken[];
  stageName?: string;
  platform?: string;
}

export interface DockerfileStructure {
  escape: string;
  lineStarts: LineStarts;
  globalArgs: ArgDecl[];
  froms: FromDecl[];
}

interface Source {
  text: string;
  lineStarts: LineStarts;
  escape: string;
}

function offsetOf(source: Source, position: LinePosition): number {
  return positionToOffset(source.text, source.lineStarts, position);
}

/** Lexes `text[start, end)` as one word; syntax errors become parse errors on their line. */
function lexRange(source: Source, start: number, end: number, what: string): { raw: string; tokens: WordToken[] } {
  const chars = joinContinuations(source.text, start, end, source.escape);
  const raw = chars.map((c) => c.ch).join('');
  try {
    return { raw, tokens: lexWord(chars, source.escape) };
  } catch (error) {
    if (error instanceof WordSyntaxError) {
      throw new DockerfileParseError(lineOfOffset(source.lineStarts, error.offset), `${what}: ${error.message}`);
    }
    throw error;
  }
}

function readArgProperty(source: Source, property: Property, line: number): ArgDecl {
  const name = property.getName();
  if (name === '') throw new DockerfileParseError(line, 'ARG without a name');
  const range = property.getValueRange();
  if (range === null) return { name, line };
  const start = offsetOf(source, range.start);
  const end = offsetOf(source, range.end);
  return { name, line, value: lexRange(source, start, end, `ARG ${name}`).tokens };
}

function readArg(source: Source, instruction: Arg): ArgDecl[] {
  const line = instruction.getRange().start.line + 1;
  const properties = instruction.getProperties();
  if (properties.length === 0) throw new DockerfileParseError(line, 'ARG requires a name');
  return properties.map((p) => readArgProperty(source, p, lineOfOffset(source.lineStarts, offsetOf(source, p.getNameRange().start))));
}

function readFrom(source: Source, instruction: From): FromDecl {
  const line = instruction.getRange().start.line + 1;
  const args = instruction.getArguments();
  const image = args[0];
  if (image === undefined) throw new DockerfileParseError(line, 'FROM has no image');
  const asKeyword = args[1];
  const stage = args[2];
  if (args.length !== 1 && !(args.length === 3 && asKeyword?.getValue().toLowerCase() === 'as')) {
    throw new DockerfileParseError(line, 'FROM expects an image, optionally followed by "AS name"');
  }
  const start = offsetOf(source, image.getRange().start);
  const end = offsetOf(source, image.getRange().end);
  const { raw, tokens } = lexRange(source, start, end, 'FROM');
  const decl: FromDecl = { line, raw, image: tokens };
  if (stage !== undefined) decl.stageName = stage.getValue();
  const platform = instruction.getFlags().find((f) => f.getName() === 'platform')?.getValue();
  if (platform !== undefined && platform !== null) decl.platform = platform;
  return decl;
}

function parse(text: string): Dockerfile {
  try {
    return DockerfileParser.parse(text);
  } catch (error) {
    throw new DockerfileParseError(1, `the parser failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function lineOf(instruction: Instruction): number {
  return instruction.getRange().start.line + 1;
}

/** Parses the file and extracts its global ARGs and FROMs; throws DockerfileParseError. */
export function readDockerfile(text: string): DockerfileStructure {
  const dockerfile = parse(text);
  const source: Source = { text, lineStarts: computeLineStarts(text), escape: dockerfile.getEscapeCharacter() };
  const globalArgs: ArgDecl[] = [];
  const froms: FromDecl[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From) froms.push(readFrom(source, instruction));
    else if (froms.length > 0) continue;
    else if (instruction instanceof Arg) globalArgs.push(...readArg(source, instruction));
    else throw new DockerfileParseError(lineOf(instruction), `${instruction.getKeyword()} before the first FROM`);
  }
  const first = dockerfile.getInstructions()[0];
  if (froms.length === 0 && first !== undefined) throw new DockerfileParseError(lineOf(first), 'no FROM instruction');
  return { escape: source.escape, lineStarts: source.lineStarts, globalArgs, froms };
}
