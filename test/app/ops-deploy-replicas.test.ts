// The replica deployment files: Compose gains Redis and a second replica; Kubernetes runs
// several replicas on one REDIS_URL, with no CronJob (the schedule is in Redis).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import cron from 'node-cron';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './ops-harness.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
// `!override` is Compose's merge tag: read it as the plain sequence it holds.
const customTags = [{ tag: '!override', collection: 'seq' as const, resolve: (value: unknown) => value }];

describe('deploy/compose.replicas.yaml', () => {
  const compose = parse(read('deploy/compose.replicas.yaml'), { customTags }) as Obj;
  it('adds Redis and a second replica, both on REDIS_URL', () => {
    expect(compose.services.redis.command).toEqual(expect.arrayContaining(['--maxmemory-policy', 'noeviction']));
    expect(compose.services['freshpin-2'].extends).toEqual({ file: 'compose.yaml', service: 'freshpin' });
    for (const name of ['freshpin', 'freshpin-2']) {
      expect(compose.services[name].environment.REDIS_URL).toBe('redis://redis:6379');
      expect(compose.services[name].depends_on.redis.condition).toBe('service_healthy');
    }
  });
});

describe('deploy/kubernetes/replicas', () => {
  it('runs several replicas on one Redis, with the schedule and no CronJob', () => {
    const [deployment, service] = parseAllDocuments(read('deploy/kubernetes/replicas/deployment.yaml')).map((doc) => doc.toJS() as Obj);
    expect(deployment?.kind).toBe('Deployment');
    expect(deployment?.spec.replicas).toBeGreaterThanOrEqual(2);
    const pod = deployment?.spec.template.spec as Obj;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    const [container] = pod.containers as Obj[];
    const env = Object.fromEntries((container?.env as Obj[]).map((entry) => [entry.name, entry.value]));
    expect(env.REDIS_URL).toMatch(/^redis:\/\/freshpin-redis:6379$/);
    expect(cron.validate(env.FRESHPIN_CRON)).toBe(true);
    expect(container?.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(service).toMatchObject({ kind: 'Service', spec: { selector: deployment?.spec.selector.matchLabels } });
    const kinds = readdirSync(join(REPO_ROOT, 'deploy/kubernetes/replicas')).flatMap((name) => parseAllDocuments(read(`deploy/kubernetes/replicas/${name}`)).map((doc) => (doc.toJS() as Obj).kind));
    expect(kinds).not.toContain('CronJob');
    const [redis, redisService] = parseAllDocuments(read('deploy/kubernetes/replicas/redis.yaml')).map((doc) => doc.toJS() as Obj);
    expect(redis?.spec.template.spec.containers[0].args).toEqual(expect.arrayContaining(['--maxmemory-policy', 'noeviction']));
    expect(redisService?.metadata.name).toBe('freshpin-redis');
  });
});
