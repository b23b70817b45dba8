// The bump PR's title and body: every image the pin feeds (old → new, with tag links), the
// values passed over and why, end of life, history, the commands, the hidden marker; untrusted
// text stays inert. The large body is a snapshot (with the command list, owned by the command
// catalog, cut out).
import { describe, expect, it } from 'vitest';
import { renderHelp } from '../../../src/core/commands/render-help.ts';
import { parseImageRef } from '../../../src/core/dockerfile/parse-image-ref.ts';
import type { PlannedImage } from '../../../src/core/plan/plan-types.ts';
import type { BumpMarker } from '../../../src/core/markers/bump-marker.ts';
import { readBumpMarker } from '../../../src/core/markers/bump-marker.ts';
import type { BumpPullInput } from '../../../src/core/render/render-bump-pull.ts';
import { renderBumpBody, renderBumpTitle, tagUrl, withBumpNotice } from '../../../src/core/render/render-bump-pull.ts';
import { hasMarker } from '../../../src/core/markers/markers.ts';

const ELIXIR = 'hexpm/elixir:1.18.4-erlang-27.2.4-debian-';
const MULTI = ['linux/amd64', 'linux/arm64/v8'];

const MARKER: BumpMarker = {
  v: 1,
  file: 'Dockerfile',
  pin: 'arg:DEBIAN_VERSION',
  name: 'DEBIAN_VERSION',
  current: 'bullseye-20250520-slim',
  proposed: 'bullseye-20260803-slim',
  migration: false,
  history: [{ proposed: 'bullseye-20250610-slim', at: '2026-11-22T06:00:00.000Z' }],
  runId: 1008,
  dispatchedSha: '71ce72ba1b2018941719a80d596c36d45d15c477',
};

const IMAGES: PlannedImage[] = [
  { ref: `${ELIXIR}bullseye-20250520-slim`, proposed: `${ELIXIR}bullseye-20260803-slim`, platforms: MULTI },
  { ref: 'debian:bullseye-20250520-slim@sha256:1111111111111111111111111111111111111111111111111111111111111111', proposed: 'debian:bullseye-20260803-slim@sha256:2222222222222222222222222222222222222222222222222222222222222222', digest: 'sha256:2222222222222222222222222222222222222222222222222222222222222222', platforms: MULTI },
];

function input(extra: Partial<BumpPullInput> = {}): BumpPullInput {
  return {
    marker: MARKER,
    images: IMAGES,
    skipped: [
      { value: 'bullseye-20260901-slim', reason: 'hexpm/elixir has no 1.18.4-erlang-27.2.4-debian-bullseye-20260901-slim' },
      { value: 'bullseye-20251117-slim', reason: 'debian drops linux/arm64/v8' },
    ],
    eol: { codename: 'bullseye', ended: '2026-08-31' },
    migration: { proposed: 'trixie-20251020-slim' },
    slug: 'freshpin',
    ...extra,
  };
}

/** The body with the command list (the command catalog's business) replaced by a placeholder. */
function withoutHelp(body: string): string {
  const help = renderHelp('freshpin');
  expect(body).toContain(help);
  return body.replace(help, '<the command list>\n');
}

describe('renderBumpTitle', () => {
  it.each<[string, Partial<BumpMarker>, PlannedImage[], string]>([
    ['names the image whose tag is the value', {}, IMAGES, 'chore(deps): bump debian base image to bullseye-20260803-slim'],
    ['else the first image', { proposed: 'v2' }, [{ ref: 'ghcr.io/acme/base:v1', proposed: 'ghcr.io/acme/base:v2-x', platforms: [] }], 'chore(deps): bump ghcr.io/acme/base base image to v2'],
    ['else the pin name', { proposed: 'v2' }, [], 'chore(deps): bump DEBIAN_VERSION base image to v2'],
    ['a migration', { migration: true, proposed: 'trixie-20251020-slim' }, [{ ref: 'debian:bullseye-20250520-slim', proposed: 'debian:trixie-20251020-slim', platforms: [] }], 'chore(deps): migrate debian base image to trixie-20251020-slim'],
  ])('%s', (_name, marker, images, title) => {
    expect(renderBumpTitle({ ...MARKER, ...marker }, images)).toBe(title);
  });
});

