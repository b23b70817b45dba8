// The PR's scan against the base branch's: the run's reports (head), the latest successful
// run of the same workflow on the PR's base branch (base, when there is one with readable
// reports), the diff by vulnerability id, the gate, and the comment and check run built
// from them.
import { removeMarkers } from '../../core/markers/markers.ts';
import type { FreshpinConfig } from '../../core/config/config-schema.ts';
import { renderScanComment } from '../../core/render/render-scan-comment.ts';
import type { ScanCommentInput } from '../../core/render/render-scan-comment.ts';
import { diffScans } from '../../core/scan/diff-scans.ts';
import { evaluateScanGate } from '../../core/scan/evaluate-gate.ts';
import { normaliseFindings } from '../../core/scan/normalise-findings.ts';
import type { ParsedReport } from '../../core/scan/scan-model.ts';
import type { CheckConclusion } from '../../github/check-runs.ts';
import { findLatestSuccessfulRun } from '../../github/workflows.ts';
import { SCAN_MARKER_KIND } from '../../core/markers/scan-marker.ts';
import type { ScanMarker, ScanVerdict } from '../../core/markers/scan-marker.ts';
import { readScanArtifacts, scannersOf } from './read-scan-artifacts.ts';
import type { ReadScanOptions } from './read-scan-artifacts.ts';
import type { RepoJob } from '../repo-job.ts';

/** A completed scan workflow run, from a webhook or the API. */
export interface ScanRun {
  id: number;
  runAttempt?: number;
  headSha: string;
  headBranch: string | null;
  status: string | null;
  conclusion: string | null;
  htmlUrl: string;
  event: string;
  /** `.github/workflows/<file>` (a trailing `@ref` is ignored); undefined when unknown. */
  path?: string;
  /** `owner/repo` of the head repository: null for a deleted fork, undefined when unknown. */
  headRepoFullName?: string | null;
}

/** What gets posted: the comment body and the check run's fields. */
export interface ScanPublication {
  verdict: ScanVerdict;
  expired: boolean;
  comment: string;
  check: { conclusion: CheckConclusion; title: string; summary: string };
  marker: ScanMarker;
}

function findingsOf(reports: readonly ParsedReport[]) {
  return normaliseFindings(reports.flatMap((report) => report.findings));
}

/** The base side: the latest successful run on `baseRef` with at least one readable report. */
async function readBase(job: RepoJob, config: FreshpinConfig, baseRef: string, options: ReadScanOptions) {
  const run = await findLatestSuccessfulRun(job.octokit, job.repo, config.scan.workflow, baseRef);
  if (run === undefined) return undefined;
  const side = await readScanArtifacts(job, run.id, options);
  if (side.reports.length === 0) {
    job.log.info({ baseRun: run.id, unreadable: side.unreadable.length }, 'the base scan has no readable report: no baseline');
    return undefined;
  }
  return { runId: run.id, reports: side.reports };
}

/** The check title of a run with no results: expired, refused (final: the marker records the run, so no pass reads it again), or empty. */
function noResultsTitle(head: { expired: boolean; refused?: string }, conclusion: string): string {
  if (head.expired) return 'No scan results: the artifact has expired';
  if (head.refused !== undefined) return `No scan results: the artifact was refused (${head.refused})`.slice(0, 200);
  return `No scan results (the run ended ${conclusion})`;
}

/**
 * Reads the run's reports and the base's, and builds the comment and check run. The base is
 * read only when the run left at least one readable report.
 */
export async function compareScan(job: RepoJob, config: FreshpinConfig, run: ScanRun, baseRef: string, options: ReadScanOptions = {}): Promise<ScanPublication> {
  const head = await readScanArtifacts(job, run.id, options);
  const base = head.reports.length > 0 ? await readBase(job, config, baseRef, options) : undefined;
  const diff = diffScans(findingsOf(head.reports), base === undefined ? undefined : findingsOf(base.reports));
  const gate = evaluateScanGate(diff, config.scan.failOn);
  const scanners = scannersOf(head.reports);
  const verdict: ScanVerdict = scanners.length === 0 ? 'no-results' : gate.conclusion;
  const conclusion = run.conclusion ?? 'unknown';
  const marker: ScanMarker = {
    v: 1,
    runId: run.id,
    ...(run.runAttempt === undefined ? {} : { runAttempt: run.runAttempt }),
    headSha: run.headSha,
    conclusion,
    gate: verdict,
    ...(base === undefined ? {} : { baseRunId: base.runId }),
  };
  const input: ScanCommentInput = {
    diff,
    run: { url: run.htmlUrl, conclusion, headSha: run.headSha, runId: run.id },
    scanners,
    unreadable: head.unreadable,
    gate,
    marker,
  };
  const comment = renderScanComment(input);
  const summary = removeMarkers(comment, SCAN_MARKER_KIND).trim();
  const check =
    verdict === 'no-results'
      ? { conclusion: 'failure' as const, title: noResultsTitle(head, conclusion), summary }
      : { conclusion: gate.conclusion, title: gate.summary.slice(0, 200), summary };
  return { verdict, expired: head.expired, comment, check, marker };
}
