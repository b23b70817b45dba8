// The PR reconciliation, pure: given this pass's proposals and the freshpin PRs that exist,
// decide which PRs to open, update, keep or close. One PR per pin (file + stable pin id).
import { parseDatedTag } from '../tags/parse-dated-tag.ts';
import type { BumpMarker } from '../markers/bump-marker.ts';
import { pinKey } from '../dockerfile/pin-identity.ts';

/** What one bump pull request proposes for one pin (by its stable id); `BumpProposal` adds the file text and the body's facts. (A value decision's proposal is `ValueProposal` in core/plan.) */
export interface PullProposal {
  file: string;
  pin: string;
  name: string;
  current: string;
  proposed: string;
  migration: boolean;
}

export interface KnownPull {
  number: number;
  branch: string;
  marker: BumpMarker;
  /** The PR body as read (kept when the branch is left alone). */
  body?: string;
}

export interface PinNow {
  file: string;
  pin: string;
  /** The value on the base branch now. */
  current: string;
}

export type PullAction<P extends PullProposal> =
  | { type: 'create'; proposal: P }
  | { type: 'update'; pull: KnownPull; proposal: P }
  | { type: 'keep'; pull: KnownPull; proposal?: P }
  | { type: 'close'; pull: KnownPull; reason: string }
  | { type: 'defer'; proposal: P; reason: string };

/** Values that must not be proposed again, and pins not to touch, from closed bump PRs. */
export interface RepoMemory {
  rejected: Map<string, Set<string>>;
  ignored: Set<string>;
}

/** Reads rejections and ignores from closed, unmerged bump PRs. */
export function readRepoMemory(closedUnmerged: readonly KnownPull[]): RepoMemory {
  const memory: RepoMemory = { rejected: new Map(), ignored: new Set() };
  for (const pull of closedUnmerged) {
    if (pull.marker.released === true) continue;
    const key = pinKey(pull.marker.file, pull.marker.pin);
    if (pull.marker.ignored === true) memory.ignored.add(key);
    const values = memory.rejected.get(key) ?? new Set<string>();
    values.add(pull.marker.proposed);
    memory.rejected.set(key, values);
  }
  return memory;
}

function notOlder(current: string, proposed: string, now: Date): boolean {
  const a = parseDatedTag(current, now);
  const b = parseDatedTag(proposed, now);
  if (a === undefined || b === undefined) return current === proposed;
  if (a.prefix !== b.prefix || a.suffix !== b.suffix) return current === proposed;
  return a.date >= b.date;
}

/** Both values are dated, in different families (another codename or suffix). */
function differentFamilies(a: string, b: string, now: Date): boolean {
  const x = parseDatedTag(a, now);
  const y = parseDatedTag(b, now);
  return x !== undefined && y !== undefined && (x.prefix !== y.prefix || x.suffix !== y.suffix);
}

/**
 * Decides the PR actions. `limit` is prConcurrentLimit (0 = none); new PRs beyond it are deferred.
 * `pins` is every pin on the base branch now, so a PR whose pin caught up (or vanished) is closed.
 * Closes come first: a PR closed because the base caught up makes way for a new PR (same branch
 * name) when a value newer than the base exists.
 */
export function decidePullActions<P extends PullProposal>(input: {
  proposals: readonly P[];
  open: readonly KnownPull[];
  pins: readonly PinNow[];
  limit: number;
  now: Date;
}): PullAction<P>[] {
  const actions: PullAction<P>[] = [];
  const byPin = new Map(input.proposals.map((p) => [pinKey(p.file, p.pin), p]));
  const pinsNow = new Map(input.pins.map((p) => [pinKey(p.file, p.pin), p]));
  /** Pins seen on an open PR (a second PR for one is a duplicate), and pins an open PR serves. */
  const seen = new Set<string>();
  const handled = new Set<string>();
  let openCount = 0;
  for (const pull of input.open) {
    const key = pinKey(pull.marker.file, pull.marker.pin);
    if (pull.marker.upgrade !== undefined) {
      // An `upgrade` PR is its own identity: kept until its pin is gone or has the value.
      const pin = pinsNow.get(key);
      if (pin === undefined) actions.push({ type: 'close', pull, reason: `the pin ${pull.marker.name} is no longer in ${pull.marker.file} on the base branch` });
      else if (pin.current === pull.marker.proposed) actions.push({ type: 'close', pull, reason: `the base branch already has ${pin.current}` });
      else actions.push({ type: 'keep', pull });
      continue;
    }
    if (seen.has(key)) {
      actions.push({ type: 'close', pull, reason: 'another freshpin PR already covers this pin' });
      continue;
    }
    seen.add(key);
    const pin = pinsNow.get(key);
    const proposal = byPin.get(key);
    if (pin === undefined) {
      actions.push({ type: 'close', pull, reason: `the pin ${pull.marker.name} is no longer in ${pull.marker.file} on the base branch` });
      continue;
    }
    if (pin.current !== pull.marker.current && differentFamilies(pin.current, pull.marker.proposed, input.now)) {
      // The base moved the pin to another family (e.g. an upgrade to trixie was merged): this PR is stale.
      actions.push({ type: 'close', pull, reason: `the base branch moved ${pull.marker.name} to ${pin.current}` });
      continue;
    }
    if (pin.current === pull.marker.proposed || (proposal?.proposed !== pull.marker.proposed && notOlder(pin.current, pull.marker.proposed, input.now))) {
      // The base caught up: this PR goes; a value newer than the base gets a new PR below.
      actions.push({ type: 'close', pull, reason: `the base branch already has ${pin.current}` });
      continue;
    }
    handled.add(key);
    if (proposal !== undefined && proposal.proposed !== pull.marker.proposed) {
      openCount += 1;
      actions.push({ type: 'update', pull, proposal });
    } else {
      openCount += 1;
      actions.push(proposal === undefined ? { type: 'keep', pull } : { type: 'keep', pull, proposal });
    }
  }
  for (const [key, proposal] of byPin) {
    if (handled.has(key)) continue;
    if (input.limit > 0 && openCount >= input.limit) {
      actions.push({ type: 'defer', proposal, reason: `prConcurrentLimit (${input.limit}) reached` });
      continue;
    }
    openCount += 1;
    actions.push({ type: 'create', proposal });
  }
  return actions;
}
