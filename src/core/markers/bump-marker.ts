// The machine-readable state a bump PR carries in its body: which pin, which values,
// the scan that was dispatched, the values it superseded. Read back permissively.
import { z } from 'zod';
import { readMarker, renderMarker } from './markers.ts';

export const BUMP_MARKER = 'bump';

const historyEntry = z.object({ proposed: z.string(), at: z.string() });

export const bumpMarkerSchema = z.looseObject({
  v: z.literal(1),
  file: z.string(),
  pin: z.string(),
  name: z.string(),
  current: z.string(),
  proposed: z.string(),
  migration: z.boolean().optional(),
  history: z.array(historyEntry).catch([]).default([]),
  runId: z.number().int().optional().catch(undefined),
  dispatchedSha: z.string().optional().catch(undefined),
  rejected: z.string().optional().catch(undefined),
  ignored: z.boolean().optional().catch(undefined),
  /** Set by `unignore`: this closed PR no longer rejects its value or ignores its pin. */
  released: z.boolean().optional().catch(undefined),
  /** Set on a PR opened by `upgrade <codename>`: a release migration kept apart from the pin's regular bump PR. */
  upgrade: z.string().optional().catch(undefined),
});

export type BumpMarker = z.infer<typeof bumpMarkerSchema>;

export function renderBumpMarker(marker: BumpMarker): string {
  return renderMarker(BUMP_MARKER, marker);
}

const BUMP_MARKER_PATTERN = new RegExp(`<!-- freshpin:${BUMP_MARKER} [A-Za-z0-9_-]* -->`);

/** `body` with its bump marker replaced in place by `marker` (appended after a blank line when it has none). */
export function replaceBumpMarker(body: string, marker: BumpMarker): string {
  const rendered = renderBumpMarker(marker);
  return BUMP_MARKER_PATTERN.test(body) ? body.replace(BUMP_MARKER_PATTERN, () => rendered) : `${body}\n\n${rendered}\n`;
}

/** A copy of the marker without the given keys (e.g. `released` when a PR is rejected again). */
export function withoutKeys(marker: BumpMarker, ...keys: string[]): BumpMarker {
  const copy: Record<string, unknown> = { ...marker };
  for (const key of keys) delete copy[key];
  return copy as BumpMarker;
}

/** The bump marker in a PR body, or undefined when absent or malformed. */
export function readBumpMarker(body: string | null | undefined): BumpMarker | undefined {
  if (body === null || body === undefined) return undefined;
  const data = readMarker(body, BUMP_MARKER);
  const parsed = bumpMarkerSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}
