// One uploaded file → findings. The format is detected from the content, never from the
// file name (which is for display only): a Trivy table uploaded by mistake is reported as
// unreadable with a short reason instead of being mis-parsed.
import type { ParsedReport, ReportFormat, ScanFinding, ScannerName, UnreadableReport } from './scan-model.ts';
import { SarifLog, SarifRun } from './sarif-shape.ts';
import { looksLikeTrivyJson, parseTrivyJson, TrivyReport } from './parse-trivy-json.ts';
import { isTrivyRun, parseTrivySarifRuns } from './parse-trivy-sarif.ts';
import { isScoutRun, parseScoutSarifRuns } from './parse-scout-sarif.ts';
import { looksLikeGrypeJson, parseGrypeJson } from './parse-grype-json.ts';
import { isGrypeRun, parseGrypeSarifRuns } from './parse-grype-sarif.ts';
import { parseSarifLazily } from './parse-sarif-lazily.ts';

const SARIF_TOOLS: ReadonlyArray<{
  format: ReportFormat;
  scanner: ScannerName;
  matches: (run: SarifRun) => boolean;
  parse: (runs: readonly SarifRun[]) => ScanFinding[];
}> = [
  { format: 'trivy-sarif', scanner: 'trivy', matches: isTrivyRun, parse: parseTrivySarifRuns },
  { format: 'scout-sarif', scanner: 'scout', matches: isScoutRun, parse: parseScoutSarifRuns },
  { format: 'grype-sarif', scanner: 'grype', matches: isGrypeRun, parse: parseGrypeSarifRuns },
];

/**
 * Most findings one report may hold. A large Debian image has a few thousand; more is not a
 * report to gate on, and it is refused whole rather than cut (a cut report would hide findings).
 */
export const MAX_FINDINGS_PER_REPORT = 20_000;

/**
 * Largest JSON document parsed whole (JSON.parse builds the full object tree, about 3–5× the
 * text). SARIF is parsed result by result (parse-sarif-lazily.ts) and is bounded only by the
 * artifact's caps; Trivy and Grype JSON over this are refused.
 */
export const MAX_EAGER_JSON_CHARS = 16 * 1024 * 1024;

class TooLargeToParse extends Error {
  override name = 'TooLargeToParse';
}

function unreadable(name: string, reason: string): UnreadableReport {
  return { ok: false, name, reason };
}

function parsed(name: string, format: ReportFormat, scanner: ScannerName, findings: ScanFinding[]): ParsedReport | UnreadableReport {
  if (findings.length > MAX_FINDINGS_PER_REPORT) return unreadable(name, `${findings.length} findings, more than the ${MAX_FINDINGS_PER_REPORT} freshpin reads per report`);
  return { ok: true, name, format, scanner, findings };
}

/** Why non-JSON text can't be read, in a few words. */
function describeNonJson(text: string): string {
  const head = text.slice(0, 4096);
  if (head.startsWith('PK')) return 'a zip archive, not a scanner report';
  if (/[┌│╭]/.test(head) || /^Total: \d+/m.test(head) || /Report Summary/.test(head)) {
    return 'Trivy table text, not JSON or SARIF (set the scanner output format to json or sarif)';
  }
  if (/^\s*</.test(head)) return 'XML or HTML, not JSON or SARIF';
  return 'not JSON or SARIF';
}

function parseSarif(name: string, doc: unknown): ParsedReport | UnreadableReport {
  const log = SarifLog.safeParse(doc);
  if (!log.success) return unreadable(name, 'SARIF without a runs array');
  const runs: SarifRun[] = [];
  for (const raw of log.data.runs) {
    const run = SarifRun.safeParse(raw);
    if (run.success) runs.push(run.data);
  }
  if (runs.length === 0) return unreadable(name, 'SARIF with no runs');
  for (const tool of SARIF_TOOLS) {
    const mine = runs.filter(tool.matches);
    if (mine.length > 0) return parsed(name, tool.format, tool.scanner, tool.parse(mine));
  }
  const toolName = runs[0]?.tool.driver.name.replace(/[^\w .@/-]/g, '').slice(0, 40) || 'an unnamed tool';
  return unreadable(name, `SARIF from ${toolName}, which freshpin does not read (Trivy, Docker Scout or Grype)`);
}

function isSarifLike(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  return 'runs' in doc && ('$schema' in doc || 'version' in doc || Array.isArray(doc.runs));
}

/** Documents that look like SARIF (a `"runs"` key near the top) are parsed lazily; the rest, or on any doubt, by JSON.parse. */
function parseDocument(text: string): unknown {
  const head = text.length > 65_536 ? text.slice(0, 65_536) : text;
  if (/^\s*\{/.test(head) && /"runs"\s*:/.test(head)) {
    try {
      return parseSarifLazily(text);
    } catch {
      // Fall through: JSON.parse gives the authoritative verdict.
    }
  }
  if (text.length > MAX_EAGER_JSON_CHARS) throw new TooLargeToParse();
  return JSON.parse(text) as unknown;
}

/**
 * Parses one scanner report (Trivy JSON/SARIF, Docker Scout SARIF, Grype JSON/SARIF), detected by content.
 * Never throws: anything else comes back as an UnreadableReport with a short reason.
 */
export function parseScanReport(name: string, content: string | Uint8Array): ParsedReport | UnreadableReport {
  try {
    let text = typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const start = /\S/.exec(text.length > 4096 ? text.slice(0, 4096) : text)?.index;
    if (start === undefined) return unreadable(name, text.length === 0 ? 'empty file' : 'blank file');
    const first = text[start];
    if (first !== '{' && first !== '[') return unreadable(name, describeNonJson(text.slice(start)));
    let doc: unknown;
    try {
      doc = parseDocument(text);
    } catch (error) {
      if (error instanceof TooLargeToParse) return unreadable(name, `a JSON report of ${Math.round(text.length / 1024 / 1024)} MB, over the ${MAX_EAGER_JSON_CHARS / 1024 / 1024} MB freshpin parses whole (SARIF output has no such limit)`);
      return unreadable(name, 'not valid JSON (truncated or corrupted?)');
    }
    text = '';
    if (isSarifLike(doc)) return parseSarif(name, doc);
    if (looksLikeTrivyJson(doc)) {
      const report = TrivyReport.safeParse(doc);
      const version = report.success ? report.data.SchemaVersion : undefined;
      if (version !== undefined && version !== 2) return unreadable(name, `Trivy JSON SchemaVersion ${version}, expected 2`);
      return parsed(name, 'trivy-json', 'trivy', parseTrivyJson(doc));
    }
    if (looksLikeGrypeJson(doc)) return parsed(name, 'grype-json', 'grype', parseGrypeJson(doc));
    return unreadable(name, 'JSON, but not a Trivy, Grype or SARIF report');
  } catch (error) {
    // A lazily parsed SARIF result that is not valid JSON surfaces here, while the parsers iterate.
    if (error instanceof SyntaxError) return unreadable(name, 'not valid JSON (truncated or corrupted?)');
    // Defensive: the parsers don't throw, but a hostile input must never escape as an exception.
    return unreadable(name, error instanceof RangeError ? 'too large or too deeply nested to read' : 'could not be read');
  }
}
