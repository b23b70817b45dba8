import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HARDENING_RULE_IDS, checkImageHardening } from '../../../scripts/hardening/check-image-hardening.ts';

const read = (relative: string): string => readFileSync(new URL(relative, import.meta.url), 'utf8');
const failing = (text: string): string[] => checkImageHardening(text).filter((r) => !r.ok).map((r) => r.rule);

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

/** A small Dockerfile that follows every rule; each case below breaks one thing in it. */
const GOOD = `ARG DEBIAN_VERSION=trixie-20251117-slim
FROM debian:\${DEBIAN_VERSION}@${DIGEST} AS build
RUN apt-get update && apt-get upgrade -y && apt-get install -y --no-install-recommends npm && rm -rf /var/lib/apt/lists/*
RUN npm ci
FROM debian:\${DEBIAN_VERSION}@${DIGEST}
RUN apt-get update \\
 && apt-get -y upgrade \\
 && apt-get install -y --no-install-recommends tini \\
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +
ENV NODE_ENV=production
USER 10001:10001
HEALTHCHECK --interval=30s CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz')"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "src/app/main.ts"]
`;

function edit(from: string, to: string): string {
  if (!GOOD.includes(from)) throw new Error(`fixture lacks ${from}`);
  return GOOD.replace(from, to);
}

