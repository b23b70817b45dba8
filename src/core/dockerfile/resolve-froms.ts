// Resolves each FROM's image argument against the global ARGs and classifies it:
// an earlier stage, `scratch`, an image (with where its tag and digest sit), or unresolved.
import type { FromLine } from '../model.ts';
import { parseImageRef } from './parse-image-ref.ts';
import type { FromDecl } from './read-dockerfile.ts';
import { atomsText, resolveWord } from './resolve-args.ts';
import type { ArgEnv, Atom } from './resolve-args.ts';

/** Half-open index span [start, end) into a resolved reference string. */
export interface Span {
  start: number;
  end: number;
}

/** A FROM after resolution; images keep their characters' provenance. */
export interface ResolvedFrom {
  from: FromLine;
  /** For images: the resolved characters. */
  atoms?: Atom[];
  /** For images with a tag: where it sits in the resolved text. */
  tag?: Span;
  /** For images with a digest: where `sha256:…` sits in the resolved text. */
  digest?: Span;
}

/** Finds the tag and digest of a valid reference `[registry/]name[:tag][@digest]`. */
export function locateTagAndDigest(reference: string): { tag?: Span; digest?: Span } {
  const at = reference.indexOf('@');
  const nameEnd = at >= 0 ? at : reference.length;
  const located: { tag?: Span; digest?: Span } = {};
  if (at >= 0) located.digest = { start: at + 1, end: reference.length };
  const lastSlash = reference.lastIndexOf('/', nameEnd - 1);
  const colon = reference.indexOf(':', lastSlash + 1);
  if (colon >= 0 && colon < nameEnd) located.tag = { start: colon + 1, end: nameEnd };
  return located;
}

function baseLine(decl: FromDecl): FromLine {
  const from: FromLine = { line: decl.line, kind: 'image', raw: decl.raw };
  if (decl.stageName !== undefined) from.stageName = decl.stageName;
  if (decl.platform !== undefined) from.platform = decl.platform;
  return from;
}

function unresolved(from: FromLine, reason: string): ResolvedFrom {
  return { from: { ...from, kind: 'unresolved', reason } };
}

function resolveOne(decl: FromDecl, index: number, env: ArgEnv, stages: ReadonlySet<string>): ResolvedFrom {
  const from = baseLine(decl);
  const resolution = resolveWord(decl.image, env, { kind: 'from', from: index });
  if (!resolution.ok) return unresolved(from, resolution.reason);
  const text = atomsText(resolution.atoms);
  const lower = text.toLowerCase();
  if (stages.has(lower)) return { from: { ...from, kind: 'stage' } };
  if (lower === 'scratch') return { from: { ...from, kind: 'scratch' } };
  if (text === '') return unresolved(from, 'the image resolves to an empty string');
  if (parseImageRef(text) === undefined) return unresolved(from, `"${text}" is not a valid image reference`);
  return { from: { ...from, resolved: text }, atoms: resolution.atoms, ...locateTagAndDigest(text) };
}

/** Resolves every FROM in order; a name counts as a stage only when an earlier FROM declared it. */
export function resolveFroms(decls: readonly FromDecl[], env: ArgEnv): ResolvedFrom[] {
  const stages = new Set<string>();
  return decls.map((decl, index) => {
    const resolved = resolveOne(decl, index, env, stages);
    if (decl.stageName !== undefined) stages.add(decl.stageName.toLowerCase());
    return resolved;
  });
}

/** Whether the atoms are consecutive characters of the file, i.e. one editable stretch of text. */
export function isContiguous(atoms: readonly { offset: number }[]): boolean {
  return atoms.every((atom, i) => i === 0 || atom.offset === (atoms[i - 1]?.offset ?? -2) + 1);
}
