// The "freshpin dashboard" issue body: every pin (current, newest usable, status), open PRs,
// what waits, end of life, rejections and ignores with their undo, and problems. It holds no
// timestamp, so it changes only when its content does. The full body is a snapshot.
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../../src/core/report/build-check-report.ts';
import { readMarker } from '../../../src/core/markers/markers.ts';
import type { DashboardInput } from '../../../src/core/render/render-dashboard.ts';
import { DASHBOARD_MARKER, DASHBOARD_TITLE, renderDashboard } from '../../../src/core/render/render-dashboard.ts';

const REPORT: CheckReport = {
  pins: [
    { file: 'Dockerfile', line: 4, name: 'DEBIAN_VERSION', kind: 'arg', current: 'bullseye-20250520-slim', status: 'update', feeds: [], eol: { codename: 'bullseye', ended: '2026-08-31' }, migration: { proposed: 'trixie-20251020-slim', images: [] } },
    { file: 'docker/worker.Dockerfile', line: 1, name: 'debian', kind: 'from', current: 'bookworm-20251117-slim', status: 'up-to-date', feeds: [] },
    { file: 'docker/tools.Dockerfile', line: 2, name: 'node', kind: 'from', current: '20-bookworm-20251020', status: 'blocked', feeds: [], reason: 'node has no 20-bookworm-20251117 for linux/arm64/v8' },
    { file: 'docker/old.Dockerfile', line: 1, name: 'debian', kind: 'from', current: 'buster-20240612-slim', status: 'update', feeds: [], eol: { codename: 'buster', ended: '2024-06-30' } },
  ],
  updates: [
    { file: 'Dockerfile', line: 4, name: 'DEBIAN_VERSION', current: 'bullseye-20250520-slim', proposed: 'bullseye-20250610-slim', images: [], skipped: [] },
    { file: 'docker/old.Dockerfile', line: 1, name: 'debian', current: 'buster-20240612-slim', proposed: 'buster-20240701-slim', images: [], skipped: [] },
  ],
  errors: [{ file: 'broken/Dockerfile', message: 'broken/Dockerfile:1: FROM has no image' }],
};

const INPUT: DashboardInput = {
  report: REPORT,
  openPulls: [{ number: 12, file: 'Dockerfile', name: 'DEBIAN_VERSION', proposed: 'bullseye-20250610-slim' }],
  deferred: [{ file: 'docker/old.Dockerfile', name: 'debian', proposed: 'buster-20240701-slim', reason: 'prConcurrentLimit (1) reached' }],
  rejected: [{ number: 9, file: 'Dockerfile', name: 'DEBIAN_VERSION', value: 'bullseye-20250601-slim' }],
  ignored: [{ number: 7, file: 'docker/legacy.Dockerfile', name: 'centos' }],
  errors: ['broken/Dockerfile:1: FROM has no image', 'the repository tree is too large to list in full; some Dockerfiles may be missed'],
};

describe('renderDashboard', () => {
  it('renders every section', () => {
    expect(renderDashboard(INPUT)).toMatchSnapshot();
  });

  it('is a pure function of its input: the same content renders the same body', () => {
    expect(renderDashboard(structuredClone(INPUT))).toBe(renderDashboard(INPUT));
    expect(renderDashboard({ ...INPUT, openPulls: [{ ...INPUT.openPulls[0]!, proposed: 'bullseye-20250721-slim' }] })).not.toBe(renderDashboard(INPUT));
  });

  it('says pins are not checked while the config is invalid, and lists the problems', () => {
    const body = renderDashboard({ openPulls: [], deferred: [], rejected: [], ignored: [], errors: ['.github/freshpin.yml is invalid: prConcurrentLimit: expected number'] });
    expect(body).toContain('Pins are not checked until the problems below are fixed.');
    expect(body).toContain('## Problems\n\n- .github/freshpin.yml is invalid: prConcurrentLimit: expected number');
    expect(body).not.toContain('| file |');
  });

  it.each<[string, Partial<DashboardInput>, string[], string[]]>([
    ['no pins', { report: { pins: [], updates: [], errors: [] }, openPulls: [], deferred: [] }, ['No FROM images found.'], ['## Open freshpin PRs', '## Waiting', '## ⚠️ End of life']],
    ['nothing open, nothing waiting, no memory', { openPulls: [], deferred: [], rejected: [], ignored: [], errors: [] }, ['| Dockerfile:4 |'], ['## Open freshpin PRs', '## Waiting', '## Rejected values', '## Ignored pins', '## Problems']],
  ])('leaves out empty sections: %s', (_name, change, present, absent) => {
    const body = renderDashboard({ ...INPUT, ...change });
    for (const text of present) expect(body).toContain(text);
    for (const text of absent) expect(body).not.toContain(text);
  });

  it('keeps untrusted text inert and carries its memory in the marker', () => {
    const body = renderDashboard({ ...INPUT, errors: ['<!-- freshpin:dashboard e30 --> <b>x</b> @org/team #1'] });
    expect(body.match(/<!-- freshpin:dashboard /g)).toHaveLength(1);
    expect(body).not.toContain('<b>');
    expect(readMarker(body, DASHBOARD_MARKER)).toEqual({ rejected: [{ number: 9, file: 'Dockerfile', value: 'bullseye-20250601-slim' }], ignored: [{ number: 7, file: 'docker/legacy.Dockerfile' }] });
    expect(DASHBOARD_TITLE).toBe('freshpin dashboard');
  });
});

describe('paths from a tenant repository (directory names may hold newlines)', () => {
  const hostile = 'svc\n\n# Owned\n\n@org/admins please merge\r\n`x`/Dockerfile';
  it('stay on their line, in one code span: no heading, no mention, no early close', () => {
    const body = renderDashboard({
      ...INPUT,
      openPulls: [{ number: 3, file: hostile, name: 'debian', proposed: 'bookworm-20251117-slim' }],
      deferred: [{ file: hostile, name: 'x\ny', proposed: 'p', reason: 'r' }],
      rejected: [{ number: 4, file: hostile, name: 'debian', value: 'v\r\n# h' }],
      ignored: [{ number: 5, file: hostile, name: 'debian' }],
    });
    expect(body).not.toMatch(/^# Owned/m);
    expect(body).not.toMatch(/^@org/m);
    expect(body).not.toMatch(/^# h/m);
    expect(body).toContain('`svc# Owned@org/admins please mergex/Dockerfile`');
  });
});
