// Per-repository steps a pass runs after the bump check (scan reconciliation, automerge).
import type { RepoStep } from '../services/run-pass.ts';
import type { AppRuntime } from './app-runtime.ts';

export function passSteps(_runtime: AppRuntime): RepoStep[] {
  return [];
}
