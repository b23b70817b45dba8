// What the scan comment remembers in its hidden `freshpin:scan` marker: which run it shows,
// the commit that run scanned, and whether it passed the gate. The `merge` command and
// automerge read it back (`readScanMarker`) to check the scan covers the PR's current head
// and passed; reconciliation reads it to know whether a run is already in the comment.
import { z } from 'zod';
import { readMarker, renderMarker } from './markers.ts';

/** The check run freshpin keeps on a bump PR's head commit. */
export const SCAN_CHECK_NAME = 'freshpin/scan';

/** The marker kind of the one scan comment per bump PR (`<!-- freshpin:scan … -->`). */
export const SCAN_MARKER_KIND = 'scan';

/** Marker data over this size is replaced by `{ dropped: true }` (a comment has room for findings, not for markers). */
const MAX_MARKER_LENGTH = 8_192;

/**
 * The gate's verdict as recorded: `success` / `failure` from `evaluateScanGate`, or
 * `no-results` when no report could be read (the check run then concludes `failure`).
 */
export type ScanVerdict = 'success' | 'failure' | 'no-results';

export const scanMarkerSchema = z.looseObject({
  v: z.literal(1),
  /** The workflow run shown. */
  runId: z.number().int(),
  runAttempt: z.number().int().optional().catch(undefined),
  /** The commit that run built and scanned. */
  headSha: z.string(),
  /** The run's own conclusion (`success`, `failure`, `cancelled`, …). */
  conclusion: z.string().catch('unknown'),
  gate: z.enum(['success', 'failure', 'no-results']).catch('no-results'),
  /** The base-branch run compared with; absent when there was no baseline. */
  baseRunId: z.number().int().optional().catch(undefined),
});

export type ScanMarker = z.infer<typeof scanMarkerSchema>;

/** The scan marker for `data` (any small JSON), or `{ dropped: true }` when it is too large. */
export function renderScanMarker(data: unknown): string {
  const marker = renderMarker(SCAN_MARKER_KIND, data ?? {});
  return marker.length <= MAX_MARKER_LENGTH ? marker : renderMarker(SCAN_MARKER_KIND, { dropped: true });
}

/** The scan marker in a comment body, or undefined when absent or malformed. */
export function readScanMarker(body: string | null | undefined): ScanMarker | undefined {
  if (body === null || body === undefined) return undefined;
  const parsed = scanMarkerSchema.safeParse(readMarker(body, SCAN_MARKER_KIND));
  return parsed.success ? parsed.data : undefined;
}

/** True when the marker shows a passed scan of exactly `headSha`: what merging needs. */
export function scanPassedFor(marker: ScanMarker | undefined, headSha: string): boolean {
  return marker !== undefined && marker.headSha === headSha && marker.gate === 'success';
}

/**
 * Whether `run` still has to be shown, given the comment's marker: not when the comment
 * already shows this run (same or a later attempt), nor when it shows a newer run of the
 * same commit (a late webhook of an older run must not overwrite it).
 */
export function isAlreadyShown(marker: ScanMarker | undefined, run: { id: number; runAttempt?: number; headSha: string }): 'shown' | 'newer-shown' | undefined {
  if (marker === undefined) return undefined;
  if (marker.runId === run.id && (marker.runAttempt ?? 1) >= (run.runAttempt ?? 1)) return 'shown';
  if (marker.headSha === run.headSha && marker.runId > run.id) return 'newer-shown';
  return undefined;
}
