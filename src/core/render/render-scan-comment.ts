// The PR comment for a scan: headline, gate, severity table, introduced and fixed findings,
// run details, unreadable files, hidden marker. Always under GitHub's 65,536-character limit
// (lists are cut with a note), and no line starts with `/` or `@`, so no part of it can be read
// back as a command or a mention.
import type { DiffEntry, GateResult, ScanDiff } from '../scan/scan-model.ts';
import { groupById } from '../scan/diff-scans.ts';
import { escapeMarkdown, ZWSP } from './escape-markdown.ts';
import { renderScanMarker } from '../markers/scan-marker.ts';
import {
  FINDING_TABLE_HEADER,
  isFailedRun,
  renderFindingRow,
  renderGateLine,
  renderHeadline,
  renderRunDetails,
  renderSeverityTable,
} from './render-scan-parts.ts';
import type { ScanRunInfo } from './render-scan-parts.ts';

export type { ScanRunInfo } from './render-scan-parts.ts';

export interface ScanCommentInput {
  diff: ScanDiff;
  /** The workflow run; omitted for a local `freshpin report`. */
  run?: ScanRunInfo;
  /** Scanners whose reports were read. */
  scanners: string[];
  unreadable: Array<{ name: string; reason: string }>;
  gate: GateResult;
  /** Data for the hidden `freshpin:scan` marker (keep it small: over 8 KB it is dropped). */
  marker?: unknown;
}

/** GitHub refuses comments of 65,536 characters or more; stay well below. */
export const MAX_COMMENT_LENGTH = 65_000;
const MAX_ROWS_PER_LIST = 300;
const MAX_UNREADABLE = 20;


function unreadableSection(unreadable: ScanCommentInput['unreadable']): string[] {
  if (unreadable.length === 0) return [];
  const lines = [`#### Unreadable reports (${unreadable.length})`, ''];
  for (const file of unreadable.slice(0, MAX_UNREADABLE)) {
    lines.push(`- ${escapeMarkdown(file.name, { maxLength: 100 }) || '(unnamed)'}: ${escapeMarkdown(file.reason, { maxLength: 200 })}`);
  }
  if (unreadable.length > MAX_UNREADABLE) lines.push(`- …and ${unreadable.length - MAX_UNREADABLE} more`);
  lines.push('');
  return lines;
}

/** Characters of the lines once joined with newlines. */
function length(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + l.length + 1, 0);
}

/**
 * A findings section within a character budget: as many rows as fit, then a note with how many
 * were left out.
 */
function findingSection(title: string, entries: readonly DiffEntry[], budget: number): string[] {
  if (entries.length === 0) return [];
  const lines = [`#### ${title} (${entries.length})`, '', ...FINDING_TABLE_HEADER];
  let used = length(lines);
  const noteReserve = 200;
  if (used + noteReserve > budget) return [`#### ${title} (${entries.length})`, '', '_Not shown: the comment has a size limit._', ''];
  let shown = 0;
  for (const entry of entries) {
    if (shown >= MAX_ROWS_PER_LIST) break;
    const row = renderFindingRow(entry);
    if (used + row.length + 1 + noteReserve > budget) break;
    lines.push(row);
    used += row.length + 1;
    shown += 1;
  }
  if (shown < entries.length) {
    lines.push('', `_…and ${entries.length - shown} more not shown: the comment has a size limit. Run \`freshpin report --json\` on the reports for the full list._`);
  }
  lines.push('');
  return lines;
}

/** No line may start (after spaces) with `/` or `@`: prefix such lines with a zero-width space. */
function defuseLineStarts(text: string): string {
  return text.replace(/^([ \t]*)([/@])/gm, `$1${ZWSP}$2`);
}

/** Renders the scan comment. Pure and deterministic. */
export function renderScanComment(input: ScanCommentInput): string {
  const { diff, run, scanners, gate } = input;
  const failed = isFailedRun(run, scanners);
  const head: string[] = ['### freshpin image scan', '', `**${renderHeadline(diff, run, scanners)}**`, ''];
  if (!failed) {
    head.push(renderGateLine(gate), '');
    if (run !== undefined && run.conclusion !== 'success') {
      const conclusion = escapeMarkdown(run.conclusion, { maxLength: 30 }) || 'unknown';
      head.push(`> Note: the scan run ended **${conclusion}**; these results come from the reports it uploaded.`, '');
    }
    head.push(...renderSeverityTable(diff), '', '_Counts are distinct vulnerability ids._', '');
  }
  const tail: string[] = [
    ...unreadableSection(input.unreadable),
    '#### Run details',
    '',
    ...renderRunDetails(run, scanners, failed ? undefined : gate),
    '',
    renderScanMarker(input.marker),
  ];
  let budget = MAX_COMMENT_LENGTH - length(head) - length(tail);
  const body: string[] = [];
  if (!failed && diff.hasBaseline) {
    // Introduced findings come first, but the fixed list keeps at least a quarter of the room it needs.
    const fixedReserve = length(findingSection('Fixed', diff.fixed, Math.floor(budget / 4)));
    const introduced = findingSection('Introduced', diff.introduced, budget - fixedReserve);
    budget -= length(introduced);
    const fixed = findingSection('Fixed', diff.fixed, budget);
    body.push(...introduced, ...fixed);
  } else if (!failed) {
    body.push(...findingSection('Vulnerabilities in the PR image', groupById(diff.head.findings), budget));
  }
  const text = defuseLineStarts([...head, ...body, ...tail].join('\n')) + '\n';
  // The head and tail are bounded (escaped fields are length-capped, lists are capped), so this
  // only guards against a future change breaking the limit.
  return text.length < MAX_COMMENT_LENGTH ? text : `${text.slice(0, MAX_COMMENT_LENGTH - 200)}\n\n_…cut at the size limit._\n`;
}
