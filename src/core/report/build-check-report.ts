// Assembles the `freshpin check` result from analysed files and pin plans: the --json
// contract (pins, updates, errors) and the edited text of every file an update touches.
import { pinKey } from '../dockerfile/pin-identity.ts';
import { applyEdits } from '../dockerfile/apply-edits.ts';
import type { DockerfileAnalysis, Pin, TextEdit } from '../model.ts';
import type { PinPlan, PinStatus, PlannedImage, SkippedValue } from '../plan/plan-types.ts';
import { pinEdits } from './edit-pin-text.ts';

export interface AnalyzedFile {
  /** Path relative to the checked root, with forward slashes. */
  path: string;
  text: string;
  analysis?: DockerfileAnalysis;
  /** Why the file could not be analysed. */
  error?: { line?: number; message: string };
}

export interface PinEntry {
  file: string;
  line: number;
  name: string;
  kind: 'arg' | 'from';
  current: string;
  status: PinStatus;
  feeds: string[];
  eol?: { codename: string; ended: string };
  migration?: { proposed: string; images: PlannedImage[] };
  /** Later codenames passed over while looking for the migration, and why. */
  migrationSkipped?: SkippedValue[];
  /** Why the pin is unmanaged, blocked or in error. */
  reason?: string;
}

export interface UpdateEntry {
  file: string;
  line: number;
  name: string;
  current: string;
  proposed: string;
  images: PlannedImage[];
  skipped: SkippedValue[];
}

export interface ErrorEntry {
  file?: string;
  message: string;
}

export interface CheckReport {
  pins: PinEntry[];
  updates: UpdateEntry[];
  errors: ErrorEntry[];
}

export interface FileChange {
  file: string;
  before: string;
  after: string;
}

function pinEntry(file: string, pin: Pin, plan: PinPlan): PinEntry {
  const entry: PinEntry = { file, line: pin.line, name: pin.name, kind: pin.kind, current: pin.value, status: plan.status, feeds: plan.feeds };
  if (plan.eol !== undefined) entry.eol = plan.eol;
  if (plan.migration !== undefined) entry.migration = plan.migration;
  if (plan.eol !== undefined && plan.migrationSkipped.length > 0) entry.migrationSkipped = plan.migrationSkipped;
  const reason = plan.status === 'blocked' ? plan.skipped[0]?.reason : plan.errors[0];
  if (plan.status !== 'up-to-date' && plan.status !== 'update' && reason !== undefined) entry.reason = reason;
  return entry;
}

/** Builds the report and the changed files for `plans` keyed by pinKey(file, pinId). */
export function buildCheckReport(files: readonly AnalyzedFile[], plans: ReadonlyMap<string, PinPlan>): { report: CheckReport; changes: FileChange[] } {
  const report: CheckReport = { pins: [], updates: [], errors: [] };
  const changes: FileChange[] = [];
  for (const file of files) {
    if (file.analysis === undefined) {
      const where = file.error?.line === undefined ? file.path : `${file.path}:${file.error.line}`;
      report.errors.push({ file: file.path, message: `${where}: ${file.error?.message ?? 'could not be analysed'}` });
      continue;
    }
    const edits: TextEdit[] = [];
    for (const pin of file.analysis.pins) {
      const plan = plans.get(pinKey(file.path, pin.id));
      if (plan === undefined) continue;
      const entry = pinEntry(file.path, pin, plan);
      report.pins.push(entry);
      for (const message of plan.errors) report.errors.push({ file: file.path, message: `line ${pin.line} ${pin.name}: ${message}` });
      if (plan.status !== 'update' || plan.proposed === undefined) continue;
      try {
        edits.push(...pinEdits(file.analysis, pin, plan.proposed, plan.images));
      } catch (error) {
        entry.status = 'error';
        entry.reason = error instanceof Error ? error.message : String(error);
        report.errors.push({ file: file.path, message: `line ${pin.line} ${pin.name}: ${entry.reason}` });
        continue;
      }
      report.updates.push({ file: file.path, line: pin.line, name: pin.name, current: pin.value, proposed: plan.proposed, images: plan.images, skipped: plan.skipped });
    }
    for (const image of file.analysis.unmanaged) {
      report.pins.push({ file: file.path, line: image.line, name: image.ref, kind: 'from', current: image.ref, status: 'unmanaged', feeds: [image.ref], reason: image.reason });
    }
    if (edits.length > 0) {
      const after = applyEdits(file.text, edits);
      if (after !== file.text) changes.push({ file: file.path, before: file.text, after });
    }
  }
  report.pins.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return { report, changes };
}
