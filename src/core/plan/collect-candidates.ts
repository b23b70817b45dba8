// Candidate dates: every tag of a fed image's family (`tagPrefix + YYYYMMDD + tagSuffix`)
// whose date is plausible and newer than the current one, united over the fed images.
import { displayImageName } from '../dockerfile/parse-image-ref.ts';
import type { TagListing } from '../model.ts';
import { isPlausibleDate } from '../tags/parse-dated-tag.ts';
import type { FactQuery, FactsView } from './plan-types.ts';
import { isFactError } from './plan-types.ts';
import type { FedTarget } from './locate-targets.ts';

export interface Candidates {
  /** `YYYYMMDD`, newest first. */
  dates: string[];
  /**
   * False when a listing failed and no other fed image's listing is complete, so
   * candidates may be missing. (A complete listing bounds the candidates: every fed
   * image must have the tag.)
   */
  proven: boolean;
  /** Listing failures, one per image. */
  errors: string[];
}

/** The list queries still unanswered for these targets. */
export function listingQueries(targets: readonly FedTarget[], facts: FactsView): FactQuery[] {
  return targets
    .filter((t) => facts.listing(t.image, t.tagPrefix) === undefined)
    .map((t): FactQuery => ({ type: 'list', image: t.image, prefix: t.tagPrefix }));
}

/** The date of a listed tag name in the family, when it is one. */
export function familyDate(name: string, target: FedTarget, now: Date): string | undefined {
  const { tagPrefix, tagSuffix } = target;
  if (name.length !== tagPrefix.length + 8 + tagSuffix.length) return undefined;
  if (!name.startsWith(tagPrefix) || !name.endsWith(tagSuffix)) return undefined;
  const date = name.slice(tagPrefix.length, tagPrefix.length + 8);
  return isPlausibleDate(date, now) ? date : undefined;
}

function datesIn(listing: TagListing, target: FedTarget, after: string | undefined, now: Date): string[] {
  const dates: string[] = [];
  for (const tag of listing.tags) {
    const date = familyDate(tag.name, target, now);
    if (date !== undefined && (after === undefined || date > after)) dates.push(date);
  }
  return dates;
}

/**
 * Candidate dates from the targets' listings (all must be answered), newer than `after`
 * when given (a migration takes any date).
 */
export function collectCandidates(targets: readonly FedTarget[], facts: FactsView, after: string | undefined, now: Date): Candidates {
  const dates = new Set<string>();
  const errors: string[] = [];
  let anyComplete = false;
  for (const target of targets) {
    const listing = facts.listing(target.image, target.tagPrefix);
    if (listing === undefined) continue;
    if (isFactError(listing)) {
      errors.push(`${displayImageName(target.image)}: cannot list ${target.tagPrefix}* tags: ${listing.error}`);
      continue;
    }
    anyComplete ||= listing.complete;
    for (const date of datesIn(listing, target, after, now)) dates.add(date);
  }
  return {
    dates: [...dates].sort().reverse(),
    proven: errors.length === 0 || anyComplete,
    errors: [...new Set(errors)],
  };
}
