// The vocabulary of the bump decision: what it asks for, what it is told, what it decides.
import type { FactError, FromLine, ImageName, Pin, Platform, TagFacts, TagListing } from '../model.ts';

/** A fact the decision needs: the tags of an image that start with a prefix, or one tag's facts. */
export type FactQuery = { type: 'list'; image: ImageName; prefix: string } | { type: 'describe'; image: ImageName; tag: string };

/** What is known so far. `undefined` means "not asked yet". */
export interface FactsView {
  listing(image: ImageName, prefix: string): TagListing | FactError | undefined;
  tag(image: ImageName, tag: string): TagFacts | FactError | undefined;
}

/** The repository's policy for one pin. */
export interface PlanPolicy {
  /** A candidate's date must be at least this many days before now. */
  minimumAgeDays: number;
  /** Pin values never proposed (exact match). */
  ignore: readonly string[];
  /** Platforms every fed image must keep; default: those of the current references. */
  platforms?: readonly string[];
  /** When true, a Debian end-of-life migration wins over a same-codename update. */
  migrate: boolean;
}

export type PinStatus = 'up-to-date' | 'update' | 'blocked' | 'unmanaged' | 'error';

/** One fed image under a proposal. */
export interface PlannedImage {
  /** The current resolved reference. */
  ref: string;
  /** The reference after the change, with the new digest when the current one carries a digest. */
  proposed: string;
  /** The new digest (`sha256:…`), when the reference carries one. */
  digest?: string;
  /** The proposed tag's platforms (attestation entries left out). */
  platforms: Platform[];
}

/** A candidate value passed over, and why (one entry per reason). */
export interface SkippedValue {
  value: string;
  reason: string;
}

export interface PinEol {
  codename: string;
  /** Last day of Debian support, `YYYY-MM-DD`. */
  ended: string;
}

/**
 * A proposed pin value with the fed images under it: the update in the pin's own family, or
 * the end-of-life migration to a later supported codename. (A pull request's proposal is
 * `PullProposal` in core/pulls.)
 */
export interface ValueProposal {
  proposed: string;
  images: PlannedImage[];
}

/** The decision for one pin. file/line/name/kind are the caller's to add. */
export interface PinPlan {
  status: PinStatus;
  current: string;
  /** Current resolved references of the FROM images the pin feeds. */
  feeds: string[];
  /** The proposed pin value, when status is `update`. */
  proposed?: string;
  /** The fed images under the proposal; empty without one. */
  images: PlannedImage[];
  /** Newer values passed over for the main proposal (or that blocked it). */
  skipped: SkippedValue[];
  eol?: PinEol;
  /** The end-of-life migration, when one qualifies. */
  migration?: ValueProposal;
  /** Codenames passed over while looking for the migration. */
  migrationSkipped: SkippedValue[];
  /** Facts that could not be had, images that cannot be managed. */
  errors: string[];
}

export interface PlanInput {
  pin: Pin;
  froms: readonly FromLine[];
  policy: PlanPolicy;
  now: Date;
  facts: FactsView;
}

/** Either the facts still needed, or a finished value. */
export type Step<T> = { kind: 'need'; queries: FactQuery[] } | { kind: 'done'; value: T };

/** True for a fact that could not be had. */
export function isFactError(fact: unknown): fact is FactError {
  return typeof fact === 'object' && fact !== null && 'error' in fact;
}
