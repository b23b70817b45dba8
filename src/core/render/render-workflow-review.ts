// Words about the installed scan workflow: the body of the PR that upgrades a shipped template,
// the dashboard lines (upgrade pending or declined, customised but outdated, unsafe pins) and
// the warnings `freshpin check` prints.
import type { PinProblem } from '../workflow/audit-workflow-pins.ts';
import type { ScanWorkflowState, ShippedTemplate } from '../workflow/shipped-templates.ts';
import { CURRENT_SCAN_TEMPLATE_VERSION, CURRENT_TEMPLATE_CHANGES } from '../workflow/shipped-templates.ts';
import { escapeMarkdown, inlineCode } from './escape-markdown.ts';
import { renderMarker } from '../markers/markers.ts';

export const UPGRADE_MARKER = 'workflow-upgrade';

/** Text from a repository as a code span when it is plainly an action reference, else escaped. */
function inert(text: string): string {
  return /^[\w./@:+-]{1,200}$/.test(text) ? inlineCode(text) : escapeMarkdown(text);
}

/** `actions/checkout@v4` (line 12): pinned to the tag… — one problem, for markdown. */
function problemItem(problem: PinProblem): string {
  const advisory = problem.advisory === undefined ? '' : ` ([${problem.advisory.id}](${problem.advisory.url}))`;
  return `${inert(problem.uses)} (line ${problem.line}): ${escapeMarkdown(problem.message, { maxLength: 400 })}${advisory}`;
}

export function renderUpgradeTitle(): string {
  return `Upgrade the freshpin scan workflow (template v${CURRENT_SCAN_TEMPLATE_VERSION})`;
}

export interface UpgradeBodyInput {
  path: string;
  from: ShippedTemplate;
  problems: readonly PinProblem[];
}

/** The upgrade PR's body: why (with the advisories), what changes, and what it keeps. */
export function renderUpgradeBody(input: UpgradeBodyInput): string {
  const lines = [
    `${inlineCode(input.path)} is freshpin's scan workflow template v${input.from.version}, unchanged since freshpin installed it. This PR replaces it with template v${CURRENT_SCAN_TEMPLATE_VERSION}.`,
    '',
    '## Why',
    '',
    ...input.from.upgradeReasons.map((reason) => `- ${reason}`),
  ];
  if (input.from.advisories.length > 0) lines.push('', `Advisories: ${input.from.advisories.map((a) => `[${a.id}](${a.url})`).join(', ')}.`);
  if (input.problems.length > 0) lines.push('', 'Unsafe pins in the current file:', '', ...input.problems.map((problem) => `- ${problemItem(problem)}`));
  lines.push(
    '',
    '## What changes',
    '',
    ...CURRENT_TEMPLATE_CHANGES.map((change) => `- ${change}`),
    '',
    "freshpin keeps this PR up to date while the workflow is still the template it shipped. If you edit the workflow instead, freshpin never overwrites it; its dashboard then lists the pins it considers unsafe. Close this PR to decline the upgrade.",
    '',
    renderMarker(UPGRADE_MARKER, { from: input.from.version, to: CURRENT_SCAN_TEMPLATE_VERSION, path: input.path }),
    '',
  );
  return lines.join('\n');
}

/** What the pass knows of the upgrade PR, for the dashboard. */
export type UpgradePullState = { kind: 'open'; number: number } | { kind: 'declined'; number: number } | { kind: 'refused'; reason: string };

/** Dashboard lines about the scan workflow; none when it is current or customised and safe. */
export function renderWorkflowDashboardLines(path: string, state: ScanWorkflowState, pull?: UpgradePullState): string[] {
  const unsafe = (problems: readonly PinProblem[]) => problems.map((problem) => `  - ${problemItem(problem)}`);
  switch (state.kind) {
    case 'current':
      return [];
    case 'shipped': {
      const head = `- ${inlineCode(path)} is freshpin's template v${state.template.version}, which is outdated (current: v${CURRENT_SCAN_TEMPLATE_VERSION})`;
      const advisories = state.template.advisories.map((a) => `[${a.id}](${a.url})`).join(', ');
      const why = advisories === '' ? '' : ` (see ${advisories})`;
      const tail =
        pull === undefined
          ? '.'
          : pull.kind === 'open'
            ? `; #${pull.number} upgrades it${why}.`
            : pull.kind === 'declined'
              ? `; the upgrade PR #${pull.number} was closed, so freshpin leaves it as it is${why}. To upgrade, copy \`templates/freshpin-scan.yml\` from freshpin.`
              : `; freshpin could not propose the upgrade: ${escapeMarkdown(pull.reason, { maxLength: 300 })}.`;
      return [head + tail, ...unsafe(state.problems)];
    }
    case 'customised': {
      if (!state.outdated) return [];
      const older = state.markerVersion !== undefined && state.markerVersion < CURRENT_SCAN_TEMPLATE_VERSION ? ` It is based on template v${state.markerVersion}; the current one is v${CURRENT_SCAN_TEMPLATE_VERSION}.` : '';
      const pins = state.problems.length === 0 ? '' : ' Unsafe pins:';
      return [`- ${inlineCode(path)} is outdated: it was edited, so freshpin does not overwrite it.${older}${pins}`, ...unsafe(state.problems)];
    }
  }
}

/** Plain-text warnings for `freshpin check` (one line per unsafe pin). */
export function renderWorkflowWarnings(path: string, problems: readonly PinProblem[]): string[] {
  return problems.map((problem) => `warning: ${path}:${problem.line}: ${problem.uses}: ${problem.message}${problem.advisory === undefined ? '' : ` (${problem.advisory.url})`}`);
}
