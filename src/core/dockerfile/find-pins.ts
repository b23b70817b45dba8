// Finds the pins of a resolved Dockerfile: global ARGs whose literal default is dated and
// feeds an image, and dated tags written literally in a FROM. Then describes each image
// as parts (pin values vs. other text) and lists the images no pin manages.
import type { FromLine, Pin, RefPart, UnmanagedImage } from '../model.ts';
import type { LineStarts } from './offsets.ts';
import { lineOfOffset } from './offsets.ts';
import type { ArgDecl } from './read-dockerfile.ts';
import { isContiguous } from './resolve-froms.ts';
import type { ResolvedFrom } from './resolve-froms.ts';
import type { Atom } from './resolve-args.ts';
import { atomsText } from './resolve-args.ts';
import { isLiteralWord } from './lex-word.ts';

export interface PinContext {
  globalArgs: readonly ArgDecl[];
  lineStarts: LineStarts;
  isDated: (value: string) => boolean;
}

/** A pin under construction, with the atoms that identify its characters. */
interface PinCandidate {
  pin: Pin;
  /** Does this atom belong to the pin's value? */
  owns: (atom: Atom, fromIndex: number, atomIndex: number) => boolean;
}

/** Characters with their offsets in the file. */
type Located = readonly { ch: string; offset: number }[];

function charsText(chars: Located): string {
  return chars.map((c) => c.ch).join('');
}

/** A pin over consecutive characters of the file. */
function makePin(id: string, kind: Pin['kind'], name: string, chars: Located, ctx: PinContext): Pin {
  const start = chars[0]?.offset ?? 0;
  const end = start + chars.length;
  return { id, kind, name, line: lineOfOffset(ctx.lineStarts, start), value: charsText(chars), valueRange: { start, end }, feeds: [] };
}

/** ARG pins: the declaration in effect of each name whose literal, dated value feeds an image. */
function findArgPins(resolved: readonly ResolvedFrom[], ctx: PinContext): PinCandidate[] {
  const byName = new Map<string, PinCandidate>();
  ctx.globalArgs.forEach((decl, declIndex) => {
    if (decl.value === undefined || decl.value.length === 0 || !isLiteralWord(decl.value)) return;
    const chars = decl.value.flatMap((t) => (t.kind === 'char' ? [t] : []));
    if (!isContiguous(chars) || !ctx.isDated(charsText(chars))) return;
    const feeds = resolved.flatMap((r, i) => (r.atoms?.some((a) => a.origin.kind === 'arg' && a.origin.decl === declIndex) ? [i] : []));
    if (feeds.length === 0) return;
    const pin = makePin(`arg:${decl.name}`, 'arg', decl.name, chars, ctx);
    pin.feeds = feeds;
    byName.set(decl.name, { pin, owns: (a) => a.origin.kind === 'arg' && a.origin.decl === declIndex });
  });
  return [...byName.values()];
}

/** Splits index range [start, end) of atoms into runs written by FROM `fromIndex` as consecutive file text. */
function literalRuns(atoms: readonly Atom[], fromIndex: number, start: number, end: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let runStart = -1;
  for (let i = start; i <= end; i++) {
    const atom = i < end ? atoms[i] : undefined;
    const own = atom !== undefined && atom.origin.kind === 'from' && atom.origin.from === fromIndex;
    const continues = own && runStart >= 0 && atom.offset === (atoms[i - 1]?.offset ?? -2) + 1;
    if (runStart >= 0 && !continues) {
      runs.push([runStart, i]);
      runStart = -1;
    }
    if (own && runStart < 0) runStart = i;
  }
  return runs;
}

/** FROM pins: in each image's tag, the first stretch written literally in the FROM that is dated. */
function findFromPins(resolved: readonly ResolvedFrom[], ctx: PinContext): PinCandidate[] {
  const candidates: PinCandidate[] = [];
  resolved.forEach((r, fromIndex) => {
    if (r.atoms === undefined || r.tag === undefined || r.from.resolved === undefined) return;
    const atoms = r.atoms;
    const run = literalRuns(atoms, fromIndex, r.tag.start, r.tag.end).find(([s, e]) => ctx.isDated(atomsText(atoms.slice(s, e))));
    if (run === undefined) return;
    const [s, e] = run;
    const name = r.from.resolved.slice(0, r.tag.start - 1);
    const pin = makePin(`from:${r.from.line}`, 'from', name, atoms.slice(s, e), ctx);
    pin.feeds = [fromIndex];
    candidates.push({ pin, owns: (_a, f, i) => f === fromIndex && i >= s && i < e });
  });
  return candidates;
}

/** The image's characters as parts; each arrival of a pin's value is one pin part. */
function toParts(atoms: readonly Atom[], fromIndex: number, pins: readonly PinCandidate[]): RefPart[] {
  const parts: RefPart[] = [];
  atoms.forEach((atom, i) => {
    const owner = pins.find((p) => p.owns(atom, fromIndex, i))?.pin;
    const last = parts[parts.length - 1];
    if (owner === undefined) {
      if (last?.kind === 'text') last.text += atom.ch;
      else parts.push({ kind: 'text', text: atom.ch });
    } else if (last?.kind === 'pin' && last.pinId === owner.id && atom.offset !== owner.valueRange.start) {
      last.value += atom.ch;
    } else {
      parts.push({ kind: 'pin', pinId: owner.id, value: atom.ch });
    }
  });
  return parts;
}

function unmanagedReason(r: ResolvedFrom, ctx: PinContext): string {
  const text = r.from.resolved ?? '';
  if (r.tag === undefined) return r.digest === undefined ? 'no tag (means "latest")' : 'pinned by digest only, no tag';
  const tag = text.slice(r.tag.start, r.tag.end);
  if (!ctx.isDated(tag)) return `tag "${tag}" has no date`;
  return `tag "${tag}" is dated, but its date is not one literal value in the file (built from several values, split across lines or escaped)`;
}

export interface PinFindings {
  froms: FromLine[];
  pins: Pin[];
  unmanaged: UnmanagedImage[];
}

/** Finds pins, fills each image's parts and digest range, and lists unmanaged images. */
export function findPins(resolved: readonly ResolvedFrom[], ctx: PinContext): PinFindings {
  const candidates = [...findArgPins(resolved, ctx), ...findFromPins(resolved, ctx)];
  candidates.sort((a, b) => a.pin.valueRange.start - b.pin.valueRange.start);
  const froms = resolved.map((r) => ({ ...r.from }));
  const unmanaged: UnmanagedImage[] = [];
  resolved.forEach((r, i) => {
    const from = froms[i];
    if (r.atoms === undefined || from === undefined) return;
    from.parts = toParts(r.atoms, i, candidates);
    const digestAtoms = r.digest === undefined ? [] : r.atoms.slice(r.digest.start, r.digest.end);
    const firstDigestAtom = digestAtoms[0];
    if (firstDigestAtom !== undefined && isContiguous(digestAtoms)) {
      from.digestRange = { start: firstDigestAtom.offset, end: firstDigestAtom.offset + digestAtoms.length };
    }
    if (!candidates.some((c) => c.pin.feeds.includes(i))) {
      unmanaged.push({ line: from.line, ref: from.resolved ?? from.raw, reason: unmanagedReason(r, ctx) });
    }
  });
  return { froms, pins: candidates.map((c) => c.pin), unmanaged };
}
