// `npm start -- --setup`: Probot's manifest flow serves the "Register GitHub App" page
// built from app.yml (freshpin's least-privilege permissions and events), and refuses to
// run when the app already exists or in production.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SpawnedMain } from './ops-harness.ts';
import { REPO_ROOT, freePort, http, isolatedEnv, spawnMain, tempDir, waitUntilListening } from './ops-harness.ts';

const APP_YML = readFileSync(join(REPO_ROOT, 'app.yml'), 'utf8');
const dir = tempDir({ 'app.yml': APP_YML, 'package.json': readFileSync(join(REPO_ROOT, 'package.json'), 'utf8') });
let main: SpawnedMain | undefined;

afterEach(() => main?.kill());
afterAll(() => dir.cleanup());

describe('--setup', () => {
  it("serves Probot's manifest page with app.yml's permissions, events and webhook URL", async () => {
    const port = await freePort();
    main = spawnMain(isolatedEnv({ PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'warn' }), { cwd: dir.dir, args: ['--setup'] });
    await waitUntilListening(`http://127.0.0.1:${port}/probot`);
    const page = await http(`http://127.0.0.1:${port}/probot`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('action="https://github.com/settings/apps/new"');
    const manifestText = /name="manifest" id="manifest" value='([^']*)'/.exec(page.body)?.[1];
    expect(manifestText).toBeDefined();
    const manifest = JSON.parse(manifestText ?? '{}') as Record<string, unknown>;
    const appYml = parse(APP_YML) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      name: 'freshpin',
      public: false,
      default_permissions: appYml.default_permissions,
      default_events: appYml.default_events,
      hook_attributes: appYml.hook_attributes,
      redirect_url: `http://127.0.0.1:${port}/probot/setup`,
    });
  });

  it.each([
    ['the app already exists (APP_ID set)', { APP_ID: '1' }, 'APP_ID is already set'],
    ['in production', { NODE_ENV: 'production' }, '--setup is for development'],
  ])('refuses when %s', async (_name, env, message) => {
    main = spawnMain(isolatedEnv(env), { cwd: dir.dir, args: ['--setup'] });
    const exit = await main.exited;
    expect(exit.code).toBe(1);
    expect(main.stderr()).toContain(`freshpin: cannot start: ${message}`);
  });
});
