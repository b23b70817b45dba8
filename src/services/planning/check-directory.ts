// `freshpin check DIR`, as a recipe:
// 1. read the config and the Dockerfiles; 2. plan every pin; 3. with --write, apply the edits;
// 4. audit the scan workflow's pins.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckReport, FileChange } from '../../core/report/build-check-report.ts';
import type { TagSource } from '../../registry/tag-source.ts';
import { loadCheckInputs } from './load-check-inputs.ts';
import { auditLocalScanWorkflow } from './audit-local-scan-workflow.ts';
import { planRepository } from './plan-repository.ts';

export interface CheckDirectoryOptions {
  dir: string;
  configFile?: string;
  write: boolean;
  now: Date;
  tagSource: TagSource;
  onProgress?: (progress: { done: number; total: number }) => void;
}

export interface CheckDirectoryResult {
  report: CheckReport;
  changes: FileChange[];
  registriesUnreachable?: string;
  /** Unsafe pins (tag-pinned or known-compromised actions) in the scan workflow, one line each. */
  workflowWarnings: string[];
}

export async function checkDirectory(options: CheckDirectoryOptions): Promise<CheckDirectoryResult> {
  // 1. Inputs.
  const { config, files } = await loadCheckInputs(options.dir, options.configFile);
  // 2. The plan.
  const plan = await planRepository({ files, config, now: options.now, tagSource: options.tagSource, onProgress: options.onProgress });
  // 3. Apply, only when asked.
  if (options.write) {
    for (const change of plan.changes) await writeFile(path.join(options.dir, change.file), change.after, 'utf8');
  }
  const result: CheckDirectoryResult = { report: plan.report, changes: plan.changes, workflowWarnings: await auditLocalScanWorkflow(options.dir, config.scan.workflow) };
  if (plan.registriesUnreachable !== undefined) result.registriesUnreachable = plan.registriesUnreachable;
  return result;
}
