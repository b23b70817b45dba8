// Per-repository steps a pass runs after the bump check, in order (scan reconciliation,
// then automerge).
import { reconcileScansStep } from '../services/scans/reconcile-scans.ts';
import { automergeStep } from '../services/merging/automerge.ts';
import type { RepoStep } from '../services/passes/run-pass.ts';
import type { AppRuntime } from './app-runtime.ts';

export function passSteps(_runtime: AppRuntime): RepoStep[] {
  return [
    // Posts scan results whose workflow_run webhook was missed.
    reconcileScansStep(),
    // Merges bump PRs whose scan passed, when the repository's config says `automerge: true`.
    automergeStep(),
  ];
}
