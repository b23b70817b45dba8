// Analyses a Dockerfile: its FROM lines resolved through the global ARGs, the pins that
// hold dated values, and the images nothing manages. Pure: the caller decides what is dated.
import type { DockerfileAnalysis } from '../model.ts';
import { findPins } from './find-pins.ts';
import { readDockerfile } from './read-dockerfile.ts';
import { bindGlobalArgs } from './resolve-args.ts';
import { resolveFroms } from './resolve-froms.ts';

export { DockerfileParseError } from './dockerfile-parse-error.ts';

export interface AnalyzeOptions {
  /** Whether a value (a tag, or part of one) carries a date; the caller owns the clock. */
  isDated: (value: string) => boolean;
}

/**
 * Analyses `text`. Throws DockerfileParseError (with a 1-based line) when the file cannot
 * be understood: instructions but no FROM, a FROM without an image, an unterminated
 * quote or `${` in a FROM or global ARG, an instruction other than ARG before the first FROM.
 */
export function analyzeDockerfile(text: string, options: AnalyzeOptions): DockerfileAnalysis {
  const structure = readDockerfile(text);
  const env = bindGlobalArgs(structure.globalArgs);
  const resolved = resolveFroms(structure.froms, env);
  return findPins(resolved, { globalArgs: structure.globalArgs, lineStarts: structure.lineStarts, isDated: options.isDated });
}
