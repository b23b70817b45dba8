// The candidate search within one family: newest first, the first candidate that passes
// policy and exists with the required platforms on every fed image wins.
import type { FactQuery, FactsView, PlanPolicy, PlannedImage, ValueProposal, SkippedValue, Step } from './plan-types.ts';
import type { FedTarget } from './locate-targets.ts';
import { renderWithValue } from './locate-targets.ts';
import { collectCandidates, listingQueries } from './collect-candidates.ts';
import { judgeTarget } from './judge-candidate.ts';
import type { ImageVerdict } from './judge-candidate.ts';
import { ageInDays, withDate } from '../tags/parse-dated-tag.ts';
import type { DatedValue } from '../tags/parse-dated-tag.ts';

export interface FamilySearch {
  pinId: string;
  /** The located value (current, or migrated) and its targets. */
  dated: DatedValue;
  targets: readonly FedTarget[];
  /** Only dates after this one are candidates; undefined takes any date. */
  after: string | undefined;
  policy: PlanPolicy;
  now: Date;
  facts: FactsView;
}

export interface FamilyOutcome {
  proposal?: ValueProposal;
  /** Candidates passed over, one entry per reason. */
  skipped: SkippedValue[];
  /** How many candidate dates were considered. */
  candidates: number;
  /** True when facts were missing: a candidate could not be judged, or candidates may be unseen. */
  undecided: boolean;
  errors: string[];
}

/** The policy's objection to a candidate value, if any. A minimum age of 0 checks nothing (tomorrow's tags pass). */
export function policyReason(value: string, date: string, policy: PlanPolicy, now: Date): string | undefined {
  if (policy.ignore.includes(value)) return 'ignored by config';
  if (policy.minimumAgeDays > 0 && ageInDays(date, now) < policy.minimumAgeDays) return `younger than minimumAge (${policy.minimumAgeDays} days)`;
  return undefined;
}

/** The proposed value with the new digest, when the digest lies inside the pin's value. */
function valueWithDigest(value: string, images: readonly PlannedImage[]): string {
  const at = value.lastIndexOf('@');
  const digest = images.find((image) => image.digest !== undefined)?.digest;
  return at < 0 || digest === undefined ? value : `${value.slice(0, at + 1)}${digest}`;
}

/** One fed image under `value`: its reference with the value, and the new digest where the current reference carries one. */
export function planImage(target: FedTarget, pinId: string, value: string, verdict: { platforms: string[]; digest?: string }): PlannedImage {
  let proposed = renderWithValue(target.parts, pinId, value);
  if (target.needsDigest && verdict.digest !== undefined) {
    const at = proposed.indexOf('@');
    proposed = `${at < 0 ? proposed : proposed.slice(0, at)}@${verdict.digest}`;
    return { ref: target.currentRef, proposed, digest: verdict.digest, platforms: verdict.platforms };
  }
  return { ref: target.currentRef, proposed, platforms: verdict.platforms };
}

/**
 * Searches the family for the newest qualifying value. Asks listings first, then describes
 * for one candidate at a time, and never about candidates older than one that passes.
 */
export function searchFamily(search: FamilySearch): Step<FamilyOutcome> {
  const { dated, targets, policy, now, facts } = search;
  const lists = listingQueries(targets, facts);
  if (lists.length > 0) return { kind: 'need', queries: lists };
  const collected = collectCandidates(targets, facts, search.after, now);
  const outcome: FamilyOutcome = { skipped: [], candidates: collected.dates.length, undecided: !collected.proven, errors: [...collected.errors] };
  /** Targets whose facts failed once: not asked about again in this search. */
  const broken = new Map<FedTarget, string>();
  for (const date of collected.dates) {
    const value = withDate(dated, date).value;
    const objection = policyReason(value, date, policy, now);
    if (objection !== undefined) {
      outcome.skipped.push({ value, reason: objection });
      continue;
    }
    const verdicts = targets.map((target): ImageVerdict => {
      const verdict = judgeTarget(target, `${target.tagPrefix}${date}${target.tagSuffix}`, policy, facts);
      const failure = broken.get(target);
      return verdict.kind === 'need' && failure !== undefined ? { kind: 'unknown', reason: failure } : verdict;
    });
    verdicts.forEach((v, i) => {
      const target = targets[i];
      if (v.kind === 'unknown' && target !== undefined && !broken.has(target)) broken.set(target, v.reason);
    });
    // A definite failure on one image decides the candidate; unknowns matter only without one.
    const failures = verdicts.flatMap((v) => (v.kind === 'fail' ? [v.reason] : []));
    const unknowns = verdicts.flatMap((v) => (v.kind === 'unknown' ? [v.reason] : []));
    const reasons = failures.length > 0 ? failures : unknowns;
    if (reasons.length > 0) {
      outcome.undecided ||= failures.length === 0;
      outcome.skipped.push(...[...new Set(reasons)].map((reason) => ({ value, reason })));
      continue;
    }
    const queries: FactQuery[] = verdicts.flatMap((v) => (v.kind === 'need' ? v.queries : []));
    if (queries.length > 0) return { kind: 'need', queries };
    const images = targets.map((target, i) => planImage(target, search.pinId, value, verdicts[i] as ImageVerdict & { kind: 'ok' }));
    outcome.proposal = { proposed: valueWithDigest(value, images), images };
    break;
  }
  for (const reason of broken.values()) if (!outcome.errors.includes(reason)) outcome.errors.push(reason);
  return { kind: 'done', value: outcome };
}
