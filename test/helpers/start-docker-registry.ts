// Starts a real OCI registry (Debian's `docker-registry`, distribution 2.8) on a free
// loopback port with filesystem storage in a temp dir, for integration tests.
// Fails loudly when the binary is missing: CI installs it (see .ci/run).
import { spawn } from 'node:child_process';
import { access, constants, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export interface RunningRegistry {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT` */
  host: string;
  stop(): Promise<void>;
}

const BINARY = '/usr/bin/docker-registry';
const READY_TIMEOUT_MS = 15_000;
const START_ATTEMPTS = 3;

/** Spawns `docker-registry serve <config>` and resolves once `GET /v2/` answers 200. */
export async function startDockerRegistry(): Promise<RunningRegistry> {
  try {
    await access(BINARY, constants.X_OK);
  } catch {
    throw new Error(`${BINARY} not found: install Debian's docker-registry package (apt-get install docker-registry), as .ci/run does`);
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    try {
      return await startOnce();
    } catch (error) {
      lastError = error;
      // A port taken between probing and binding: try another.
      if (!String(error).includes('address already in use')) break;
    }
  }
  throw lastError;
}

async function startOnce(): Promise<RunningRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'freshpin-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const configPath = join(dir, 'config.yml');
  await writeFile(
    configPath,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${host}`,
      '',
    ].join('\n'),
  );

  const child = spawn(BINARY, ['serve', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', (error) => {
      stderr += `\n${String(error)}`;
      exited = true;
      resolve();
    });
  });

  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exit;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const url = `http://${host}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (true) {
    if (exited) {
      await stop();
      throw new Error(`docker-registry exited before answering on ${host}:\n${stderr.trim()}`);
    }
    if (await answers(`${url}/v2/`)) return { url, host, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not answer GET ${url}/v2/ within ${READY_TIMEOUT_MS / 1000} s:\n${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

