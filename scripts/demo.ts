// `npm run demo`: freshpin check on the Phoenix example, end to end, with no Docker Hub:
// starts Debian's docker-registry on loopback, seeds it with Debian and hexpm/elixir tags
// (hexpm lacking the newest Debian dates), then runs the real CLI against it as a mirror.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startDockerRegistry } from '../test/helpers/start-docker-registry.ts';
import { seedPhoenixRegistry } from '../test/helpers/seed-phoenix-registry.ts';
import { SOURCE_CONDITION } from '../test/helpers/server-command.ts';

function ensureRegistryBinary(): void {
  if (existsSync('/usr/bin/docker-registry')) return;
  if (process.getuid?.() !== 0) {
    console.error('demo: needs Debian\'s docker-registry: sudo apt-get install -y docker-registry');
    process.exit(2);
  }
  console.error('demo: installing Debian\'s docker-registry (apt-get)…');
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', 'docker-registry']]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}

ensureRegistryBinary();
const registry = await startDockerRegistry();
try {
  await seedPhoenixRegistry(registry.url);
  const args = [SOURCE_CONDITION, 'bin/freshpin.js', 'check', 'examples/phoenix', '--mirror', `docker.io=${registry.url}`, ...process.argv.slice(2)];
  console.error(`demo: registry on ${registry.url} seeded; running: freshpin ${args.slice(2).join(' ')}\n`);
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, DOCKERHUB_API_URL: 'none' } });
  process.exitCode = result.status ?? 1;
} finally {
  await registry.stop();
}
