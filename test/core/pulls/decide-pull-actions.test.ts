// The PR reconciliation: one PR per pin, updated in place, closed when the base caught up or
// the pin went away, duplicates closed, new PRs beyond prConcurrentLimit deferred; and the
// memory read back from closed PRs (rejected values, ignored pins).
import { describe, expect, it } from 'vitest';
import type { BumpMarker } from '../../../src/core/markers/bump-marker.ts';
import type { KnownPull, PinNow, PullProposal, PullAction } from '../../../src/core/pulls/decide-pull-actions.ts';
import { decidePullActions, readRepoMemory } from '../../../src/core/pulls/decide-pull-actions.ts';

const NOW = new Date('2026-11-29T00:00:00Z');
const OLD = 'bullseye-20250520-slim';
const A = 'bullseye-20250610-slim';
const B = 'bullseye-20250721-slim';
const C = 'bullseye-20250811-slim';

function proposal(proposed: string, pin = 'arg:DEBIAN_VERSION', file = 'Dockerfile', current = OLD): PullProposal {
  return { file, pin, name: pin.replace(/^(arg|from):/, ''), current, proposed, migration: false };
}

function marker(proposed: string, pin = 'arg:DEBIAN_VERSION', file = 'Dockerfile', extra: Partial<BumpMarker> = {}): BumpMarker {
  return { v: 1, file, pin, name: pin.replace(/^(arg|from):/, ''), current: OLD, proposed, history: [], ...extra };
}

function pull(number: number, proposed: string, pin = 'arg:DEBIAN_VERSION', file = 'Dockerfile', extra: Partial<BumpMarker> = {}): KnownPull {
  return { number, branch: `freshpin/${file.toLowerCase()}/${pin}`, marker: marker(proposed, pin, file, extra) };
}

function pinNow(current: string, pin = 'arg:DEBIAN_VERSION', file = 'Dockerfile'): PinNow {
  return { file, pin, current };
}

/** `type #number value` per action, for one-line expectations. */
function brief(actions: PullAction<PullProposal>[]): string[] {
  return actions.map((action) => {
    switch (action.type) {
      case 'create':
        return `create ${action.proposal.file}#${action.proposal.pin} ${action.proposal.proposed}`;
      case 'update':
        return `update #${action.pull.number} ${action.proposal.proposed}`;
      case 'keep':
        return `keep #${action.pull.number}`;
      case 'close':
        return `close #${action.pull.number}: ${action.reason}`;
      case 'defer':
        return `defer ${action.proposal.file}#${action.proposal.pin}: ${action.reason}`;
    }
  });
}

