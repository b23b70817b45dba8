// issue_comment.created → maintainer commands (issue #5; being written).
import type { Probot } from 'probot';
import type { AppRuntime } from './app-runtime.ts';

export function onIssueComment(_app: Probot, _runtime: AppRuntime): void {}
