// A freshpin instance wired as the server and `freshpin cycle` wire it (`createLogger` →
// `createAppRuntime` → `createProbotClass` → `probot.load(freshpinApp(…))` →
// `createAppPassRunner` of compose-app.ts), against any GitHub API base. It imports freshpin's own modules and
// Bottleneck (Probot's throttle loads it anyway), and no vitest and no fakes, so the benchmark
// process that measures freshpin's memory holds what the server holds while the fakes run in
// another process. `app-harness.ts` builds its instances with it.
import Bottleneck from 'bottleneck';
import { generateKeyPairSync } from 'node:crypto';
import type { Logger } from 'pino';
import type { Probot } from 'probot';
import type { AppRuntime } from '../../src/app/app-runtime.ts';
import { createAppRuntime } from '../../src/app/app-runtime.ts';
import { createLogger } from '../../src/app/create-logger.ts';
import type { KeyValueStore } from '../../src/store/key-value-store.ts';
import { createProbotClass } from '../../src/app/create-probot-class.ts';
import { freshpinApp } from '../../src/app/freshpin-app.ts';
import { createAppPassRunner } from '../../src/app/compose-app.ts';
import type { FreshpinOctokitPolicy, RateLimitEvent, RequestCountEvent } from '../../src/github/octokit-options.ts';
import { createFreshpinOctokit } from '../../src/github/octokit-options.ts';
import type { PassMode, PassOptions, PassRunner, PassSummary } from '../../src/services/passes/run-pass.ts';

/** The frozen clock every app instance runs with (bullseye is past its end of life then). */
export const HARNESS_NOW = '2026-11-29T00:00:00Z';

export const WEBHOOK_SECRET = 'harness-webhook-secret';

export interface AppOptions {
  /** Retries (GET/HEAD on 5xx) and the throttle (rate-limit waits, serialised writes) on, waits in ms. Default off. */
  resilient?: boolean;
  /**
   * Probot's Octokit exactly as the server builds it (`createProbotClass(settings, log)`, the
   * default policy): real waits, writes spaced by the throttle plugin. For benchmarks.
   */
  production?: boolean;
  /** Share this runtime (ETag cache, identity, metrics) instead of creating one: e.g. a warm-up instance and a measured one. */
  runtime?: AppRuntime;
  /** Options of the pass runner (concurrency, rate-limit reserve and its clock). */
  passOptions?: PassOptions;
  /** The repository index's store (default: a new in-memory one); pass one to carry the index to a new instance ("process"). */
  store?: KeyValueStore;
  /** pino level of the captured log. Default `info`. */
  logLevel?: string;
  /** Keep the log records in `app.logs` (default true; benchmarks turn it off). */
  captureLogs?: boolean;
}

