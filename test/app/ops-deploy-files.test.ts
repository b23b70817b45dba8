// The deployment files agree with the code: Compose and Kubernetes run the image non-root
// on a read-only root filesystem with the secrets referenced, probe the real endpoints, and
// give shutdown more time than its bound; the workflows do what CI and the weekly scan
// promise; docs/deploy.md lists every environment variable the code reads, and
// docs/operations.md every metric.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import cron from 'node-cron';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SHUTDOWN_TIMEOUT_SECONDS } from '../../src/settings/read-app-settings.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { REPO_ROOT } from './ops-harness.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const yamlOf = (path: string) => parse(read(path)) as Obj;
const docsOf = (path: string) => parseAllDocuments(read(path)).map((doc) => doc.toJS() as Obj);

function seconds(text: string): number {
  const m = /^(\d+)(s|m)?$/.exec(text);
  if (m === null) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
}

/** The pod-level checks both Kubernetes workloads must pass. */
function expectHardenedPod(pod: Obj): Obj {
  expect(pod.automountServiceAccountToken).toBe(false);
  expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
  expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
  const [container] = pod.containers as Obj[];
  expect(container?.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  const env = Object.fromEntries((container?.env as Obj[]).map((entry) => [entry.name, entry]));
  for (const name of ['APP_ID', 'WEBHOOK_SECRET']) expect(env[name]?.valueFrom?.secretKeyRef).toMatchObject({ name: 'freshpin', key: name });
  const keyDir = (container?.volumeMounts as Obj[]).find((mount) => mount.name === 'private-key');
  expect(env.PRIVATE_KEY_PATH?.value).toBe(`${keyDir?.mountPath}/private-key.pem`);
  expect((pod.volumes as Obj[]).find((volume) => volume.name === 'private-key')?.secret).toMatchObject({ secretName: 'freshpin', items: [{ key: 'private-key.pem', path: 'private-key.pem' }] });
  return container ?? {};
}

describe('deploy/compose.yaml', () => {
  const service = yamlOf('deploy/compose.yaml').services.freshpin as Obj;

  it('runs the image non-root, read-only, without capabilities, with env_file, healthcheck and restart', () => {
    expect(service).toMatchObject({ user: '10001:10001', read_only: true, cap_drop: ['ALL'], env_file: '../.env', restart: 'unless-stopped' });
    expect(service.security_opt).toContain('no-new-privileges:true');
    expect(service.healthcheck.test.join(' ')).toContain('/healthz');
    expect(service.environment.PRIVATE_KEY_PATH).toBe('/run/secrets/freshpin-private-key');
    expect(service.environment).toMatchObject({ METRICS_HOST: '127.0.0.1' });
    expect(service.environment.METRICS_PORT).not.toBe(service.environment.PORT);
    expect(service.secrets).toEqual(['freshpin-private-key']);
    expect(seconds(service.stop_grace_period)).toBeGreaterThan(Number(service.environment.FRESHPIN_SHUTDOWN_TIMEOUT));
  });
});

describe('deploy/kubernetes', () => {
  it('deployment.yaml: the server, probed on /healthz and /readyz, and its Service', () => {
    const [deployment, service] = docsOf('deploy/kubernetes/deployment.yaml');
    expect(deployment?.kind).toBe('Deployment');
    const container = expectHardenedPod(deployment?.spec.template.spec);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.readinessProbe.timeoutSeconds).toBeGreaterThan(5);
    const env = Object.fromEntries((container.env as Obj[]).map((entry) => [entry.name, entry.value]));
    // Metrics on their own port, scraped there, and kept out of the Service (only the webhook port is exposed).
    expect(container.ports).toEqual([
      { name: 'http', containerPort: 3000 },
      { name: 'metrics', containerPort: Number(env.METRICS_PORT) },
    ]);
    expect(env.METRICS_PORT).not.toBe(env.PORT);
    expect(deployment?.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/port': env.METRICS_PORT, 'prometheus.io/path': '/metrics' });
    expect(cron.validate(env.FRESHPIN_CRON)).toBe(true);
    expect(deployment?.spec.template.spec.terminationGracePeriodSeconds).toBe(Number(env.FRESHPIN_SHUTDOWN_TIMEOUT) + 5);
    expect(service).toMatchObject({ kind: 'Service', spec: { selector: deployment?.spec.selector.matchLabels, ports: [{ targetPort: 'http' }] } });
    expect(service?.spec.ports).toHaveLength(1);
  });

  it('cronjob.yaml: `freshpin cycle` on a schedule, never overlapping', () => {
    const [cronJob] = docsOf('deploy/kubernetes/cronjob.yaml');
    expect(cronJob).toMatchObject({ kind: 'CronJob', spec: { concurrencyPolicy: 'Forbid' } });
    expect(cron.validate(cronJob?.spec.schedule)).toBe(true);
    const pod = cronJob?.spec.jobTemplate.spec.template.spec as Obj;
    expect(pod.restartPolicy).toBe('Never');
    const container = expectHardenedPod(pod);
    expect(container.args).toEqual(['/app/bin/run-node.sh', 'bin/freshpin.js', 'cycle']);
  });
});

describe('.github/workflows', () => {
  const runs = (workflow: Obj) => Object.values(workflow.jobs as Obj).flatMap((job: Obj) => (job.steps as Obj[]).map((step) => String(step.run ?? '')));
  const uses = (workflow: Obj) => Object.values(workflow.jobs as Obj).flatMap((job: Obj) => (job.steps as Obj[]).map((step) => String(step.uses ?? '')));

  it('ci.yml installs Debian docker-registry and shellcheck, then npm ci and npm run check', () => {
    const ci = yamlOf('.github/workflows/ci.yml');
    expect(ci.permissions).toEqual({});
    expect(ci.jobs.check.permissions).toEqual({ contents: 'read' });
    expect(ci.jobs.check.container.image).toMatch(/^debian:/);
    const script = runs(ci).join('\n');
    for (const needle of ['docker-registry', 'shellcheck', 'npm ci', 'npm run check']) expect(script).toContain(needle);
  });

  it('image-scan.yml rebuilds weekly from scratch, scans with Trivy (JSON, SARIF) and Scout, and ends with one freshpin-scan artifact', () => {
    const scan = yamlOf('.github/workflows/image-scan.yml');
    const template = yamlOf('templates/freshpin-scan.yml');
    expect(cron.validate(scan.on.schedule[0].cron)).toBe(true);
    expect(Object.keys(scan.on.workflow_dispatch.inputs)).toEqual(Object.keys(template.on.workflow_dispatch.inputs));
    expect(runs(scan).join('\n')).toMatch(/docker build --pull --no-cache/);
    const formats = (scan.jobs.build.steps as Obj[]).filter((step) => String(step.uses).startsWith('aquasecurity/trivy-action')).map((step) => step.with.format);
    expect(formats.sort()).toEqual(['json', 'sarif']);
    expect((scan.jobs.scout.steps as Obj[]).some((step) => String(step.uses).startsWith('docker/scout-action'))).toBe(true);
    const merges = (scan.jobs.publish.steps as Obj[]).filter((step) => String(step.uses).startsWith('actions/upload-artifact/merge'));
    expect(merges.map((step) => step.with.name)).toEqual(['freshpin-scan']);
  });

  it('every workflow parses and pins its actions to a commit SHA, naming the release', () => {
    for (const name of readdirSync(join(REPO_ROOT, '.github/workflows'))) {
      const workflow = yamlOf(`.github/workflows/${name}`);
      for (const action of uses(workflow).filter((value) => value !== '')) expect(action, `${name}: ${action}`).toMatch(/@[0-9a-f]{40}$/);
    }
  });
});

describe('docs', () => {
  it('docs/deploy.md lists every environment variable the settings read, and every one in .env.example', () => {
    const sources = ['src/settings/read-app-settings.ts', 'src/settings/read-runtime-settings.ts', 'src/settings/read-queue-settings.ts'].map(read).join('\n');
    const read_ = new Set([...sources.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]));
    const example = new Set([...read('.env.example').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const table = new Set([...read('docs/deploy.md').matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
    expect(read_.size).toBeGreaterThan(10);
    expect([...read_, ...example].filter((name) => name !== undefined && !table.has(name))).toEqual([]);
  });

  it('docs/operations.md lists every freshpin metric', () => {
    // freshpin's own metrics (the fields of createMetrics()), not prom-client's default process metrics.
    const names = Object.values(createMetrics()).flatMap((value) => (value !== null && typeof value === 'object' && 'name' in value && typeof value.name === 'string' ? [value.name] : []));
    expect(names.length).toBeGreaterThanOrEqual(10);
    const doc = read('docs/operations.md');
    expect(names.filter((name) => !doc.includes(`| \`${name}\` |`))).toEqual([]);
  });
});
