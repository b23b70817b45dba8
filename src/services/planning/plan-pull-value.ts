// The planning core, driven for one pin on the base branch: where the pin is now, the fed
// images for exactly the value a PR proposes (with new digests where the FROMs carry them),
// and the Debian release migration `upgrade` asks for (`proposeCodename`, nearest first).
import type { FreshpinConfig } from '../../core/config/config-schema.ts';
import type { DockerfileAnalysis, Pin } from '../../core/model.ts';
import { judgeTarget } from '../../core/plan/judge-candidate.ts';
import type { ImageVerdict } from '../../core/plan/judge-candidate.ts';
import { locateTargets, renderWithValue } from '../../core/plan/locate-targets.ts';
import type { FedTarget } from '../../core/plan/locate-targets.ts';
import { proposeCodename } from '../../core/plan/plan-migration.ts';
import type { FactQuery, FactsView, PlanPolicy, PlannedImage, ValueProposal, Step } from '../../core/plan/plan-types.ts';
import { stablePinId } from '../../core/dockerfile/pin-identity.ts';
import type { BumpMarker } from '../../core/markers/bump-marker.ts';
import { code, escapeMarkdown } from '../../core/render/escape-markdown.ts';
import { findDebianCodename, laterSupportedCodenames } from '../../core/tags/debian-support.ts';
import { getBranchHead, readTextFile } from '../../github/read-repository.ts';
import { createFactsStore } from '../../core/plan/facts-store.ts';
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
  if (baseSha === undefined) return { ok: false, problem: `the base branch ${code(baseRef)} does not exist` };
  const text = await readTextFile(job.octokit, job.repo, baseSha, marker.file);
  if (text === undefined) return { ok: false, problem: `${code(marker.file)} is no longer on ${code(baseRef)}` };
  const [file] = analyzeFiles([{ path: marker.file, text }], job.now);
  if (file?.analysis === undefined) return { ok: false, problem: `${code(marker.file)} on ${code(baseRef)} cannot be analysed${file?.error === undefined ? '' : ` (line ${file.error.line ?? '?'})`}` };
  const analysis = file.analysis;
  const pin = analysis.pins.find((candidate) => stablePinId(analysis, candidate) === marker.pin);
  if (pin === undefined) return { ok: false, problem: `the pin ${code(marker.name)} is no longer in ${code(marker.file)} on ${code(baseRef)}` };
  return { ok: true, baseSha, text, analysis, pin };
}

/** The repository's policy for a pin, as `freshpin check` applies it. */
export function policyOf(config: FreshpinConfig): PlanPolicy {
  const policy: PlanPolicy = { minimumAgeDays: config.minimumAge, ignore: config.ignore, migrate: config.migrate };
  if (config.platforms !== undefined) policy.platforms = config.platforms;
  return policy;
}

function plannedImage(pin: Pin, target: FedTarget, value: string, verdict: { platforms: string[]; digest?: string }): PlannedImage {
  const proposed = renderWithValue(target.parts, pin.id, value);
  if (!target.needsDigest || verdict.digest === undefined) return { ref: target.currentRef, proposed, platforms: verdict.platforms };
  const at = proposed.indexOf('@');
  return { ref: target.currentRef, proposed: `${at < 0 ? proposed : proposed.slice(0, at)}@${verdict.digest}`, digest: verdict.digest, platforms: verdict.platforms };
}

/**
 * The fed images for exactly `value`. Registry facts are asked only when a fed FROM carries
 * a digest (the edit needs the new one); the value was checked when it was proposed.
 */
export async function planExactValue(job: RepoJob, base: BasePin, value: string, policy: PlanPolicy): Promise<Planned<{ images: PlannedImage[] }>> {
  const { pin, analysis } = base;
  const located = locateTargets(pin, analysis.froms, value, job.now);
  if (!located.ok) return { ok: false, problem: located.errors.map((error) => escapeMarkdown(error, { maxLength: 300 })).join('; ') };
  const { targets } = located;
  if (!targets.some((target) => target.needsDigest)) {
    return { ok: true, images: targets.map((target) => plannedImage(pin, target, value, { platforms: [] })) };
  }
  const judge = (facts: Parameters<typeof judgeTarget>[3]): Step<ImageVerdict[]> => {
    const verdicts = targets.map((target) => judgeTarget(target, target.tag, policy, facts));
    const queries: FactQuery[] = verdicts.flatMap((verdict) => (verdict.kind === 'need' ? verdict.queries : []));
    return queries.length > 0 ? { kind: 'need', queries } : { kind: 'done', value: verdicts };
  };
  const { value: verdicts } = await driveOne(judge, job.tagSource, { what: 'value check' });
  const problems = verdicts.flatMap((verdict) => (verdict.kind === 'fail' || verdict.kind === 'unknown' ? [verdict.reason] : []));
  if (problems.length > 0) return { ok: false, problem: problems.map((problem) => escapeMarkdown(problem, { maxLength: 300 })).join('; ') };
  return { ok: true, images: targets.map((target, i) => plannedImage(pin, target, value, verdicts[i] as ImageVerdict & { kind: 'ok' })) };
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
  if (current === undefined) return { ok: false, problem: `${code(pin.value)} names no Debian release` };
  if (codename === current) return { ok: false, problem: `the pin is already on ${code(current)}` };
  const later = upgradeTargets(current, job.now);
  if (codename !== undefined && !later.includes(codename)) {
    const known = later.length === 0 ? 'none' : later.map(code).join(', ');
    return { ok: false, problem: `${code(codename)} is not a released, supported Debian release after ${code(current)} (those are: ${known})` };
  }
  const candidates = codename === undefined ? later : [codename];
  if (candidates.length === 0) return { ok: false, problem: `there is no released, supported Debian release after ${code(current)}` };
  const facts = createFactsStore();
  const reasons: string[] = [];
  for (const candidate of candidates) {
    const step = (view: FactsView) => proposeCodename({ pin, froms: analysis.froms, policy, now: job.now, facts: view, codename: candidate });
    const { value } = await driveOne(step, job.tagSource, { facts, what: `${candidate} migration` });
    if (value.kind === 'proposal') return { ok: true, codename: candidate, proposal: { proposed: value.proposed, images: value.images } };
    reasons.push(`${code(candidate)}: ${value.reasons.map((reason) => escapeMarkdown(reason, { maxLength: 300 })).join('; ')}`);
  }
  return { ok: false, problem: reasons.join('. ') };
}
