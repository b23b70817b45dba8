// Benchmark: one generated ~300-line Dockerfile (global ARGs, many stages, RUNs, several
// pins, one coupling two images): parse, plan (against an in-memory TagSource, so no
// network) and edit, each timed separately, median of N runs.
//
//   npx node bench/check-large-dockerfile.ts [runs]
import { displayImageName } from '../src/core/dockerfile/parse-image-ref.ts';
import { pinKey } from '../src/core/dockerfile/pin-identity.ts';
import { buildCheckReport } from '../src/core/report/build-check-report.ts';
import { defaultConfig } from '../src/core/config/parse-config.ts';
import type { TagSource } from '../src/registry/tag-source.ts';
import { analyzeFiles } from '../src/services/planning/plan-repository.ts';
import type { PinToPlan } from '../src/services/planning/resolve-pin-plans.ts';
import { resolvePinPlans } from '../src/services/planning/resolve-pin-plans.ts';
import { describeTimes, printFigures } from './check-summary.ts';

const RUNS = Number(process.argv[2] ?? 50);
const NOW = new Date('2026-11-29T00:00:00Z');
const MULTI = ['linux/amd64', 'linux/arm64/v8'];

function generateDockerfile(): string {
  const lines = [
    '# syntax=docker/dockerfile:1',
    'ARG DEBIAN_VERSION=bookworm-20251020-slim',
    'ARG BUILDER_IMAGE="hexpm/elixir:1.18.4-erlang-27.2.4-debian-${DEBIAN_VERSION}"',
    'ARG RUNNER_IMAGE="debian:${DEBIAN_VERSION}"',
    'ARG APP_TAG=v1-20250101',
    'ARG TOOL_IMAGE=acme/tool:t-20250101',
    'ARG UNUSED=42',
  ];
  const froms = [
    (i: number) => `FROM \${BUILDER_IMAGE} AS build${i}`,
    (i: number) => `FROM \${RUNNER_IMAGE} AS run${i}`,
    (i: number) => `FROM acme/app:\${APP_TAG} AS app${i}`,
    (i: number) => `FROM \${TOOL_IMAGE} AS tool${i}`,
    (i: number) => `FROM debian:trixie-20251020-slim AS trixie${i}`,
    (i: number) => `FROM --platform=$BUILDPLATFORM alpine:3.20 AS plain${i}`,
  ];
  for (let i = 0; lines.length < 290; i++) {
    lines.push('', (froms[i % froms.length] ?? froms[0]!)(i), `ARG STAGE_${i}=stage-${i}`, `ENV STAGE=${i} LANG=C.UTF-8`, 'WORKDIR /app');
    lines.push(`RUN apt-get update -y \\`, `    && apt-get install -y --no-install-recommends curl ca-certificates \\`, `    && rm -rf /var/lib/apt/lists/*`);
    lines.push(`COPY --chown=nobody:nogroup src/${i} /app/${i}`, `RUN echo "stage ${i}" > /app/stage-${i}.txt`, 'USER nobody');
  }
  lines.push('', 'FROM ${RUNNER_IMAGE}', 'COPY --from=build0 /app /app', 'CMD ["/app/bin/server"]', '');
  return lines.join('\n');
}

/** Every tag by image, names-only listings as an OCI registry gives, answered from memory. */
const WORLD: Record<string, string[]> = {
  debian: ['bookworm-20251020-slim', 'bookworm-20251117-slim', 'trixie-20251020-slim', 'trixie-20251117-slim'],
  'hexpm/elixir': ['1.18.4-erlang-27.2.4-debian-bookworm-20251020-slim'],
  'acme/app': ['v1-20250101', 'v1-20250201', 'v1-20250301'],
  'acme/tool': ['t-20250101', 't-20250301'],
};

const memorySource: TagSource = {
  async listTags(image, prefix) {
    return { tags: (WORLD[displayImageName(image)] ?? []).filter((tag) => tag.startsWith(prefix)).map((name) => ({ name })), complete: true };
  },
  async describeTag(image, tag) {
    return (WORLD[displayImageName(image)] ?? []).includes(tag) ? { exists: true, digest: `sha256:${'1'.repeat(64)}`, platforms: MULTI } : { exists: false };
  },
};

const text = generateDockerfile();
const files = [{ path: 'Dockerfile', text }];
const config = defaultConfig();
const policy = { minimumAgeDays: config.minimumAge, ignore: config.ignore, migrate: config.migrate };

const parse: number[] = [];
const plan: number[] = [];
const edit: number[] = [];
let summary = '';
for (let run = 0; run < RUNS + 3; run++) {
  const t0 = performance.now();
  const analysed = analyzeFiles(files, NOW);
  const t1 = performance.now();
  const analysis = analysed[0]?.analysis;
  if (analysis === undefined) throw new Error(`the generated Dockerfile did not parse: ${analysed[0]?.error?.message}`);
  const jobs: PinToPlan[] = analysis.pins.map((pin) => ({ key: pinKey('Dockerfile', pin.id), input: { pin, froms: analysis.froms, policy, now: NOW } }));
  const resolved = await resolvePinPlans(jobs, memorySource);
  const t2 = performance.now();
  const { report, changes } = buildCheckReport(analysed, resolved.plans);
  const t3 = performance.now();
  if (run < 3) {
    summary = `${text.split('\n').length} lines, ${analysis.froms.length} FROMs, ${analysis.pins.length} pins, ${report.updates.length} updates, ${changes.length} file changed, ${resolved.fetched} facts`;
    continue; // warm-up
  }
  parse.push(t1 - t0);
  plan.push(t2 - t1);
  edit.push(t3 - t2);
}

printFigures([
  { label: 'large Dockerfile', value: summary },
  { label: '  parse (analyzeDockerfile)', value: describeTimes(parse) },
  { label: '  plan (in-memory TagSource)', value: describeTimes(plan) },
  { label: '  edit (report + planEdits + applyEdits)', value: describeTimes(edit) },
  { label: '  total', value: describeTimes(parse.map((p, i) => p + (plan[i] ?? 0) + (edit[i] ?? 0))) },
]);
