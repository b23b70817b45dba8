// Issue #15, rate-limit budget: a pass reads each installation's budget, never takes it below
// the reserve kept for webhooks and commands, pauses there until GitHub's reset, and /metrics
// shows the budget per installation. The fake reports a limit of 120 an hour; the pause's clock
// is simulated (the "reset" also starts the fake's window afresh).
import { describe, expect, it } from 'vitest';
import { rateBudgetFor } from '../../src/services/passes/rate-budget.ts';
import { useAppHarness } from '../helpers/app-harness.ts';

const INSTALLATION = 81;
const OWNER = 'budgeted';
const LIMIT = 120;

const harness = useAppHarness(INSTALLATION, OWNER, { rateLimit: LIMIT });

describe('the rate-limit reserve', () => {
  it('pauses the pass at the reserve until the reset, and never goes below it', async () => {
    for (let i = 0; i < 8; i += 1) harness.addRepo({ owner: OWNER, name: `svc-${i}`, installationId: INSTALLATION });
    let clock = Date.now();
    const sleeps: number[] = [];
    const app = await harness.app({
      passOptions: {
        concurrency: 1,
        rateReserve: 0.2,
        rateMargin: 30,
        rateClock: {
          now: () => clock,
          sleep: async (ms) => {
            sleeps.push(ms);
            clock += ms;
            harness.fake.resetRateLimits();
          },
        },
      },
    });
    const summary = await app.pass();
    expect(summary).toMatchObject({ repositories: 8, failed: 0 });
    expect(sleeps.length).toBeGreaterThan(0);
    expect(app.logs.filter((record) => record.msg === 'rate-limit reserve reached; the pass pauses this installation until the reset').length).toBeGreaterThan(0);
    // The lowest budget the installation's answers reported stayed above the reserve (24 of 120).
    const metrics = await app.runtime.metrics.registry.metrics();
    expect(metrics).toMatch(new RegExp(`freshpin_installation_rate_limit\\{installation="${INSTALLATION}",resource="core"\\} ${LIMIT}`));
    expect(metrics).toMatch(new RegExp(`freshpin_installation_rate_limit_reserve\\{installation="${INSTALLATION}",resource="core"\\} 24`));
    const lowest = rateBudgetFor(app.runtime.metrics.registry, { reserve: 0.2 }).lowest().get(`${INSTALLATION}:core`);
    expect(lowest).toBeGreaterThanOrEqual(24);
    const remaining = Number(new RegExp(`freshpin_installation_rate_limit_remaining\\{installation="${INSTALLATION}",resource="core"\\} (\\d+)`).exec(metrics)?.[1]);
    expect(remaining).toBeGreaterThanOrEqual(24);
  });

  it('lets the other installations go on while one waits at its reserve', async () => {
    harness.addInstallation(82, 'other');
    for (let i = 0; i < 8; i += 1) harness.addRepo({ owner: OWNER, name: `svc-${i}`, installationId: INSTALLATION });
    for (let i = 0; i < 2; i += 1) harness.addRepo({ owner: 'other', name: `app-${i}`, installationId: 82 });
    let clock = Date.now();
    const app = await harness.app({
      passOptions: {
        concurrency: 1,
        rateReserve: 0.2,
        rateMargin: 30,
        rateClock: {
          now: () => clock,
          sleep: async (ms) => {
            clock += ms;
            harness.fake.resetRateLimits();
          },
        },
      },
    });
    expect(await app.pass()).toMatchObject({ repositories: 10, failed: 0 });
    const order = app.logs.filter((record) => record.msg === 'repository checked').map((record) => String(record.repo));
    const lastOther = Math.max(order.indexOf('other/app-0'), order.indexOf('other/app-1'));
    // Some of the first installation's repositories were checked after the other installation's.
    expect(order.slice(lastOther + 1).filter((repo) => repo.startsWith(`${OWNER}/`)).length).toBeGreaterThan(0);
  });
});