describe('checkImageHardening', () => {
  it('reports every rule once, in order', () => {
    expect(checkImageHardening(GOOD).map((r) => r.rule)).toEqual(HARDENING_RULE_IDS);
  });

  it('passes the inline good example', () => {
    expect(failing(GOOD)).toEqual([]);
  });

  describe("freshpin's own Dockerfile", () => {
    const results = checkImageHardening(read('../../../Dockerfile'));
    it.each(HARDENING_RULE_IDS.map((id) => [id]))('passes %s', (id) => {
      expect(results.find((r) => r.rule === id)).toMatchObject({ ok: true });
    });
  });

  describe('Dockerfile.insecure', () => {
    const results = checkImageHardening(read('../../fixtures/dockerfiles/Dockerfile.insecure'));
    it.each(HARDENING_RULE_IDS.map((id) => [id]))('fails %s', (id) => {
      const result = results.find((r) => r.rule === id);
      expect(result).toMatchObject({ ok: false });
      expect(result?.detail).not.toBe('');
    });
  });

  it.each<[string, string, string[]]>([
    ['a single stage', `FROM debian:trixie-20251117-slim@${DIGEST}\nCOPY . /app\n`, ['multi-stage', 'numeric-user', 'setuid-stripped', 'tini-entrypoint', 'cmd-exec-form', 'node-env-production', 'healthcheck']],
    ['a final stage that copies from no stage', edit('COPY --from=build /app /app', 'COPY app /app'), ['multi-stage']],
    ['a final stage that copies from an unknown stage', edit('COPY --from=build /app /app', 'COPY --from=other /app /app'), ['multi-stage']],
    ['an undated tag', edit('ARG DEBIAN_VERSION=trixie-20251117-slim', 'ARG DEBIAN_VERSION=trixie-slim'), ['pinned-base-images']],
    ['a tag with a 9-digit run', edit('ARG DEBIAN_VERSION=trixie-20251117-slim', 'ARG DEBIAN_VERSION=trixie-202511170-slim'), ['pinned-base-images']],
    ['a tag with an impossible date', edit('ARG DEBIAN_VERSION=trixie-20251117-slim', 'ARG DEBIAN_VERSION=trixie-20251317-slim'), ['pinned-base-images']],
    ['a missing digest', edit(`FROM debian:\${DEBIAN_VERSION}@${DIGEST} AS build`, 'FROM debian:${DEBIAN_VERSION} AS build'), ['pinned-base-images']],
    ['a short digest', edit(`FROM debian:\${DEBIAN_VERSION}@${DIGEST} AS build`, `FROM debian:\${DEBIAN_VERSION}@sha256:${'a'.repeat(40)} AS build`), ['pinned-base-images']],
    ['an ARG without default', edit('ARG DEBIAN_VERSION=trixie-20251117-slim', 'ARG DEBIAN_VERSION'), ['pinned-base-images']],
    ['apt-get without update', edit('apt-get update && apt-get upgrade -y && ', ''), ['apt-update-upgrade']],
    ['apt-get install before update', edit('AS build\n', 'AS build\nRUN apt-get install -y --no-install-recommends git\n'), ['apt-update-upgrade']],
    ['no upgrade', edit('apt-get upgrade -y && ', ''), ['apt-update-upgrade']],
    ['upgrade without -y', edit('apt-get upgrade -y', 'apt-get upgrade'), ['apt-update-upgrade']],
    ['lists left behind', edit(' && rm -rf /var/lib/apt/lists/*\nRUN npm ci', '\nRUN npm ci'), ['apt-lists-removed']],
    ['lists removed in a later RUN', edit(' && rm -rf /var/lib/apt/lists/*\nRUN npm ci', '\nRUN rm -rf /var/lib/apt/lists/*'), ['apt-lists-removed']],
    ['lists removed without -r', edit(' && rm -rf /var/lib/apt/lists/*\nRUN npm ci', ' && rm -f /var/lib/apt/lists/*\nRUN npm ci'), ['apt-lists-removed']],
    ['recommends installed', edit('install -y --no-install-recommends npm', 'install -y npm'), ['apt-no-install-recommends']],
    ['no USER', edit('USER 10001:10001\n', ''), ['numeric-user']],
    ['a named USER', edit('USER 10001:10001', 'USER app'), ['numeric-user']],
    ['a UID without GID', edit('USER 10001:10001', 'USER 10001'), ['numeric-user']],
    ['root by number', edit('USER 10001:10001', 'USER 0:0'), ['numeric-user']],
    ['a root group', edit('USER 10001:10001', 'USER 10001:0'), ['numeric-user']],
    ['no setuid strip', edit('RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +\n', ''), ['setuid-stripped']],
    ['a strip that keeps setgid', edit('chmod a-s', 'chmod u-s'), ['setuid-stripped']],
    ['a strip before the last install', edit('RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +\nENV', 'ENV').replace('COPY --from', 'RUN find / -perm /6000 -exec chmod a-s {} +\nRUN apt-get install -y --no-install-recommends sudo\nCOPY --from'), ['setuid-stripped']],
    ['no ENTRYPOINT', edit('ENTRYPOINT ["/usr/bin/tini", "--"]\n', ''), ['tini-entrypoint']],
    ['a shell-form ENTRYPOINT', edit('ENTRYPOINT ["/usr/bin/tini", "--"]', 'ENTRYPOINT /usr/bin/tini --'), ['tini-entrypoint']],
    ['an ENTRYPOINT without tini', edit('ENTRYPOINT ["/usr/bin/tini", "--"]', 'ENTRYPOINT ["node"]'), ['tini-entrypoint']],
    ['no CMD', edit('CMD ["node", "src/app/main.ts"]\n', ''), ['cmd-exec-form']],
    ['a shell-form CMD', edit('CMD ["node", "src/app/main.ts"]', 'CMD node src/app/main.ts'), ['cmd-exec-form']],
    ['a CMD that is not valid JSON', edit('CMD ["node", "src/app/main.ts"]', "CMD ['node', 'src/app/main.ts']"), ['cmd-exec-form']],
    ['no NODE_ENV', edit('ENV NODE_ENV=production\n', ''), ['node-env-production']],
    ['NODE_ENV overridden later', edit('USER 10001:10001', 'ENV NODE_ENV=development\nUSER 10001:10001'), ['node-env-production']],
    ['NODE_ENV set only in the build stage', edit('ENV NODE_ENV=production\n', '').replace('RUN npm ci', 'ENV NODE_ENV=production\nRUN npm ci'), ['node-env-production']],
    ['no HEALTHCHECK', edit(`HEALTHCHECK --interval=30s CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz')"]\n`, ''), ['healthcheck']],
    ['HEALTHCHECK NONE', edit(`HEALTHCHECK --interval=30s CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz')"]`, 'HEALTHCHECK NONE'), ['healthcheck']],
    ['a HEALTHCHECK on another path', edit('/healthz', '/'), ['healthcheck']],
  ])('fails on %s', (_label, text, rules) => {
    expect(failing(text)).toEqual(rules);
  });

  it.each<[string, string]>([
    ['a literal dated tag', GOOD.replaceAll('${DEBIAN_VERSION}', 'trixie-20251117-slim')],
    ['a braced default', GOOD.replaceAll('${DEBIAN_VERSION}', '${DEBIAN_VERSION:-trixie-20251117-slim}')],
    ['a FROM on an earlier stage and scratch', GOOD.replace('FROM debian:${DEBIAN_VERSION}@' + DIGEST + '\n', 'FROM build AS mid\nFROM scratch AS empty\nFROM debian:${DEBIAN_VERSION}@' + DIGEST + '\n')],
    ['COPY --from by stage index', GOOD.replace('COPY --from=build', 'COPY --from=0')],
    ['a cache mount over the apt lists', GOOD.replace('RUN apt-get update && apt-get upgrade -y && apt-get install -y --no-install-recommends npm && rm -rf /var/lib/apt/lists/*', 'RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get upgrade -y && apt-get install -y --no-install-recommends npm')],
    ['apt options spelt out', GOOD.replace('apt-get -y upgrade', 'DEBIAN_FRONTEND=noninteractive apt-get --assume-yes -o Dpkg::Options::=--force-confold dist-upgrade')],
    ['exec-form sh -c RUN', GOOD.replace('RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +', 'RUN ["/bin/sh", "-c", "find / -xdev -perm /6000 -type f -exec chmod u-s,g-s {} \\\\;"]')],
    ['a plain chmod strip', GOOD.replace('RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +', 'RUN chmod ug-s /usr/bin/passwd')],
    ['a shell-form HEALTHCHECK', GOOD.replace(/HEALTHCHECK .*\n/, 'HEALTHCHECK CMD curl -fsS http://localhost:3000/healthz || exit 1\n')],
    ['lower-case keywords', GOOD.replace('USER 10001:10001', 'user 10001:10001').replace('healthcheck', 'HEALTHCHECK')],
  ])('passes with %s', (_label, text) => {
    expect(failing(text)).toEqual([]);
  });

  it('fails every rule on an empty file, without throwing', () => {
    expect(failing('')).toEqual(HARDENING_RULE_IDS.filter((id) => !id.startsWith('apt-')));
  });

  it('never throws, and always answers every rule', () => {
    const token = fc.constantFrom('FROM ', 'RUN ', 'COPY --from=0 ', 'USER ', 'ENV ', 'ARG ', 'CMD ', 'ENTRYPOINT ', 'HEALTHCHECK ', 'AS ', 'x', '$', '{', '}', '${A:-b}', '[', ']', '"', "'", '\\', '\n', ' ', '&&', '>', 'apt-get ', 'update', 'install', '-y', 'rm -rf /var/lib/apt/lists', 'find / -exec chmod a-s {} +', '@sha256:', '20251117', '# c\n', '<<EOF\n');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: token, maxLength: 60 }), fc.string({ maxLength: 200 })), (text) => {
        expect(checkImageHardening(text).map((r) => r.rule)).toEqual(HARDENING_RULE_IDS);
      }),
      { numRuns: 300 },
    );
  });
});
