// The Probot class freshpin runs with: its Octokit (idempotent-only retries, secondary
// limits waited out, writes serialised; clustered on Redis with REDIS_URL), the app's credentials,
// GHES base URL and logger.
import type { Logger } from 'pino';
import { Probot } from 'probot';
import { createFreshpinOctokit } from '../github/octokit-options.ts';
import type { FreshpinOctokitPolicy } from '../github/octokit-options.ts';
import type { AppSettings } from '../settings/read-app-settings.ts';

export function createProbotClass(settings: Pick<AppSettings, 'appId' | 'privateKey' | 'webhookSecret' | 'githubBaseUrl'> & { queue?: { redisUrl?: string } }, log: Logger, policy: FreshpinOctokitPolicy = {}) {
  return Probot.defaults({
    // With REDIS_URL, Probot's throttle (Bottleneck) keeps its state in Redis: the write pacing
    // and the rate limits hold for every replica together, not per process.
    ...(settings.queue?.redisUrl === undefined ? {} : { redisConfig: settings.queue.redisUrl }),
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.webhookSecret,
    log,
    Octokit: createFreshpinOctokit(policy),
    ...(settings.githubBaseUrl === undefined ? {} : { baseUrl: settings.githubBaseUrl }),
  });
}