describe('decidePullActions', () => {
  it.each<[string, { proposals: PullProposal[]; open: KnownPull[]; pins: PinNow[]; limit?: number }, string[]]>([
    ['nothing to do', { proposals: [], open: [], pins: [pinNow(OLD)] }, []],
    ['a new value with no PR: create', { proposals: [proposal(A)], open: [], pins: [pinNow(OLD)] }, [`create Dockerfile#arg:DEBIAN_VERSION ${A}`]],
    ['the same value already proposed: keep', { proposals: [proposal(A)], open: [pull(7, A)], pins: [pinNow(OLD)] }, ['keep #7']],
    ['a newer value: update the same PR', { proposals: [proposal(B)], open: [pull(7, A)], pins: [pinNow(OLD)] }, [`update #7 ${B}`]],
    ['no proposal now (e.g. registry down), base unchanged: keep', { proposals: [], open: [pull(7, A)], pins: [pinNow(OLD)] }, ['keep #7']],
    ['the base has the proposed value: close', { proposals: [], open: [pull(7, A)], pins: [pinNow(A)] }, [`close #7: the base branch already has ${A}`]],
    ['the base has a newer value: close', { proposals: [], open: [pull(7, A)], pins: [pinNow(B)] }, [`close #7: the base branch already has ${B}`]],
    ['the base moved, yet not as far, with a newer proposal: update', { proposals: [proposal(C, 'arg:DEBIAN_VERSION', 'Dockerfile', A)], open: [pull(7, B)], pins: [pinNow(A)] }, [`update #7 ${C}`]],
    ['the base moved past the PR and a newer value exists: close, then a fresh PR next pass', { proposals: [proposal(C, 'arg:DEBIAN_VERSION', 'Dockerfile', B)], open: [pull(7, A)], pins: [pinNow(B)] }, [`close #7: the base branch already has ${B}`, `create Dockerfile#arg:DEBIAN_VERSION ${C}`]],
    ['the pin is gone from the file: close', { proposals: [], open: [pull(7, A)], pins: [] }, ['close #7: the pin DEBIAN_VERSION is no longer in Dockerfile on the base branch']],
    ['two PRs for one pin: keep the first, close the other', { proposals: [proposal(A)], open: [pull(7, A), pull(9, A)], pins: [pinNow(OLD)] }, ['keep #7', 'close #9: another freshpin PR already covers this pin']],
    [
      'one PR per pin: the same value in two files is two PRs',
      { proposals: [proposal(A), proposal(A, 'from:debian', 'docker/worker.Dockerfile')], open: [], pins: [pinNow(OLD), pinNow(OLD, 'from:debian', 'docker/worker.Dockerfile')] },
      [`create Dockerfile#arg:DEBIAN_VERSION ${A}`, `create docker/worker.Dockerfile#from:debian ${A}`],
    ],
    [
      'prConcurrentLimit counts kept and updated PRs; new ones beyond it wait',
      { proposals: [proposal(B), proposal(A, 'from:debian', 'w.Dockerfile'), proposal(A, 'from:node', 'w.Dockerfile')], open: [pull(7, A)], pins: [pinNow(OLD), pinNow(OLD, 'from:debian', 'w.Dockerfile'), pinNow(OLD, 'from:node', 'w.Dockerfile')], limit: 2 },
      [`update #7 ${B}`, `create w.Dockerfile#from:debian ${A}`, 'defer w.Dockerfile#from:node: prConcurrentLimit (2) reached'],
    ],
    [
      'a closed PR frees its place under the limit',
      { proposals: [proposal(A, 'from:debian', 'w.Dockerfile')], open: [pull(7, A)], pins: [pinNow(A), pinNow(OLD, 'from:debian', 'w.Dockerfile')], limit: 1 },
      [`close #7: the base branch already has ${A}`, `create w.Dockerfile#from:debian ${A}`],
    ],
    ['limit 0 means none', { proposals: [proposal(A), proposal(A, 'from:x', 'x')], open: [], pins: [], limit: 0 }, [`create Dockerfile#arg:DEBIAN_VERSION ${A}`, `create x#from:x ${A}`]],
    [
      'undated values compare by equality only',
      { proposals: [proposal('v2', 'from:app', 'Dockerfile', 'v1')], open: [pull(7, 'v1.5', 'from:app')], pins: [pinNow('v1', 'from:app')] },
      ['update #7 v2'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(brief(decidePullActions({ ...input, limit: input.limit ?? 10, now: NOW }))).toEqual(expected);
  });

  it('carries the proposal along with a kept PR, and the pull with an update', () => {
    const open = pull(7, A);
    const [action] = decidePullActions({ proposals: [proposal(A)], open: [open], pins: [pinNow(OLD)], limit: 10, now: NOW });
    expect(action).toEqual({ type: 'keep', pull: open, proposal: proposal(A) });
  });
});

describe('readRepoMemory', () => {
  it.each<[string, KnownPull[], { rejected: Record<string, string[]>; ignored: string[] }]>([
    ['nothing closed', [], { rejected: {}, ignored: [] }],
    ['a closed PR rejects its value for its pin', [pull(3, A), pull(4, B)], { rejected: { 'Dockerfile#arg:DEBIAN_VERSION': [A, B] }, ignored: [] }],
    ['`ignored` ignores the pin (and rejects the value)', [pull(3, A, 'from:debian', 'w', { ignored: true })], { rejected: { 'w#from:debian': [A] }, ignored: ['w#from:debian'] }],
    ['`released` (unignore) forgets the PR', [pull(3, A, 'arg:DEBIAN_VERSION', 'Dockerfile', { ignored: true, released: true })], { rejected: {}, ignored: [] }],
  ])('%s', (_name, closed, expected) => {
    const memory = readRepoMemory(closed);
    expect({ rejected: Object.fromEntries([...memory.rejected].map(([key, values]) => [key, [...values]])), ignored: [...memory.ignored] }).toEqual(expected);
  });
});

describe('a base branch moved to another family', () => {
  it('closes the stale same-family PR, and keeps a migration PR whose base has not moved', () => {
    const now = new Date('2026-11-29T00:00:00Z');
    const marker = (current: string, proposed: string) => ({ v: 1 as const, file: 'Dockerfile', pin: 'arg:DEBIAN_VERSION', name: 'DEBIAN_VERSION', current, proposed, history: [] });
    const stale = decidePullActions({
      proposals: [],
      open: [{ number: 1, branch: 'freshpin/dockerfile/debian-version', marker: marker('bullseye-20250520-slim', 'bullseye-20250610-slim') }],
      pins: [{ file: 'Dockerfile', pin: 'arg:DEBIAN_VERSION', current: 'trixie-20251020-slim' }],
      limit: 0,
      now,
    });
    expect(stale).toEqual([expect.objectContaining({ type: 'close', reason: 'the base branch moved DEBIAN_VERSION to trixie-20251020-slim' })]);
    const migration = decidePullActions({
      proposals: [],
      open: [{ number: 2, branch: 'freshpin/dockerfile/debian-version', marker: marker('bullseye-20250520-slim', 'trixie-20251020-slim') }],
      pins: [{ file: 'Dockerfile', pin: 'arg:DEBIAN_VERSION', current: 'bullseye-20250520-slim' }],
      limit: 0,
      now,
    });
    expect(migration).toEqual([expect.objectContaining({ type: 'keep' })]);
  });
});
