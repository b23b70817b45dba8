// The "freshpin dashboard" issue: every pin with its value, newest usable value and status;
// open PRs; what waits; end-of-life warnings; rejections and ignores with their undo; errors.
// No timestamps, so the body changes only when the content does.
import type { CheckReport } from '../report/build-check-report.ts';
import { escapeCell, escapeMarkdown, inlineCode } from './escape-markdown.ts';
import { renderMarker } from '../markers/markers.ts';

export const DASHBOARD_MARKER = 'dashboard';
export const DASHBOARD_TITLE = 'freshpin dashboard';

export interface DashboardInput {
  report?: CheckReport;
  openPulls: ReadonlyArray<{ number: number; file: string; name: string; proposed: string }>;
  deferred: ReadonlyArray<{ file: string; name: string; proposed: string; reason: string }>;
  rejected: ReadonlyArray<{ number: number; file: string; name: string; value: string }>;
  ignored: ReadonlyArray<{ number: number; file: string; name: string }>;
  errors: readonly string[];
  /** Markdown lines about the scan workflow (render-workflow-review.ts), already escaped. */
  workflow?: readonly string[];
}

function pinsTable(report: CheckReport): string[] {
  if (report.pins.length === 0) return ['No FROM images found.'];
  const proposals = new Map(report.updates.map((u) => [`${u.file}:${u.line}:${u.name}`, u.proposed]));
  const lines = ['| file | pin | current | newest usable | status |', '|---|---|---|---|---|'];
  for (const pin of report.pins) {
    const newest = proposals.get(`${pin.file}:${pin.line}:${pin.name}`) ?? (pin.status === 'up-to-date' ? pin.current : '—');
    const status = pin.status + (pin.eol === undefined ? '' : ' ⚠️ EOL') + (pin.reason === undefined ? '' : `: ${pin.reason}`);
    lines.push(`| ${escapeCell(`${pin.file}:${pin.line}`)} | ${escapeCell(pin.name)} | ${escapeCell(pin.current)} | ${escapeCell(newest)} | ${escapeCell(status, { maxLength: 300 })} |`);
  }
  return lines;
}

function section(title: string, items: readonly string[]): string[] {
  return items.length === 0 ? [] : ['', `## ${title}`, '', ...items];
}

export function renderDashboard(input: DashboardInput): string {
  const lines = ['This issue is kept up to date by freshpin. It lists every dated base-image pin it manages.', ''];
  lines.push(...(input.report === undefined ? ['Pins are not checked until the problems below are fixed.'] : pinsTable(input.report)));
  lines.push(...section('Open freshpin PRs', input.openPulls.map((p) => `- #${p.number}: ${inlineCode(p.name)} in ${inlineCode(p.file)} → ${inlineCode(p.proposed)}`)));
  lines.push(...section('Waiting', input.deferred.map((d) => `- ${inlineCode(d.name)} in ${inlineCode(d.file)} → ${inlineCode(d.proposed)}: ${escapeMarkdown(d.reason)}`)));
  const eol = (input.report?.pins ?? []).filter((pin) => pin.eol !== undefined);
  lines.push(
    ...section(
      '⚠️ End of life',
      eol.map((pin) => {
        const migration = pin.migration === undefined ? 'no supported codename has a value for every image it feeds yet' : `migration candidate ${inlineCode(pin.migration.proposed)} (comment \`/freshpin upgrade\` on the pin's PR, or set \`migrate: true\`)`;
        return `- ${inlineCode(pin.name)} in ${inlineCode(pin.file)}: Debian ${pin.eol?.codename ?? ''} support ended on ${pin.eol?.ended ?? ''}; ${migration}`;
      }),
    ),
  );
  lines.push(
    ...section('Rejected values', input.rejected.map((r) => `- ${inlineCode(r.name)} in ${inlineCode(r.file)}: ${inlineCode(r.value)} was rejected in #${r.number}; to allow it again, comment \`/freshpin unignore\` on #${r.number}`)),
  );
  lines.push(...section('Ignored pins', input.ignored.map((i) => `- ${inlineCode(i.name)} in ${inlineCode(i.file)}, ignored in #${i.number}; to resume it, comment \`/freshpin unignore\` on #${i.number} or here`)));
  lines.push(...section('⚠️ Scan workflow', input.workflow ?? []));
  lines.push(...section('Problems', input.errors.map((error) => `- ${escapeMarkdown(error, { maxLength: 500 })}`)));
  const data = { rejected: input.rejected.map((r) => ({ number: r.number, file: r.file, value: r.value })), ignored: input.ignored.map((i) => ({ number: i.number, file: i.file })) };
  lines.push('', renderMarker(DASHBOARD_MARKER, data), '');
  return lines.join('\n');
}
