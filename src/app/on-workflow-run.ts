// workflow_run.completed → the scan result on the PR (issue #4; being written).
import type { Probot } from 'probot';
import type { AppRuntime } from './app-runtime.ts';

export function onWorkflowRun(_app: Probot, _runtime: AppRuntime): void {}
