// Rules about stages and base images: a multi-stage build, and every base image on a
// dated tag pinned by digest. FROM lines are resolved by freshpin's own analysis
// (core/dockerfile: one ARG expander) and dates read by core/tags (one date rule).
import { Copy } from 'dockerfile-ast';
import { analyzeDockerfile } from '../../src/core/dockerfile/analyze-dockerfile.ts';
import { parseImageRef } from '../../src/core/dockerfile/parse-image-ref.ts';
import { parseDatedTag } from '../../src/core/tags/parse-dated-tag.ts';
import { fail, outcomeOf, pass, type HardeningRule } from './hardening-rule.ts';
import { describeStage, finalStage, type ParsedDockerfile, type Stage } from './split-stages.ts';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** A dated tag by freshpin's rule (core/tags/parse-dated-tag.ts): one valid calendar date YYYYMMDD, not after tomorrow. */
export function hasDatedTag(tag: string, now: Date = new Date()): boolean {
  return parseDatedTag(tag, now) !== undefined;
}

/**
 * A FROM image argument expanded with global ARGs, by freshpin's own analysis (as Docker
 * does for FROM: `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME:+word}`…). Undefined when a
 * variable has no value.
 */
export function expandGlobalArgs(text: string, args: ReadonlyMap<string, string | undefined>): string | undefined {
  const lines = [...args].map(([name, value]) => (value === undefined ? `ARG ${name}` : `ARG ${name}=${JSON.stringify(value)}`));
  const [from] = analyzeDockerfile(`${lines.join('\n')}\nFROM ${text}\n`, { isDated: () => false }).froms;
  return from?.kind === 'image' ? from.resolved : undefined;
}

/** The earlier stage a FROM or COPY --from names (by name or index), if any. */
export function earlierStage(parsed: ParsedDockerfile, reference: string, before: number): Stage | undefined {
  const key = reference.toLowerCase();
  return parsed.stages.find((s) => s.index < before && (s.name === key || String(s.index) === key));
}

export const multiStageRule: HardeningRule = {
  id: 'multi-stage',
  summary: 'at least two stages, and the final stage copies from a build stage',
  check(parsed) {
    const last = finalStage(parsed);
    if (last === undefined || parsed.stages.length < 2) return fail(`${parsed.stages.length} FROM instruction(s): build and runtime should be separate stages`);
    const copies = last.instructions.filter((i): i is Copy => i instanceof Copy);
    const from = copies.map((c) => c.getFromFlag()?.getValue()).find((ref) => ref != null && earlierStage(parsed, ref, last.index) !== undefined);
    if (from == null) return fail(`the final ${describeStage(last)} copies nothing from a build stage (no COPY --from=<stage>)`);
    return pass(`${parsed.stages.length} stages; the final stage copies from "${from}"`);
  },
};

/** Why a stage's base image is not a dated tag pinned by digest, or undefined when it is (or needs no pin). */
function basePinProblem(parsed: ParsedDockerfile, stage: Stage): string | undefined {
  const raw = stage.from.getImage();
  if (raw === null) return `${describeStage(stage)}: FROM names no image`;
  const from = parsed.froms[stage.index];
  if (from?.kind === 'scratch' || from?.kind === 'stage') return undefined;
  if (from === undefined) return `${describeStage(stage)}: ${raw} cannot be read`;
  const image = from.kind === 'image' ? from.resolved : undefined;
  if (image === undefined) return `${describeStage(stage)}: ${raw} uses an ARG without a default`;
  const ref = parseImageRef(image);
  if (ref === undefined) return `${describeStage(stage)}: ${image} is not an image reference`;
  const problems: string[] = [];
  if (ref.tag === undefined || !hasDatedTag(ref.tag)) problems.push('no dated (YYYYMMDD) tag');
  if (ref.digest === undefined || !DIGEST.test(ref.digest)) problems.push('no @sha256 digest');
  return problems.length === 0 ? undefined : `${describeStage(stage)}: ${image} has ${problems.join(' and ')}`;
}

export const pinnedBaseImagesRule: HardeningRule = {
  id: 'pinned-base-images',
  summary: 'every FROM image is on a dated tag and pinned with @sha256:<digest>',
  check(parsed) {
    if (parsed.stages.length === 0) return fail('no FROM instruction');
    const problems = parsed.stages.map((s) => basePinProblem(parsed, s)).filter((p): p is string => p !== undefined);
    return outcomeOf(problems, `every base image of ${parsed.stages.length} stage(s) is dated and digest-pinned`);
  },
};
