// The bump decision for a set of Dockerfiles, shared by `freshpin check` and the GitHub App:
// 1. analyse each file; 2. decide every pin, fetching registry facts round by round;
// 3. assemble the report and the edited files.
import type { PinPlan } from '../../core/plan/plan-types.ts';
import { policyFromConfig } from '../../core/plan/plan-policy.ts';
import type { FreshpinConfig } from '../../core/config/config-schema.ts';
import { DockerfileParseError, analyzeDockerfile } from '../../core/dockerfile/analyze-dockerfile.ts';
import type { AnalyzedFile, CheckReport, FileChange } from '../../core/report/build-check-report.ts';
import { pinKey, stablePinId } from '../../core/dockerfile/pin-identity.ts';
import { buildCheckReport } from '../../core/report/build-check-report.ts';
import { parseDatedTag } from '../../core/tags/parse-dated-tag.ts';
import type { TagSource } from '../../registry/tag-source.ts';
import type { PinToPlan } from './resolve-pin-plans.ts';
import { resolvePinPlans } from './resolve-pin-plans.ts';

export interface PlanRepositoryInput {
  files: ReadonlyArray<{ path: string; text: string }>;
  config: FreshpinConfig;
  now: Date;
  tagSource: TagSource;
  /** Per-pin policy additions (e.g. values rejected on GitHub), by the pin's stable id; `skip: true` leaves the pin out. */
  pinOverrides?: (file: string, stableId: string) => { ignore?: readonly string[]; skip?: boolean } | undefined;
  onProgress?: (progress: { done: number; total: number }) => void;
  /** `analyzeFiles(files, now)` when the caller has it already (spares parsing every Dockerfile twice). */
  analyzed?: AnalyzedFile[];
}

export interface RepositoryPlan {
  files: AnalyzedFile[];
  /** The decision for every planned pin, by `pinKey(file, pin.id)`. */
  plans: Map<string, PinPlan>;
  report: CheckReport;
  changes: FileChange[];
  /** Set when registry facts were needed and every request failed as unreachable. */
  registriesUnreachable?: string;
}

/** Step 1: analyse each file; a file that cannot be parsed is kept with its error. */
export function analyzeFiles(files: PlanRepositoryInput['files'], now: Date): AnalyzedFile[] {
  const isDated = (value: string) => parseDatedTag(value, now) !== undefined;
  return files.map((file) => {
    try {
      return { path: file.path, text: file.text, analysis: analyzeDockerfile(file.text, { isDated }) };
    } catch (error) {
      if (!(error instanceof DockerfileParseError)) throw error;
      return { path: file.path, text: file.text, error: { line: error.line, message: error.message } };
    }
  });
}

export async function planRepository(input: PlanRepositoryInput): Promise<RepositoryPlan> {
  // 1. Analyse.
  const files = input.analyzed ?? analyzeFiles(input.files, input.now);
  // 2. Decide every pin.
  const policy = policyFromConfig(input.config);
  const jobs: PinToPlan[] = [];
  for (const file of files) {
    for (const pin of file.analysis?.pins ?? []) {
      const override = file.analysis === undefined ? undefined : input.pinOverrides?.(file.path, stablePinId(file.analysis, pin));
      if (override?.skip === true) continue;
      const pinPolicy = override?.ignore === undefined ? policy : { ...policy, ignore: [...policy.ignore, ...override.ignore] };
      jobs.push({ key: pinKey(file.path, pin.id), input: { pin, froms: file.analysis?.froms ?? [], policy: pinPolicy, now: input.now } });
    }
  }
  const resolved = await resolvePinPlans(jobs, input.tagSource, { onProgress: input.onProgress });
  // 3. Assemble.
  const { report, changes } = buildCheckReport(files, resolved.plans);
  const plan: RepositoryPlan = { files, plans: resolved.plans, report, changes };
  if (resolved.fetched > 0 && resolved.unreachable === resolved.fetched) plan.registriesUnreachable = resolved.firstUnreachable ?? 'unreachable';
  return plan;
}