/** One structured log line (pino JSON). */
export interface LogRecord {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** A running freshpin, wired as the server and `freshpin cycle` wire it. */
export interface FreshpinInstance {
  probot: Probot;
  runtime: AppRuntime;
  passes: PassRunner;
  log: Logger;
  /** Every log record, parsed (when captured). */
  logs: LogRecord[];
  /** Every GitHub request as freshpin's request counter saw it (after retries and cache). */
  githubRequests: RequestCountEvent[];
  /** Rate-limit events reported by the throttle (resilient instances only). */
  rateLimits: RateLimitEvent[];
  /** Runs one pass (full by default); fails when the runner skipped it (a pass was already running). */
  pass(options?: { mode?: PassMode }): Promise<PassSummary>;
  /** Delivers a webhook through Probot (`probot.receive`), awaiting every handler. */
  receive(name: string, payload: Record<string, unknown>): Promise<void>;
  /** Log records at `warn` (40) or above. */
  problems(): LogRecord[];
  /** Registry HTTP requests this instance's tag sources made (from the `freshpin_registry_requests_total` metric). */
  registryRequestCount(): Promise<number>;
}


let privateKey: string | undefined;

/** A real RSA key (Probot signs JWTs with it; the fake accepts any well-formed JWT). */
export function testPrivateKey(): string {
  privateKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return privateKey;
}


type ProbotSettings = Parameters<typeof createProbotClass>[0];

/**
 * Probot as the server builds it (`createProbotClass`, freshpin's Octokit policy) with retries
 * and the throttle plugin off: for tests against nock or the fake, and benchmarks about
 * something else than GitHub's write spacing.
 */
export function quietProbotClass(settings: ProbotSettings, log: Logger) {
  const policy: FreshpinOctokitPolicy = { retries: 0, throttle: { maxRetries: 0 } };
  const Octokit = createFreshpinOctokit(policy).defaults((options: Record<string, unknown>) => ({ ...options, throttle: { ...(options.throttle as object), enabled: false } }));
  return createProbotClass(settings, log, policy).defaults({ Octokit });
}

/**
 * Probot's Octokit with freshpin's policy and the throttle on, waits shrunk to milliseconds:
 * writes stay serialised (one at a time, per replica) without the plugin's spacing (1 s
 * between writes, 3 s between writes that notify), which would make a pass of a few PRs take
 * a minute.
 */
function resilientOctokit(rateLimits: RateLimitEvent[]) {
  type Options = Record<string, unknown> & { throttle?: Record<string, unknown> };
  const policy: FreshpinOctokitPolicy = { retries: 3, retryBaseMs: 1, throttle: { maxRetries: 2, msPerSecond: 1, onLimit: (event) => rateLimits.push(event) } };
  const write = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
  const notifications = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
  return { policy, Octokit: createFreshpinOctokit(policy).defaults((options: Options) => ({ ...options, throttle: { ...options.throttle, write, notifications } })) };
}

/** Registry settings of an instance: docker.io mirrored to a loopback registry, the Docker Hub API off. */
export interface HarnessRegistrySettings {
  mirrors: Record<string, string>;
  credentials: Record<string, never>;
  hubApiUrl: string;
}

/**
 * A freshpin instance against any GitHub API base (`…/api/v3`): what `harness.app()` builds,
 * for callers whose fake runs elsewhere (the benchmark keeps it in a child process).
 */
export async function createFreshpinInstance(apiUrl: string, registry: HarnessRegistrySettings, options: AppOptions = {}): Promise<FreshpinInstance> {
  const logs: LogRecord[] = [];
  const capture = options.captureLogs !== false;
  const log = createLogger({
    level: options.logLevel ?? 'info',
    format: 'json',
    destination: {
      write(line: string) {
        if (capture) logs.push(JSON.parse(line) as LogRecord);
      },
    },
  });
  const githubRequests: RequestCountEvent[] = [];
  const rateLimits: RateLimitEvent[] = [];
  const now = new Date(HARNESS_NOW);
  const runtime = options.runtime ?? createAppRuntime({
    registry,
    ...(options.store === undefined ? {} : { store: options.store }),
    now: () => now,
    sleep: async () => undefined,
    onGitHubRequest: (event) => {
      if (capture) githubRequests.push(event as RequestCountEvent);
    },
  });
  const settings = { appId: '4242', privateKey: testPrivateKey(), webhookSecret: WEBHOOK_SECRET, githubBaseUrl: apiUrl };
  let probot: Probot;
  if (options.production === true) {
    probot = new (createProbotClass(settings, log))();
  } else if (options.resilient === true) {
    const { policy, Octokit } = resilientOctokit(rateLimits);
    probot = new (createProbotClass(settings, log, policy))({ Octokit });
  } else {
    probot = new (quietProbotClass(settings, log))();
  }
  // The ops endpoints' handler (a Server would mount it); the harness has no HTTP server.
  const handlers: unknown[] = [];
  await probot.load(freshpinApp(runtime, { schedulerRunning: () => true, shuttingDown: () => runtime.signal.aborted }), { cwd: process.cwd(), addHandler: (handler) => handlers.push(handler) });
  const passes = createAppPassRunner(probot, runtime, options.passOptions);
  let delivery = 0;
  return {
    probot,
    runtime,
    passes,
    log,
    logs,
    githubRequests,
    rateLimits,
    async pass(passOptions = {}) {
      const summary = await passes.run(passOptions);
      if (summary === undefined) throw new Error('the pass was skipped: another pass of this instance is running');
      return summary;
    },
    async receive(name, payload) {
      delivery += 1;
      await probot.receive({ id: `harness-${delivery}`, name, payload } as Parameters<Probot['receive']>[0]);
    },
    problems: () => logs.filter((record) => record.level >= 40),
    async registryRequestCount() {
      const metric = await runtime.metrics.registryRequests.get();
      return metric.values.reduce((sum, value) => sum + value.value, 0);
    },
  };
}

