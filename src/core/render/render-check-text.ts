// The human output of `freshpin check`: a table of pins, what would change and why,
// end-of-life warnings, errors, and a unified diff of the edits.
import { createTwoFilesPatch } from 'diff';
import type { CheckReport, FileChange, PinEntry } from '../report/build-check-report.ts';

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => pad(row, widths));
}

function note(pin: PinEntry, proposed: string | undefined): string {
  if (pin.status === 'update') return `→ ${proposed ?? '?'}`;
  return pin.reason ?? '';
}

function renderDetails(report: CheckReport): string[] {
  const lines: string[] = [];
  for (const update of report.updates) {
    lines.push('', `${update.file}:${update.line} ${update.name}: ${update.current} → ${update.proposed}`);
    for (const image of update.images) {
      const platforms = image.platforms.length > 0 ? ` [${image.platforms.join(', ')}]` : '';
      lines.push(`  ${image.ref} → ${image.proposed}${platforms}`);
    }
    for (const skipped of update.skipped) lines.push(`  skipped ${skipped.value}: ${skipped.reason}`);
  }
  for (const pin of report.pins) {
    if (pin.eol !== undefined) {
      lines.push('', `⚠ ${pin.file}:${pin.line} ${pin.name}: ${pin.eol.codename} reached end of life on ${pin.eol.ended}`);
      for (const skipped of pin.migrationSkipped ?? []) lines.push(`  passed over ${skipped.value}: ${skipped.reason}`);
      if (pin.migration !== undefined) {
        lines.push(`  migration candidate: ${pin.migration.proposed} (set migrate: true to propose it)`);
        for (const image of pin.migration.images) lines.push(`    ${image.ref} → ${image.proposed}`);
      } else {
        lines.push('  no supported codename has a value for every image this pin feeds');
      }
    }
    if (pin.status === 'blocked' || pin.status === 'error') lines.push('', `${pin.file}:${pin.line} ${pin.name} ${pin.status}: ${pin.reason ?? ''}`);
  }
  return lines;
}

/** Renders the report for a terminal. `written` says whether the edits were applied. */
export function renderCheckText(report: CheckReport, changes: readonly FileChange[], options: { written: boolean }): string {
  const lines: string[] = [];
  if (report.pins.length === 0) {
    lines.push('No FROM images found.');
  } else {
    const proposals = new Map(report.updates.map((u) => [`${u.file}:${u.line}:${u.name}`, u.proposed]));
    const rows = [['FILE:LINE', 'PIN', 'CURRENT', 'STATUS', 'PROPOSED / WHY'] as const as readonly string[]];
    for (const pin of report.pins) {
      const status = pin.eol === undefined ? pin.status : `${pin.status} (EOL)`;
      rows.push([`${pin.file}:${pin.line}`, pin.name, pin.current, status, note(pin, proposals.get(`${pin.file}:${pin.line}:${pin.name}`))]);
    }
    lines.push(...table(rows));
  }
  lines.push(...renderDetails(report));
  if (report.errors.length > 0) {
    lines.push('', 'Errors:');
    for (const error of report.errors) lines.push(`  ${error.message}`);
  }
  for (const change of changes) {
    lines.push('', createTwoFilesPatch(`a/${change.file}`, `b/${change.file}`, change.before, change.after, undefined, undefined, { context: 3 }).trimEnd());
  }
  lines.push('');
  if (changes.length === 0) lines.push('Nothing to change.');
  else if (options.written) lines.push(`Wrote ${changes.length} file${changes.length === 1 ? '' : 's'}.`);
  else lines.push(`Dry run: ${changes.length} file${changes.length === 1 ? '' : 's'} would change. Run again with --write to apply.`);
  return `${lines.join('\n')}\n`;
}
