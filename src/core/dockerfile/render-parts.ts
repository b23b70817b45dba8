// Renders a resolved image reference from its parts, optionally with other pin values.
import type { RefPart } from '../model.ts';

/** Joins `parts`; a pin part renders as `overrides[pinId]` when given, else as its value. */
export function renderParts(parts: readonly RefPart[], overrides?: Readonly<Record<string, string>>): string {
  let text = '';
  for (const part of parts) {
    if (part.kind === 'text') text += part.text;
    else text += overrides !== undefined && Object.hasOwn(overrides, part.pinId) ? (overrides[part.pinId] ?? part.value) : part.value;
  }
  return text;
}
