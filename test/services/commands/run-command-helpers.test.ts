// The small pieces of the command recipe: the per-PR queue, the marker rewrite in a PR body,
// where a comment was written, and how a scan that does not allow merging is explained.
import { describe, expect, it } from 'vitest';
import type { BumpMarker } from '../../../src/core/markers/bump-marker.ts';
import { readBumpMarker, renderBumpMarker, replaceBumpMarker, withoutKeys } from '../../../src/core/markers/bump-marker.ts';
import { renderMarker } from '../../../src/core/markers/markers.ts';
import { createKeyedQueue, pullKey } from '../../../src/services/keyed-queue.ts';
import { explainScanState } from '../../../src/services/scans/read-scan-state.ts';
import { classifyTarget } from '../../../src/services/commands/run-command.ts';

const MARKER: BumpMarker = { v: 1, file: 'Dockerfile', pin: 'arg:V', name: 'V', current: 'a-20250101', proposed: 'a-20250201', history: [] };
const BOT = 'freshpin[bot]';

describe('createKeyedQueue', () => {
  it('runs tasks of one key one after the other, other keys alongside, and survives a failure', async () => {
    const queue = createKeyedQueue();
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = queue.run('pr#1', async () => {
      events.push('1a start');
      await gate;
      events.push('1a end');
      throw new Error('boom');
    });
    const second = queue.run('pr#1', async () => {
      events.push('1b');
      return 'b';
    });
    const other = queue.run('pr#2', async () => {
      events.push('2');
      return 'c';
    });
    await other;
    expect(events).toEqual(['1a start', '2']);
    release();
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('b');
    expect(events).toEqual(['1a start', '2', '1a end', '1b']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(queue.size).toBe(0);
  });

  it('keys PRs case-insensitively by repository', () => {
    expect(pullKey({ owner: 'Acme', repo: 'Web' }, 7)).toBe(pullKey({ owner: 'acme', repo: 'web' }, 7));
  });
});

describe('replaceBumpMarker', () => {
  it('replaces the marker in place and keeps the rest of the body byte for byte', () => {
    const body = `Intro with $& and $1\n\n${renderBumpMarker(MARKER)}\n\nfooter\n`;
    const changed = replaceBumpMarker(body, { ...MARKER, rejected: 'a-20250201', reason: 'no' });
    expect(readBumpMarker(changed)).toEqual({ ...MARKER, rejected: 'a-20250201', reason: 'no' });
    expect(changed.replace(/<!-- freshpin:bump [^>]* -->/, 'M')).toBe('Intro with $& and $1\n\nM\n\nfooter\n');
  });

  it('appends a marker to a body that has none', () => {
    expect(readBumpMarker(replaceBumpMarker('text', MARKER))).toEqual(MARKER);
  });

  it('drops keys without touching the original', () => {
    const released = { ...MARKER, released: true };
    expect(withoutKeys(released, 'released')).toEqual(MARKER);
    expect(released.released).toBe(true);
  });
});

describe('classifyTarget', () => {
  const dashboard = `This issue is kept up to date by freshpin.\n\n${renderMarker('dashboard', { rejected: [], ignored: [] })}\n`;
  it.each([
    [{ isPull: true, authorLogin: BOT, body: renderBumpMarker(MARKER) }, 'bump-pull'],
    [{ isPull: true, authorLogin: 'mallory', body: renderBumpMarker(MARKER) }, 'other'],
    [{ isPull: true, authorLogin: BOT, body: 'Configure freshpin' }, 'other'],
    [{ isPull: false, authorLogin: BOT, body: `<!-- freshpin:dashboard -->\n${dashboard}` }, 'dashboard'],
    [{ isPull: false, authorLogin: 'mallory', body: `<!-- freshpin:dashboard -->\n${dashboard}` }, 'other'],
    [{ isPull: false, authorLogin: BOT, body: null }, 'other'],
  ] as const)('%j → %s', (issue, kind) => {
    expect(classifyTarget(issue, BOT)).toBe(kind);
  });
});

describe('explainScanState', () => {
  const A = 'a'.repeat(40);
  const B = 'b'.repeat(40);
  it.each([
    [{ kind: 'none', sha: A }, 'no freshpin scan has run on the head commit `aaaaaaaaaaaa` yet; comment `/freshpin rescan` to scan it.'],
    [{ kind: 'stale', sha: B, scannedSha: A }, 'the head changed since the scan: the scan covered `aaaaaaaaaaaa`, the head is now `bbbbbbbbbbbb`; comment `/freshpin rescan` to scan it.'],
    [{ kind: 'failed', sha: A, conclusion: 'failure' }, 'the `freshpin/scan` check on the head commit `aaaaaaaaaaaa` concluded `failure` (the gate fails on `HIGH` findings or worse). Fix the findings, or comment `/freshpin rescan` to scan it again.'],
    [{ kind: 'running', sha: A }, 'the `freshpin/scan` check on the head commit `aaaaaaaaaaaa` has not finished yet. Try again once it has.'],
    [{ kind: 'pending', sha: A, runId: 12 }, 'the scan of the head commit `aaaaaaaaaaaa` (run 12) has not reported yet. Try again once the `freshpin/scan` check is there, or comment `/freshpin rescan` to scan it again.'],
  ] as const)('%j', (state, text) => {
    expect(explainScanState(state, 'freshpin', 'HIGH')).toBe(text);
  });
});
