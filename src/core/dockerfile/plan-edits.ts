// Plans the text edits that move a pin to a new value, and re-pin the digests of the
// images it feeds when their references carry one.
import type { DockerfileAnalysis, FromLine, Pin, Range, TextEdit } from '../model.ts';
import { parseImageRef } from './parse-image-ref.ts';

/** The requested change cannot be expressed as safe edits of this file. */
export class PlanEditsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanEditsError';
  }
}

/** Characters a new value may hold without needing quotes or escapes anywhere it can sit. */
const SAFE_VALUE = /^[\w.\-:/@+]+$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

function contains(outer: Range, inner: Range): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

function overlaps(a: Range, b: Range): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Replaces the old digest inside the pin's new value, when the pin's value holds the whole reference. */
function replaceDigestInValue(value: string, oldDigest: string, newDigest: string, from: FromLine): string {
  const at = value.indexOf(oldDigest);
  if (at < 0 || value.indexOf(oldDigest, at + 1) >= 0) {
    throw new PlanEditsError(`the new value must keep the digest ${oldDigest} of the FROM on line ${from.line} exactly once`);
  }
  return value.slice(0, at) + newDigest + value.slice(at + oldDigest.length);
}

function newDigestFor(index: number, from: FromLine, newDigests: ReadonlyMap<number, string> | undefined): string {
  const digest = newDigests?.get(index);
  if (digest === undefined) throw new PlanEditsError(`the FROM on line ${from.line} carries a digest, and no new digest was given for it`);
  if (!DIGEST.test(digest)) throw new PlanEditsError(`"${digest}" is not a digest (expected sha256:<hex>, without "@")`);
  return digest;
}

function findPin(analysis: DockerfileAnalysis, pinId: string): Pin {
  const pin = analysis.pins.find((p) => p.id === pinId);
  if (pin === undefined) throw new PlanEditsError(`no pin ${pinId} in this file`);
  return pin;
}

/**
 * The edits that set pin `pinId` to `newValue` and, for each FROM it feeds whose reference
 * carries a digest, replace that digest with `newDigests.get(fromIndex)`. Edits to the same
 * digest text are merged; conflicting ones throw PlanEditsError.
 */
export function planEdits(
  analysis: DockerfileAnalysis,
  pinId: string,
  newValue: string,
  newDigests?: ReadonlyMap<number, string>,
): TextEdit[] {
  const pin = findPin(analysis, pinId);
  if (!SAFE_VALUE.test(newValue)) throw new PlanEditsError(`"${newValue}" cannot be written as a pin value`);
  let value = newValue;
  const digestEdits = new Map<string, TextEdit>();
  const digestsInValue = new Map<string, string>();
  for (const index of pin.feeds) {
    const from = analysis.froms[index];
    const oldDigest = from?.resolved === undefined ? undefined : parseImageRef(from.resolved)?.digest;
    if (from === undefined || oldDigest === undefined) continue;
    const range = from.digestRange;
    if (range === undefined) throw new PlanEditsError(`the digest of the FROM on line ${from.line} is not literal text in the file`);
    const digest = newDigestFor(index, from, newDigests);
    if (contains(pin.valueRange, range)) {
      // FROMs fed by one ARG that holds the whole reference share its digest: swap it once.
      const replaced = digestsInValue.get(oldDigest);
      if (replaced === undefined) {
        value = replaceDigestInValue(value, oldDigest, digest, from);
        digestsInValue.set(oldDigest, digest);
      } else if (replaced !== digest) {
        throw new PlanEditsError(`FROMs sharing the digest at line ${from.line} were given different new digests`);
      }
      continue;
    }
    if (overlaps(pin.valueRange, range)) throw new PlanEditsError(`the digest of the FROM on line ${from.line} overlaps the pin's value`);
    const key = `${range.start}:${range.end}`;
    const previous = digestEdits.get(key);
    if (previous !== undefined && previous.replacement !== digest) {
      throw new PlanEditsError(`FROMs sharing the digest at line ${from.line} were given different new digests`);
    }
    digestEdits.set(key, { range, replacement: digest });
  }
  const edits = [{ range: pin.valueRange, replacement: value }, ...digestEdits.values()];
  return edits.sort((a, b) => a.range.start - b.range.start);
}
