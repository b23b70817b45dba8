// From a repository plan to one proposal per pin: its stable identity, the file text with
// only that pin changed, and what the PR body shows (images, skipped values, end of life).
import type { Pin } from '../model.ts';
import type { PlannedImage, SkippedValue } from '../plan/plan-types.ts';
import type { AnalyzedFile, CheckReport } from '../report/build-check-report.ts';
import { editPinText } from '../report/edit-pin-text.ts';
import { stablePinId } from '../dockerfile/pin-identity.ts';
import type { PinNow, PullProposal } from './decide-pull-actions.ts';

export interface BumpProposal extends PullProposal {
  after: string;
  images: PlannedImage[];
  skipped: SkippedValue[];
  eol?: { codename: string; ended: string };
  migrationCandidate?: { proposed: string };
}

function findPin(file: AnalyzedFile, line: number, name: string): Pin | undefined {
  return file.analysis?.pins.find((pin) => pin.line === line && pin.name === name);
}

/** Every pin on the base branch, by stable id, with its current value. */
export function listPinsNow(files: readonly AnalyzedFile[]): PinNow[] {
  return files.flatMap((file) => (file.analysis === undefined ? [] : file.analysis.pins.map((pin) => ({ file: file.path, pin: stablePinId(file.analysis!, pin), current: pin.value }))));
}

/** One proposal per update in the report. */
export function collectProposals(files: readonly AnalyzedFile[], report: CheckReport): BumpProposal[] {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const proposals: BumpProposal[] = [];
  for (const update of report.updates) {
    const file = byPath.get(update.file);
    const pin = file === undefined ? undefined : findPin(file, update.line, update.name);
    if (file?.analysis === undefined || pin === undefined) continue;
    const entry = report.pins.find((p) => p.file === update.file && p.line === update.line && p.name === update.name);
    const proposal: BumpProposal = {
      file: update.file,
      pin: stablePinId(file.analysis, pin),
      name: pin.name,
      current: update.current,
      proposed: update.proposed,
      migration: entry?.migration?.proposed === update.proposed,
      after: editPinText(file.text, file.analysis, pin, update.proposed, update.images),
      images: update.images,
      skipped: update.skipped,
    };
    if (entry?.eol !== undefined) proposal.eol = entry.eol;
    if (entry?.migration !== undefined && !proposal.migration) proposal.migrationCandidate = { proposed: entry.migration.proposed };
    proposals.push(proposal);
  }
  return proposals;
}
