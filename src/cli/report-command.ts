// `freshpin report --head FILE… [--base FILE…] [--json]`: reads scanner reports (Trivy JSON or
// SARIF, Docker Scout SARIF, Grype JSON or SARIF, or a zip artifact holding them) and prints
// the PR scan comment, or with --json the counts, findings and diff. A file that is there but
// holds no readable report (e.g. Trivy table text) is named in the comment, as the app does;
// the exit code is 2 only when a file cannot be opened or no --head file is readable.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from './cli-io.ts';
import { parseScanReport } from '../core/scan/detect-and-parse-report.ts';
import { normaliseFindings } from '../core/scan/normalise-findings.ts';
import { diffScans } from '../core/scan/diff-scans.ts';
import { evaluateScanGate } from '../core/scan/evaluate-gate.ts';
import { unzipArtifact } from '../core/scan/unzip-artifact.ts';
import { renderScanComment } from '../core/render/render-scan-comment.ts';
import type { DiffEntry, ParsedReport, ScanDiff, ScanFinding, UnreadableReport } from '../core/scan/scan-model.ts';

const USAGE = 'usage: freshpin report --head FILE… [--base FILE…] [--json]';

class ReportUsageError extends Error {
  override name = 'ReportUsageError';
}

interface ReportArgs {
  head: string[];
  base: string[];
  json: boolean;
}

/** Parses argv; `--head` and `--base` are repeatable and take every file that follows them. */
export function parseReportArgs(argv: string[]): ReportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        head: { type: 'string', multiple: true },
        base: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    const message = error instanceof Error ? (error.message.split(/\.\s|\n/)[0] ?? '') : String(error);
    throw new ReportUsageError(`${message}; ${USAGE}`);
  }
  if (parsed.values.help === true) throw new ReportUsageError(USAGE);
  const args: ReportArgs = { head: [], base: [], json: parsed.values.json === true };
  let current: 'head' | 'base' | undefined;
  for (const token of parsed.tokens) {
    if (token.kind === 'option') {
      if (token.name === 'head' || token.name === 'base') {
        current = token.name;
        if (token.value !== undefined) args[current].push(token.value);
      } else {
        current = undefined;
      }
    } else if (token.kind === 'positional') {
      if (current === undefined) throw new ReportUsageError(`unexpected argument "${token.value}"; ${USAGE}`);
      args[current].push(token.value);
    }
  }
  if (args.head.length === 0) throw new ReportUsageError(`--head needs at least one file; ${USAGE}`);
  return args;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** A named file that cannot be opened: the command line is wrong, whatever the other files hold. */
class MissingFileError extends Error {
  override name = 'MissingFileError';
}

/** Reads one file into reports: a zip artifact gives one report per file inside it. */
async function readReports(cwd: string, file: string): Promise<Array<ParsedReport | UnreadableReport>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(cwd, file));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new MissingFileError(`${file}: cannot read the file (${typeof code === 'string' ? code : 'error'})`);
  }
  if (!ZIP_MAGIC.every((b, i) => bytes[i] === b)) return [parseScanReport(file, bytes)];
  try {
    const artifact = unzipArtifact(bytes);
    return [
      ...artifact.files.map((f) => parseScanReport(`${file}:${f.name}`, f.content)),
      ...artifact.rejected.map((r): UnreadableReport => ({ ok: false, name: `${file}:${r.name}`, reason: r.reason })),
    ];
  } catch (error) {
    return [{ ok: false, name: file, reason: error instanceof Error ? error.message : 'unreadable zip' }];
  }
}

async function readSide(cwd: string, files: readonly string[]): Promise<Array<ParsedReport | UnreadableReport>> {
  const reports = [];
  for (const file of files) reports.push(...(await readReports(cwd, file)));
  return reports;
}

function publicEntry(entry: DiffEntry): { id: string; severity: string; packages: string[] } {
  return { id: entry.id, severity: entry.severity, packages: entry.packages };
}

/** The --json document: counts and findings of the head, counts of the base, the diff by id, and the files left unread. */
export function reportJson(diff: ScanDiff, unreadable: readonly UnreadableReport[] = []): unknown {
  return {
    head: { counts: diff.head.counts, findings: diff.head.findings },
    ...(diff.base === undefined ? {} : { base: { counts: diff.base.counts } }),
    introduced: diff.introduced.map(publicEntry),
    fixed: diff.fixed.map(publicEntry),
    ...(unreadable.length === 0 ? {} : { unreadable: unreadable.map((report) => ({ file: report.name, reason: report.reason })) }),
  };
}

/** One line naming the first unreadable report (and how many more). */
function unreadableLine(unreadable: readonly UnreadableReport[]): string {
  const first = unreadable[0];
  const more = unreadable.length > 1 ? ` (and ${unreadable.length - 1} more)` : '';
  return `freshpin report: ${first?.name}: ${first?.reason}${more}\n`.replace(/[\r\n]+(?=.)/g, ' ');
}

/** Runs `freshpin report`. Exit 0 when a --head report is readable; 2 with a one-line reason on a usage error, a file that cannot be opened, or no readable --head report. */
export async function runReport(argv: string[], io: Pick<CliIo, 'stdout' | 'stderr' | 'cwd'>): Promise<number> {
  let args: ReportArgs;
  try {
    args = parseReportArgs(argv);
  } catch (error) {
    if (!(error instanceof ReportUsageError)) throw error;
    io.stderr.write(`freshpin report: ${error.message}\n`);
    return 2;
  }
  let head: Array<ParsedReport | UnreadableReport>;
  let base: Array<ParsedReport | UnreadableReport> | undefined;
  try {
    head = await readSide(io.cwd, args.head);
    base = args.base.length > 0 ? await readSide(io.cwd, args.base) : undefined;
  } catch (error) {
    if (!(error instanceof MissingFileError)) throw error;
    io.stderr.write(`freshpin report: ${error.message}\n`.replace(/[\r\n]+(?=.)/g, ' '));
    return 2;
  }
  const unreadable = [...head, ...(base ?? [])].filter((r): r is UnreadableReport => !r.ok);
  if (!head.some((r) => r.ok)) {
    io.stderr.write(unreadableLine(unreadable));
    return 2;
  }
  const findings = (reports: Array<ParsedReport | UnreadableReport>): ScanFinding[] =>
    reports.flatMap((r) => (r.ok ? r.findings : []));
  // A base without one readable report is no baseline, as in the app.
  const baseline = base?.some((r) => r.ok) === true ? normaliseFindings(findings(base)) : undefined;
  const diff = diffScans(normaliseFindings(findings(head)), baseline);
  if (args.json) {
    io.stdout.write(`${JSON.stringify(reportJson(diff, unreadable), null, 2)}\n`);
    return 0;
  }
  const scanners = [...new Set([...head, ...(base ?? [])].flatMap((r) => (r.ok ? [r.scanner] : [])))].sort();
  io.stdout.write(renderScanComment({ diff, scanners, unreadable, gate: evaluateScanGate(diff) }));
  return 0;
}