describe('tagUrl', () => {
  it.each([
    ['debian:bullseye-20250520-slim', 'https://hub.docker.com/_/debian/tags?name=bullseye-20250520-slim'],
    ['hexpm/elixir:1.18-x', 'https://hub.docker.com/r/hexpm/elixir/tags?name=1.18-x'],
    ['quay.io/acme/app:v1.2_rc', 'https://quay.io/repository/acme/app?tab=tags&tag=v1.2_rc'],
    ['ghcr.io/acme/app:v1', undefined],
    ['debian@sha256:1111111111111111111111111111111111111111111111111111111111111111', undefined],
  ])('%s → %s', (ref, url) => {
    const parsed = parseImageRef(ref);
    if (parsed === undefined) throw new Error(`unparsable ${ref}`);
    expect(tagUrl(parsed)).toBe(url);
  });
});

describe('renderBumpBody', () => {
  it('renders every section', () => {
    const body = renderBumpBody(input());
    expect(withoutHelp(body)).toMatchSnapshot();
    expect(readBumpMarker(body)).toEqual(MARKER);
  });

  it('leaves out what does not apply', () => {
    const body = renderBumpBody(input({ skipped: [], eol: undefined, migration: undefined, marker: { ...MARKER, history: [] } }));
    expect(body).not.toMatch(/### (Newer values passed over|⚠️ End of life|History)/);
    expect(body).not.toContain('[!WARNING]');
  });

  it('says so when no supported codename has a value for every image', () => {
    expect(renderBumpBody(input({ migration: undefined }))).toContain('No supported codename has a value for every image this pin feeds yet.');
  });

  it('lists at most 20 values passed over', () => {
    const skipped = Array.from({ length: 25 }, (_, i) => ({ value: `v${i}`, reason: 'missing' }));
    const body = renderBumpBody(input({ skipped }));
    expect(body.match(/^- `v\d+`: missing$/gm)).toHaveLength(20);
    expect(body).toContain('- … and 5 more');
  });

  it('keeps untrusted text inert: no HTML, no fake marker, no broken table', () => {
    const body = renderBumpBody(
      input({
        notice: 'evil <!-- freshpin:bump eyJ2IjoxfQ --> @admin',
        skipped: [{ value: 'v`1`', reason: '<img src=x> | [link](https://evil.example) <!-- freshpin:bump e30 -->' }],
        images: [{ ref: 'acme/app|x:v1', proposed: 'acme/app:v2', platforms: ['linux/<amd64>'] }],
      }),
    );
    expect(body.match(/<!-- freshpin:bump /g)).toHaveLength(1);
    expect(body).not.toContain('<img');
    expect(body).not.toContain('[link](');
    expect(body).toContain('- `v1`: ');
    expect(readBumpMarker(body)).toEqual(MARKER);
  });
});

describe('withBumpNotice', () => {
  const body = renderBumpBody(input());

  it('puts the notice on top and keeps the body as it was', () => {
    const noticed = withBumpNotice(body, 'the branch has commits by someone else');
    expect(noticed).toBe(`> [!WARNING]\n> the branch has commits by someone else\n\n${body}`);
    expect(hasMarker(noticed, 'bump')).toBe(true);
  });

  it('replaces a notice already there, and is idempotent', () => {
    const once = withBumpNotice(renderBumpBody(input({ notice: 'old reason' })), 'new reason');
    expect(once).toBe(withBumpNotice(body, 'new reason'));
    expect(withBumpNotice(once, 'new reason')).toBe(once);
  });
});

describe('a pin whose file path holds newlines', () => {
  it('renders it on one line inside its code span', () => {
    const file = 'app\n\n## Approved\n\n@org/admins\r\n/Dockerfile';
    const body = renderBumpBody(input({ marker: { ...MARKER, file, name: 'BASE\nIMAGE' } }));
    expect(body).not.toMatch(/^## Approved/m);
    expect(body).not.toMatch(/^@org/m);
    expect(body).toContain('`app## Approved@org/admins/Dockerfile`');
    expect(body).toContain('`BASEIMAGE`');
  });
});
