// The text of a file after one pin's proposal: its value and, for fed FROMs that carry a
// digest, the new digests. Shared by the whole-repository report and the one-PR-per-pin flow.
import { applyEdits } from '../dockerfile/apply-edits.ts';
import { planEdits } from '../dockerfile/plan-edits.ts';
import type { DockerfileAnalysis, Pin, TextEdit } from '../model.ts';
import type { PlannedImage } from '../plan/plan-types.ts';

/** New digests per FROM index, matching each planned image to the FROM it came from. */
export function digestsByFrom(analysis: DockerfileAnalysis, pin: Pin, images: readonly PlannedImage[]): Map<number, string> {
  const digests = new Map<number, string>();
  for (const index of pin.feeds) {
    const image = images.find((candidate) => candidate.ref === analysis.froms[index]?.resolved);
    if (image?.digest !== undefined) digests.set(index, image.digest);
  }
  return digests;
}

/**
 * The value planEdits expects: it swaps the digests itself, so where the plan already put
 * the new digest inside the value (a pin holding a whole `image:tag@sha256:…`), hand it
 * back with the current digest.
 */
function valueForEdits(pin: Pin, proposed: string): string {
  const current = pin.value.lastIndexOf('@');
  const next = proposed.lastIndexOf('@');
  return current < 0 || next < 0 ? proposed : `${proposed.slice(0, next)}${pin.value.slice(current)}`;
}

/** The edits for one pin's proposal; throws PlanEditsError when they cannot be made. */
export function pinEdits(analysis: DockerfileAnalysis, pin: Pin, proposed: string, images: readonly PlannedImage[]): TextEdit[] {
  return planEdits(analysis, pin.id, valueForEdits(pin, proposed), digestsByFrom(analysis, pin, images));
}

/** The file's text with only this pin's proposal applied. */
export function editPinText(text: string, analysis: DockerfileAnalysis, pin: Pin, proposed: string, images: readonly PlannedImage[]): string {
  return applyEdits(text, pinEdits(analysis, pin, proposed, images));
}
