// Benchmark: `freshpin check` over many Dockerfiles sharing three image families, through
// the real TagSource against Debian's docker-registry on loopback. Counts the registry
// requests (createTagSource's onRequest hook) for 5 and for 500 files: they should be equal,
// since facts are fetched once per family, not once per file.
//
//   npx node bench/check-many-files.ts
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTagSource } from '../src/registry/create-tag-source.ts';
import { checkDirectory } from '../src/services/planning/check-directory.ts';
import { phoenixSeedSpecs } from '../test/helpers/seed-phoenix-registry.ts';
import { seedImages } from '../test/helpers/seed-registry.ts';
import { startDockerRegistry } from '../test/helpers/start-docker-registry.ts';
import { printFigures } from './check-summary.ts';

const NOW = new Date('2026-11-29T00:00:00Z');

/** Three families: a FROM literal, an ARG-fed tag, and the Phoenix ARG coupling two images. */
const TEMPLATES = [
  'FROM debian:bookworm-20251020-slim\nRUN apt-get update\n',
  'ARG APP_TAG=v1-20250101\nFROM acme/app:${APP_TAG}\nCMD ["app"]\n',
  [
    'ARG DEBIAN_VERSION=bullseye-20250520-slim',
    'ARG BUILDER_IMAGE="hexpm/elixir:1.18.4-erlang-27.2.4-debian-${DEBIAN_VERSION}"',
    'FROM ${BUILDER_IMAGE} AS builder',
    'RUN mix release',
    'FROM debian:${DEBIAN_VERSION}',
    'COPY --from=builder /app /app',
    '',
  ].join('\n'),
];

async function writeTree(root: string, count: number): Promise<string> {
  const dir = path.join(root, `files-${count}`);
  for (let i = 0; i < count; i++) {
    await mkdir(path.join(dir, `svc-${i}`), { recursive: true });
    await writeFile(path.join(dir, `svc-${i}`, 'Dockerfile'), TEMPLATES[i % TEMPLATES.length] ?? '');
  }
  return dir;
}

/** One run with a fresh (so empty-cached) TagSource; returns requests, pins, updates and ms. */
async function measure(dir: string, registryUrl: string) {
  let requests = 0;
  const tagSource = createTagSource({ mirrors: { 'docker.io': registryUrl }, hubApiUrl: 'none', onRequest: () => (requests += 1) });
  const start = performance.now();
  const result = await checkDirectory({ dir, write: false, now: NOW, tagSource });
  const ms = performance.now() - start;
  if (result.registriesUnreachable !== undefined) throw new Error(`registry unreachable: ${result.registriesUnreachable}`);
  return { requests, pins: result.report.pins.length, updates: result.report.updates.length, ms };
}

const registry = await startDockerRegistry();
const root = await mkdtemp(path.join(tmpdir(), 'freshpin-bench-many-'));
try {
  await seedImages(registry.url, [
    ...phoenixSeedSpecs(),
    ...['v1-20250101', 'v1-20250201', 'v1-20250301'].map((tag) => ({ repository: 'acme/app', tag, platforms: ['linux/amd64', 'linux/arm64/v8'] })),
  ]);
  const few = await measure(await writeTree(root, 5), registry.url);
  const many = await measure(await writeTree(root, 500), registry.url);
  const line = (run: typeof few) => `${run.requests} registry requests; ${run.pins} pins, ${run.updates} updates; ${run.ms.toFixed(0)} ms`;
  printFigures([
    { label: 'check, 5 Dockerfiles, 3 families', value: line(few) },
    { label: 'check, 500 Dockerfiles, 3 families', value: line(many) },
    { label: 'requests independent of file count', value: few.requests === many.requests ? 'yes' : `NO (${few.requests} vs ${many.requests})` },
  ]);
} finally {
  await registry.stop();
  await rm(root, { recursive: true, force: true });
}
