// A scan run's reports: its `freshpin-scan` artifact is listed, downloaded with a byte cap,
// unzipped in memory under caps and every file in it parsed by content. The artifact is
// untrusted: nothing is written to disk, nothing is executed, and the signed download URL
// is never logged (the adapter never hands it out). Problems become `unreadable` entries
// with a short reason fit for the PR comment, except transient GitHub failures, which throw
// so that the next webhook retry or pass tries again.
import { ArtifactRejectedError, DEFAULT_UNZIP_CAPS, unzipArtifact } from '../../core/scan/unzip-artifact.ts';
import type { UnzipCaps } from '../../core/scan/unzip-artifact.ts';
import { parseScanReport } from '../../core/scan/detect-and-parse-report.ts';
import type { ParsedReport } from '../../core/scan/scan-model.ts';
import { ArtifactExpiredError, ArtifactTooLargeError, downloadArtifact, listRunArtifacts } from '../../github/artifacts.ts';
import { isGitHubFailure } from '../../github/github-errors.ts';
import type { RepoJob } from '../repo-job.ts';

/** The artifact the scan workflow uploads (templates/freshpin-scan.yml). */
export const SCAN_ARTIFACT_NAME = 'freshpin-scan';

/**
 * Largest artifact zip downloaded (it is held in memory while unzipped): JSON and SARIF reports
 * compress 10–20×, so 16 MiB of zip is more than the 48 MiB of text read from it.
 */
export const MAX_ARTIFACT_BYTES = 16 * 1024 * 1024;

/** Caps on the unzipped artifact, the same as `freshpin report`'s: a few reports, at most MAX_UNZIPPED_BYTES (48 MiB) of text in all. */
export const SCAN_UNZIP_CAPS: UnzipCaps = DEFAULT_UNZIP_CAPS;

export interface ScanReports {
  /** Reports recognised and read. */
  reports: ParsedReport[];
  /** Files (or the artifact itself) that could not be read, with a reason. */
  unreadable: Array<{ name: string; reason: string }>;
  /** True when GitHub no longer has the artifact (410). */
  expired: boolean;
  /** Why the whole artifact was refused (too large, not a readable zip); the run is then shown as refused, once. */
  refused?: string;
}

export interface ReadScanOptions {
  maxBytes?: number;
  /** For the signed-URL download; default the global fetch. */
  fetch?: typeof fetch;
}

/** Reads the reports of run `runId`. Throws GitHubError only for failures worth retrying. */
export async function readScanArtifacts(job: RepoJob, runId: number, options: ReadScanOptions = {}): Promise<ScanReports> {
  const result: ScanReports = { reports: [], unreadable: [], expired: false };
  const artifact = (await listRunArtifacts(job.octokit, job.repo, runId))
    .filter((candidate) => candidate.name === SCAN_ARTIFACT_NAME)
    .sort((a, b) => b.id - a.id)[0];
  if (artifact === undefined) {
    result.unreadable.push({ name: SCAN_ARTIFACT_NAME, reason: `the run uploaded no artifact named ${SCAN_ARTIFACT_NAME}` });
    return result;
  }
  const maxBytes = options.maxBytes ?? MAX_ARTIFACT_BYTES;
  let zip: Uint8Array;
  try {
    zip = await downloadArtifact(job.octokit, job.repo, artifact, { maxBytes, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) });
  } catch (error) {
    if (error instanceof ArtifactExpiredError || isGitHubFailure(error, 'gone')) {
      result.expired = true;
      result.unreadable.push({ name: SCAN_ARTIFACT_NAME, reason: 'the artifact has expired, GitHub answered 410 Gone; re-run the scan workflow to scan again' });
      return result;
    }
    if (error instanceof ArtifactTooLargeError) {
      result.refused = `the artifact is larger than the ${describeBytes(maxBytes)} freshpin reads`;
      result.unreadable.push({ name: SCAN_ARTIFACT_NAME, reason: result.refused });
      return result;
    }
    throw error;
  }
  job.log.debug({ runId, artifact: artifact.id, bytes: zip.byteLength }, 'scan artifact downloaded');
  let files;
  try {
    const unzipped = unzipArtifact(zip, SCAN_UNZIP_CAPS);
    files = unzipped.files;
    result.unreadable.push(...unzipped.rejected);
  } catch (error) {
    if (!(error instanceof ArtifactRejectedError)) throw error;
    result.refused = `not a readable zip: ${error.message}`;
    result.unreadable.push({ name: SCAN_ARTIFACT_NAME, reason: result.refused });
    return result;
  }
  if (files.length === 0 && result.unreadable.length === 0) result.unreadable.push({ name: SCAN_ARTIFACT_NAME, reason: 'the artifact holds no files' });
  for (const file of files) {
    const report = parseScanReport(file.name, file.content);
    if (report.ok) result.reports.push(report);
    else result.unreadable.push({ name: report.name, reason: report.reason });
  }
  return result;
}

function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${bytes} bytes`;
}

/** The scanners that reported, sorted and distinct. */
export function scannersOf(reports: readonly ParsedReport[]): string[] {
  return [...new Set(reports.map((report) => report.scanner))].sort();
}
