// The fed images for exactly one value (what `rebase` and `recreate` rewrite a PR with): the
// same targets and the same judge as the family search, for one value instead of a search.
// Facts are asked only when a fed FROM carries a digest (the edit needs the new one); the
// value itself was checked when it was proposed.
import type { FromLine, Pin } from '../model.ts';
import { judgeTarget } from './judge-candidate.ts';
import type { ImageVerdict } from './judge-candidate.ts';
import { locateTargets } from './locate-targets.ts';
import type { FactQuery, FactsView, PlannedImage, PlanPolicy, Step } from './plan-types.ts';
import { planImage } from './search-family.ts';

export interface ExactValueInput {
  pin: Pin;
  froms: readonly FromLine[];
  value: string;
  policy: PlanPolicy;
  now: Date;
  facts: FactsView;
}

/** The images under `value`, or why the value cannot be written now (raw reasons, for the caller to escape). */
export type ExactValueResult = { ok: true; images: PlannedImage[] } | { ok: false; problems: string[] };

export function planExactValue(input: ExactValueInput): Step<ExactValueResult> {
  const { pin, froms, value, policy, now, facts } = input;
  const located = locateTargets(pin, froms, value, now);
  if (!located.ok) return { kind: 'done', value: { ok: false, problems: located.errors } };
  const { targets } = located;
  if (!targets.some((target) => target.needsDigest)) {
    return { kind: 'done', value: { ok: true, images: targets.map((target) => planImage(target, pin.id, value, { platforms: [] })) } };
  }
  const verdicts = targets.map((target) => judgeTarget(target, target.tag, policy, facts));
  const queries: FactQuery[] = verdicts.flatMap((verdict) => (verdict.kind === 'need' ? verdict.queries : []));
  if (queries.length > 0) return { kind: 'need', queries };
  const problems = verdicts.flatMap((verdict) => (verdict.kind === 'fail' || verdict.kind === 'unknown' ? [verdict.reason] : []));
  if (problems.length > 0) return { kind: 'done', value: { ok: false, problems } };
  return { kind: 'done', value: { ok: true, images: targets.map((target, i) => planImage(target, pin.id, value, verdicts[i] as ImageVerdict & { kind: 'ok' })) } };
}
