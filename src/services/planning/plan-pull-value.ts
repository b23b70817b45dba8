// The planning core's step functions, driven for one pin on the base branch through the same
// fact loop as every other plan (drive-fact-queries.ts): where the pin is now, the fed images
// for exactly the value a PR proposes (`planExactValue`), and the Debian release migration
// `upgrade` asks for (`searchCodenames`, nearest first). Every value decision is the core's;
// this module reads the base branch and words the answer for a reply.
import type { DockerfileAnalysis, Pin } from '../../core/model.ts';
import { planExactValue as planExactValueStep } from '../../core/plan/plan-exact-value.ts';
import { searchCodenames } from '../../core/plan/plan-migration.ts';
import type { FactsView, PlanPolicy, PlannedImage, ValueProposal } from '../../core/plan/plan-types.ts';
import { stablePinId } from '../../core/dockerfile/pin-identity.ts';
import type { BumpMarker } from '../../core/markers/bump-marker.ts';
import { inlineCode, escapeMarkdown } from '../../core/render/escape-markdown.ts';
import { findDebianCodename, laterSupportedCodenames } from '../../core/tags/debian-support.ts';
import { getBranchHead, readTextFile } from '../../github/read-repository.ts';
import { driveOne } from './drive-fact-queries.ts';
import { analyzeFiles } from './plan-repository.ts';
import type { RepoJob } from '../repo-job.ts';

export interface BasePin {
  baseSha: string;
  text: string;
  analysis: DockerfileAnalysis;
  pin: Pin;
}

export type Planned<T> = ({ ok: true } & T) | { ok: false; problem: string };

/** The marker's pin in its file at the head of `baseRef`. */
export async function readBasePin(job: RepoJob, baseRef: string, marker: BumpMarker): Promise<Planned<BasePin>> {
  const baseSha = await getBranchHead(job.octokit, job.repo, baseRef);
  if (baseSha === undefined) return { ok: false, problem: `the base branch ${inlineCode(baseRef)} does not exist` };
  const text = await readTextFile(job.octokit, job.repo, baseSha, marker.file);
  if (text === undefined) return { ok: false, problem: `${inlineCode(marker.file)} is no longer on ${inlineCode(baseRef)}` };
  const [file] = analyzeFiles([{ path: marker.file, text }], job.now);
  if (file?.analysis === undefined) return { ok: false, problem: `${inlineCode(marker.file)} on ${inlineCode(baseRef)} cannot be analysed${file?.error === undefined ? '' : ` (line ${file.error.line ?? '?'})`}` };
  const analysis = file.analysis;
  const pin = analysis.pins.find((candidate) => stablePinId(analysis, candidate) === marker.pin);
  if (pin === undefined) return { ok: false, problem: `the pin ${inlineCode(marker.name)} is no longer in ${inlineCode(marker.file)} on ${inlineCode(baseRef)}` };
  return { ok: true, baseSha, text, analysis, pin };
}

/** Untrusted reasons (registry and file text) as one escaped line. */
function escapedReasons(reasons: readonly string[]): string {
  return reasons.map((reason) => escapeMarkdown(reason, { maxLength: 300 })).join('; ');
}

/** The fed images for exactly `value` (core/plan/plan-exact-value.ts), or why it cannot be written now. */
export async function planExactValue(job: RepoJob, base: BasePin, value: string, policy: PlanPolicy): Promise<Planned<{ images: PlannedImage[] }>> {
  const step = (facts: FactsView) => planExactValueStep({ pin: base.pin, froms: base.analysis.froms, value, policy, now: job.now, facts });
  const { value: result } = await driveOne(step, job.tagSource, { what: 'value check' });
  return result.ok ? { ok: true, images: result.images } : { ok: false, problem: escapedReasons(result.problems) };
}

/** Codenames `upgrade` may move a pin on `current` to: later, released, still supported; nearest first. */
export function upgradeTargets(current: string, now: Date): string[] {
  return laterSupportedCodenames(current, now);
}

/**
 * The migration of the pin to `codename` (or, without one, to the nearest later supported
 * release every fed image has), checked like any update. Otherwise why not, per codename.
 */
export async function planUpgrade(job: RepoJob, base: BasePin, codename: string | undefined, policy: PlanPolicy): Promise<Planned<{ codename: string; proposal: ValueProposal }>> {
  const { pin, analysis } = base;
  const current = findDebianCodename(pin.value);
  if (current === undefined) return { ok: false, problem: `${inlineCode(pin.value)} names no Debian release` };
  if (codename === current) return { ok: false, problem: `the pin is already on ${inlineCode(current)}` };
  const later = upgradeTargets(current, job.now);
  if (codename !== undefined && !later.includes(codename)) {
    const known = later.length === 0 ? 'none' : later.map((name) => inlineCode(name)).join(', ');
    return { ok: false, problem: `${inlineCode(codename)} is not a released, supported Debian release after ${inlineCode(current)} (those are: ${known})` };
  }
  const candidates = codename === undefined ? later : [codename];
  if (candidates.length === 0) return { ok: false, problem: `there is no released, supported Debian release after ${inlineCode(current)}` };
  const step = (facts: FactsView) => searchCodenames({ pin, froms: analysis.froms, policy, now: job.now, facts }, candidates);
  const { value } = await driveOne(step, job.tagSource, { what: `${candidates.join(', ')} migration` });
  if (value.found !== undefined) return { ok: true, codename: value.found.codename, proposal: value.found.proposal };
  return { ok: false, problem: value.passed.map((passed) => `${inlineCode(passed.codename)}: ${escapedReasons(passed.reasons)}`).join('. ') };
}
