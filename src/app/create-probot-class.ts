// The Probot class freshpin runs with: its Octokit (idempotent-only retries, secondary
// limits waited out, writes serialised), the app's credentials, GHES base URL and logger.
import type { Logger } from 'pino';
import { Probot } from 'probot';
import { createFreshpinOctokit } from '../github/octokit-options.ts';
import type { FreshpinOctokitPolicy } from '../github/octokit-options.ts';
import type { AppSettings } from '../settings/read-app-settings.ts';

export function createProbotClass(settings: Pick<AppSettings, 'appId' | 'privateKey' | 'webhookSecret' | 'githubBaseUrl'>, log: Logger, policy: FreshpinOctokitPolicy = {}) {
  return Probot.defaults({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.webhookSecret,
    log,
    Octokit: createFreshpinOctokit(policy),
    ...(settings.githubBaseUrl === undefined ? {} : { baseUrl: settings.githubBaseUrl }),
  });
}
