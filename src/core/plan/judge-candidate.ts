// Judging one candidate tag on one fed image: does it exist, does it keep the platforms
// the image has now, and what is its digest. Facts come from the listing when it already
// says enough, else from a describe.
import { displayImageName, formatImageRef } from '../dockerfile/parse-image-ref.ts';
import type { Platform } from '../model.ts';
import type { FactQuery, FactsView, PlanPolicy } from './plan-types.ts';
import { isFactError } from './plan-types.ts';
import type { FedTarget } from './locate-targets.ts';

/** What is known of one tag on one image. */
export type TagLookup =
  | { kind: 'found'; platforms: Platform[]; digest?: string }
  | { kind: 'absent' }
  | { kind: 'error'; error: string }
  | { kind: 'need'; query: FactQuery };

/** A candidate's verdict on one image. */
export type ImageVerdict =
  | { kind: 'ok'; platforms: Platform[]; digest?: string }
  | { kind: 'fail'; reason: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'need'; queries: FactQuery[] };

/** Platforms that are attestation manifests, not runnable images. */
function isAttestation(platform: Platform): boolean {
  return platform.startsWith('unknown/') || platform === 'unknown';
}

/** Platforms as shown: attestation entries left out. */
export function runnablePlatforms(platforms: readonly Platform[]): Platform[] {
  return platforms.filter((p) => !isAttestation(p));
}

/** Comparable platform: lower case, `linux/arm64/v8` read as `linux/arm64`. */
export function normalizePlatform(platform: Platform): Platform {
  const [os, arch, variant] = platform.toLowerCase().split('/');
  if (arch === 'arm64' && variant === 'v8') return `${os}/${arch}`;
  return platform.toLowerCase();
}

/** Sorted, distinct, normalised runnable platforms. */
export function platformSet(platforms: readonly Platform[]): Platform[] {
  return [...new Set(runnablePlatforms(platforms).map(normalizePlatform))].sort();
}

/**
 * Facts of `tag` on the target's image. A listing entry counts when it carries platforms
 * (and a digest when one is needed); a complete listing without the tag proves absence.
 */
export function lookupTag(target: FedTarget, tag: string, needDigest: boolean, facts: FactsView): TagLookup {
  const listing = facts.listing(target.image, target.tagPrefix);
  if (listing !== undefined && !isFactError(listing) && tag.startsWith(target.tagPrefix)) {
    const entry = listing.tags.find((t) => t.name === tag);
    if (entry?.platforms !== undefined && (!needDigest || entry.digest !== undefined)) {
      return entry.digest === undefined ? { kind: 'found', platforms: entry.platforms } : { kind: 'found', platforms: entry.platforms, digest: entry.digest };
    }
    if (entry === undefined && listing.complete) return { kind: 'absent' };
  }
  const described = facts.tag(target.image, tag);
  if (described === undefined) return { kind: 'need', query: { type: 'describe', image: target.image, tag } };
  if (isFactError(described)) return { kind: 'error', error: described.error };
  if (!described.exists) return { kind: 'absent' };
  return described.digest === undefined ? { kind: 'found', platforms: described.platforms } : { kind: 'found', platforms: described.platforms, digest: described.digest };
}

/** The platforms a target must keep: the policy's, else those of its current tag. */
export type Required = { kind: 'ok'; platforms: Platform[] } | { kind: 'error'; error: string } | { kind: 'need'; query: FactQuery };

export function requiredPlatforms(target: FedTarget, policy: PlanPolicy, facts: FactsView): Required {
  if (policy.platforms !== undefined) return { kind: 'ok', platforms: platformSet(policy.platforms) };
  const current = lookupTag(target, target.currentTag, false, facts);
  switch (current.kind) {
    case 'found':
      return { kind: 'ok', platforms: platformSet(current.platforms) };
    case 'absent':
      return { kind: 'ok', platforms: [] };
    case 'error':
      return { kind: 'error', error: current.error };
    case 'need':
      return { kind: 'need', query: current.query };
  }
}

/** `hexpm/elixir unknown, skipped: <error>`. */
export function unknownReason(target: FedTarget, error: string): string {
  return `${displayImageName(target.image)} unknown, skipped: ${error}`;
}

/** Judges the candidate tag on one target. */
export function judgeTarget(target: FedTarget, tag: string, policy: PlanPolicy, facts: FactsView): ImageVerdict {
  const found = lookupTag(target, tag, target.needsDigest, facts);
  const required = requiredPlatforms(target, policy, facts);
  if (found.kind === 'absent') return { kind: 'fail', reason: `${displayImageName(target.image)} has no ${tag}` };
  if (found.kind === 'error') return { kind: 'unknown', reason: unknownReason(target, found.error) };
  if (required.kind === 'error') return { kind: 'unknown', reason: unknownReason(target, required.error) };
  if (found.kind === 'need' || required.kind === 'need') {
    const queries = [found, required].flatMap((l) => (l.kind === 'need' ? [l.query] : []));
    return { kind: 'need', queries };
  }
  const has = new Set(platformSet(found.platforms));
  const missing = required.platforms.filter((p) => !has.has(p));
  const shown = formatImageRef({ ...target.image, tag });
  if (missing.length > 0) return { kind: 'fail', reason: `${shown} lacks ${missing.join(', ')}` };
  if (target.needsDigest && found.digest === undefined) return { kind: 'unknown', reason: `${shown}: the registry gave no digest` };
  const platforms = runnablePlatforms(found.platforms);
  return found.digest === undefined ? { kind: 'ok', platforms } : { kind: 'ok', platforms, digest: found.digest };
}
