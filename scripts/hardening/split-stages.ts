// Parses a Dockerfile with dockerfile-ast and groups its instructions by build stage, with
// each FROM as freshpin's own analysis resolves it (core/dockerfile: global ARGs expanded,
// stage references and scratch told apart), so the checks and the app read FROMs one way.
import { DockerfileParser, Run } from 'dockerfile-ast';
import type { From, Instruction } from 'dockerfile-ast';
import { DockerfileParseError, analyzeDockerfile } from '../../src/core/dockerfile/analyze-dockerfile.ts';
import type { FromLine } from '../../src/core/model.ts';
import { programWords, splitShellCommands } from './split-shell-commands.ts';

export interface Stage {
  /** 0-based stage index, as `COPY --from=<n>` counts. */
  index: number;
  from: From;
  /** `AS name`, lowercased, if any. */
  name?: string;
  /** Instructions after the FROM, up to the next FROM. */
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  stages: Stage[];
  /** Each stage's FROM as core/dockerfile resolves it, by stage index. */
  froms: FromLine[];
}

/** Splits `text` into its build stages. */
export function splitStages(text: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const from = instruction as From;
      const stage: Stage = { index: stages.length, from, instructions: [] };
      const name = from.getBuildStage();
      if (name !== null) stage.name = name.toLowerCase();
      stages.push(stage);
      continue;
    }
    const current = stages.at(-1);
    if (current !== undefined) current.instructions.push(instruction);
  }
  return { stages, froms: resolveFroms(text) };
}

/** The FROMs as core/dockerfile resolves them; none when the file does not parse as a Dockerfile. */
function resolveFroms(text: string): FromLine[] {
  try {
    return analyzeDockerfile(text, { isDated: () => false }).froms;
  } catch (error) {
    if (error instanceof DockerfileParseError) return [];
    throw error;
  }
}

/** The final stage: the one a plain `docker build` produces. */
export function finalStage(parsed: ParsedDockerfile): Stage | undefined {
  return parsed.stages.at(-1);
}

/** The instructions of a stage with a keyword, in order. */
export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.getKeyword() === keyword);
}

/** The last instruction of a stage with a keyword: the one that takes effect. */
export function lastInstruction(stage: Stage, keyword: string): Instruction | undefined {
  return instructionsOf(stage, keyword).at(-1);
}

/** 1-based line of an instruction, for messages. */
export function lineOf(instruction: Instruction): number {
  return instruction.getRange().start.line + 1;
}

/** How a stage is named in messages: `stage 1 "build" (line 3)`. */
export function describeStage(stage: Stage): string {
  const name = stage.name === undefined ? '' : ` "${stage.name}"`;
  return `stage ${stage.index}${name} (line ${lineOf(stage.from)})`;
}

/**
 * The arguments of an exec-form instruction (`["a", "b"]`), or undefined in shell
 * form. As Docker does, the form is exec when the text parses as a JSON array of strings.
 */
export function execFormArguments(instruction: Instruction): string[] | undefined {
  const content = instruction.getArgumentsContent();
  if (content === null || !content.trimStart().startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(content);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  } catch {
    return undefined;
  }
  return undefined;
}

/** The simple commands a RUN executes, each as its program words (`VAR=x` and wrappers dropped). */
export function runCommands(run: Instruction): string[][] {
  const exec = execFormArguments(run);
  let commands: string[][];
  if (exec !== undefined) {
    const [program, flag, script] = exec;
    const shell = program !== undefined && /(^|\/)(ba|da)?sh$/.test(program) && flag === '-c';
    commands = shell && script !== undefined ? splitShellCommands(script) : [exec];
  } else {
    commands = splitShellCommands(run.getArgumentsContent() ?? '');
  }
  return commands.map(programWords).filter((words) => words.length > 0);
}

/** The RUN instructions of a stage with their commands. */
export function stageRuns(stage: Stage): Array<{ run: Run; commands: string[][] }> {
  return stage.instructions.filter((i): i is Run => i instanceof Run).map((run) => ({ run, commands: runCommands(run) }));
}
