// Where a pin's date lands in each FROM image it feeds: the image, its tag, and the
// tag family (text before and after the date) that candidates must keep.
import { renderParts } from '../dockerfile/render-parts.ts';
import { parseImageRef } from '../dockerfile/parse-image-ref.ts';
import type { FromLine, ImageName, Pin, RefPart } from '../model.ts';
import { parseDatedTag } from '../tags/parse-dated-tag.ts';
import type { DatedValue } from '../tags/parse-dated-tag.ts';

/** One distinct fed image reference, as it is now and as it reads with the located value. */
export interface FedTarget {
  image: ImageName;
  /** Parts of the (first) FROM rendering this reference. */
  parts: RefPart[];
  /** The current resolved reference and its tag. */
  currentRef: string;
  currentTag: string;
  /** True when the current reference carries a digest, so proposals must too. */
  needsDigest: boolean;
  /** The reference and tag rendered with the located value. */
  ref: string;
  tag: string;
  /** The tag family: `tag === tagPrefix + date + tagSuffix`. */
  tagPrefix: string;
  tagSuffix: string;
}

export type Located = { ok: true; dated: DatedValue; targets: FedTarget[] } | { ok: false; errors: string[] };

/** Offsets [start, end) of the tag in a reference's text, when it has one. */
function tagSpan(refText: string): { start: number; end: number } | undefined {
  const at = refText.indexOf('@');
  const head = at >= 0 ? refText.slice(0, at) : refText;
  const colon = head.indexOf(':', head.lastIndexOf('/') + 1);
  return colon < 0 ? undefined : { start: colon + 1, end: head.length };
}

/** Offset of the pin's part in the rendered text, or why there is no single one. */
function pinOffset(parts: readonly RefPart[], pinId: string, value: string): number | string {
  let offset = 0;
  let found: number | undefined;
  for (const part of parts) {
    if (part.kind === 'pin' && part.pinId === pinId) {
      if (found !== undefined) return 'the value appears more than once in';
      found = offset;
      offset += value.length;
    } else {
      offset += part.kind === 'text' ? part.text.length : part.value.length;
    }
  }
  return found ?? 'the value does not reach';
}

/** The reference rendered with a value for the pin (other pins keep theirs). */
export function renderWithValue(parts: RefPart[], pinId: string, value: string): string {
  return renderParts(parts, { [pinId]: value });
}

/** Locates one FROM: a target, or the reason it cannot be managed. */
function locateFrom(pin: Pin, from: FromLine | undefined, dated: DatedValue): FedTarget | string {
  if (from === undefined) return 'a fed FROM is missing from the analysis';
  const where = `FROM on line ${from.line} (${from.raw})`;
  if (from.kind !== 'image' || from.parts === undefined) return `${where} is not a resolved image${from.reason ? `: ${from.reason}` : ''}`;
  const offset = pinOffset(from.parts, pin.id, dated.value);
  if (typeof offset === 'string') return `${offset} ${where}`;
  const currentRef = renderWithValue(from.parts, pin.id, pin.value);
  const ref = renderWithValue(from.parts, pin.id, dated.value);
  const current = parseImageRef(currentRef);
  const parsed = parseImageRef(ref);
  const span = tagSpan(ref);
  if (current?.tag === undefined || parsed?.tag === undefined || span === undefined) return `${where}: ${ref} is not a tagged image reference`;
  const dateStart = offset + dated.prefix.length;
  if (dateStart < span.start || dateStart + 8 > span.end) return `${where}: the date lands outside the tag of ${ref}`;
  const tagPrefix = ref.slice(span.start, dateStart);
  const tagSuffix = ref.slice(dateStart + 8, span.end);
  if (/\d$/.test(tagPrefix) || /^\d/.test(tagSuffix)) return `${where}: the date runs into other digits in ${ref}`;
  return {
    image: { registry: parsed.registry, repository: parsed.repository },
    parts: from.parts,
    currentRef,
    currentTag: current.tag,
    needsDigest: current.digest !== undefined,
    ref,
    tag: parsed.tag,
    tagPrefix,
    tagSuffix,
  };
}

/**
 * Locates the pin's date, for `value` (the pin's current value or a migrated one), in
 * every FROM the pin feeds. Any fed image that cannot be managed makes the pin unmanaged:
 * a new value would change that image too.
 */
export function locateTargets(pin: Pin, froms: readonly FromLine[], value: string, now: Date): Located {
  const dated = parseDatedTag(value, now);
  if (dated === undefined) return { ok: false, errors: [`${value} holds no single plausible date`] };
  if (pin.feeds.length === 0) return { ok: false, errors: ['the value feeds no FROM image'] };
  const errors: string[] = [];
  const targets = new Map<string, FedTarget>();
  for (const index of pin.feeds) {
    const located = locateFrom(pin, froms[index], dated);
    if (typeof located === 'string') errors.push(located);
    else if (!targets.has(`${located.currentRef}\n${located.ref}`)) targets.set(`${located.currentRef}\n${located.ref}`, located);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, dated, targets: [...targets.values()] };
}

/** Current resolved references of the fed FROMs (as written when unresolved), without repeats. */
export function fedReferences(pin: Pin, froms: readonly FromLine[]): string[] {
  const refs = pin.feeds.map((index) => froms[index]).map((from) => from?.resolved ?? from?.raw ?? '?');
  return [...new Set(refs)];
}
