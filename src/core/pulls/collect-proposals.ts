// From a repository's plans to one proposal per updated pin: its stable identity, the file text
// with only that pin changed, and what the PR body shows (images, skipped values, end of life).
// Read from the decision itself (the plans by pinKey), not from the CLI's report.
import { pinKey, stablePinId } from '../dockerfile/pin-identity.ts';
import type { PinPlan, PlannedImage, SkippedValue } from '../plan/plan-types.ts';
import type { AnalyzedFile } from '../report/build-check-report.ts';
import { editPinText } from '../report/edit-pin-text.ts';
import type { PinNow, PullProposal } from './decide-pull-actions.ts';

export interface BumpProposal extends PullProposal {
  after: string;
  images: PlannedImage[];
  skipped: SkippedValue[];
  eol?: { codename: string; ended: string };
  migrationCandidate?: { proposed: string };
}

/** Every pin on the base branch, by stable id, with its current value. */
export function listPinsNow(files: readonly AnalyzedFile[]): PinNow[] {
  return files.flatMap((file) => (file.analysis === undefined ? [] : file.analysis.pins.map((pin) => ({ file: file.path, pin: stablePinId(file.analysis!, pin), current: pin.value }))));
}

/** One proposal per pin whose plan (in `plans`, by `pinKey(file, pin.id)`) is an update that can be written. */
export function collectProposals(files: readonly AnalyzedFile[], plans: ReadonlyMap<string, PinPlan>): BumpProposal[] {
  const proposals: BumpProposal[] = [];
  for (const file of files) {
    const analysis = file.analysis;
    if (analysis === undefined) continue;
    for (const pin of analysis.pins) {
      const plan = plans.get(pinKey(file.path, pin.id));
      if (plan?.status !== 'update' || plan.proposed === undefined) continue;
      let after: string;
      try {
        after = editPinText(file.text, analysis, pin, plan.proposed, plan.images);
      } catch {
        continue; // The report names the edit's error; there is nothing to propose.
      }
      const migration = plan.migration?.proposed === plan.proposed;
      const proposal: BumpProposal = { file: file.path, pin: stablePinId(analysis, pin), name: pin.name, current: pin.value, proposed: plan.proposed, migration, after, images: plan.images, skipped: plan.skipped };
      if (plan.eol !== undefined) proposal.eol = plan.eol;
      if (plan.migration !== undefined && !migration) proposal.migrationCandidate = { proposed: plan.migration.proposed };
      proposals.push(proposal);
    }
  }
  return proposals;
}
