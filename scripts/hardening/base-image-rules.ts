// Rules about stages and base images: a multi-stage build, and every base image on a
// dated tag pinned by digest.
import { Copy } from 'dockerfile-ast';
import { parseImageRef } from '../../src/core/dockerfile/parse-image-ref.ts';
import { fail, outcomeOf, pass, type HardeningRule } from './hardening-rule.ts';
import { describeStage, finalStage, type ParsedDockerfile, type Stage } from './split-stages.ts';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** A whole run of exactly 8 digits that reads as a YYYYMMDD date. */
export function hasDatedTag(tag: string): boolean {
  for (const match of tag.matchAll(/\d+/g)) {
    const run = match[0];
    if (run.length !== 8) continue;
    const year = Number(run.slice(0, 4));
    const month = Number(run.slice(4, 6));
    const day = Number(run.slice(6, 8));
    if (year >= 1970 && year <= 2999 && month >= 1 && month <= 12 && day >= 1 && day <= 31) return true;
  }
  return false;
}

/**
 * Substitutes `$NAME`, `${NAME}`, `${NAME:-word}` and `${NAME:+word}` from the global
 * ARGs, as Docker does for FROM. Undefined when a variable has no value.
 */
export function expandGlobalArgs(text: string, args: ReadonlyMap<string, string | undefined>): string | undefined {
  let unresolved = false;
  const expanded = text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_all, braced?: string, op?: string, word?: string, bare?: string) => {
    const value = args.get(braced ?? bare ?? '');
    const set = value !== undefined && value !== '';
    if (op?.endsWith('-')) return set ? value : (word ?? '');
    if (op?.endsWith('+')) return set ? (word ?? '') : '';
    if (value === undefined) unresolved = true;
    return value ?? '';
  });
  return unresolved ? undefined : expanded;
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
  const image = expandGlobalArgs(raw, parsed.globalArgs);
  if (image === undefined) return `${describeStage(stage)}: ${raw} uses an ARG without a default`;
  if (image.toLowerCase() === 'scratch' || earlierStage(parsed, image, stage.index) !== undefined) return undefined;
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
