import { describe, expect, it } from 'vitest';
import { analyzeDockerfile } from '../../../src/core/dockerfile/analyze-dockerfile.ts';
import { expectConsistent, isDated, summarize } from './analysis-invariants.ts';

const DIGEST = `sha256:${'ab12'.repeat(16)}`;

const PHOENIX = `ARG ELIXIR_VERSION=1.18.4
ARG OTP_VERSION=27.2.4
ARG DEBIAN_VERSION=bullseye-20250520-slim

ARG BUILDER_IMAGE="hexpm/elixir:\${ELIXIR_VERSION}-erlang-\${OTP_VERSION}-debian-\${DEBIAN_VERSION}"
ARG RUNNER_IMAGE="debian:\${DEBIAN_VERSION}"

FROM \${BUILDER_IMAGE} AS builder
RUN apt-get update -y && apt-get install -y build-essential git \\
    && apt-get clean && rm -f /var/lib/apt/lists/*_*
WORKDIR /app
COPY mix.exs mix.lock ./
RUN mix deps.get --only prod

FROM \${RUNNER_IMAGE}
RUN apt-get update -y && apt-get install -y libstdc++6 openssl libncurses5 locales ca-certificates \\
  && apt-get clean && rm -f /var/lib/apt/lists/*_*
COPY --from=builder /app/_build/prod/rel/app ./
CMD ["/app/bin/server"]
`;

interface Case {
  name: string;
  text: string;
  froms: string[];
  pins: string[];
  unmanaged?: string[];
}

const cases: Case[] = [
  {
    name: 'Phoenix: DEBIAN_VERSION feeds both FROMs, the versions are no pins',
    text: PHOENIX,
    froms: ['8 image hexpm/elixir:1.18.4-erlang-27.2.4-debian-bullseye-20250520-slim', '15 image debian:bullseye-20250520-slim'],
    pins: ['arg:DEBIAN_VERSION DEBIAN_VERSION=bullseye-20250520-slim @3 -> 0,1'],
  },
  {
    name: 'Phoenix with CRLF line endings',
    text: PHOENIX.replaceAll('\n', '\r\n'),
    froms: ['8 image hexpm/elixir:1.18.4-erlang-27.2.4-debian-bullseye-20250520-slim', '15 image debian:bullseye-20250520-slim'],
    pins: ['arg:DEBIAN_VERSION DEBIAN_VERSION=bullseye-20250520-slim @3 -> 0,1'],
  },
  {
    name: 'escape directive with backtick continuations',
    text: '# escape=`\nARG WIN=1 `\n    TAG=ltsc2022-20240111\nFROM mcr.microsoft.com/windows/servercore:${TAG} `\n    AS base\nRUN dir c:\\ `\n  && echo done\n',
    froms: ['4 image mcr.microsoft.com/windows/servercore:ltsc2022-20240111'],
    pins: ['arg:TAG TAG=ltsc2022-20240111 @3 -> 0'],
  },
  {
    name: 'backtick escape with CRLF inside a quoted value',
    text: '# escape=`\r\nARG TAG="jammy-`\r\n20240111"\r\nARG OK="jammy-20240222"\r\nFROM ubuntu:$TAG\r\nFROM ubuntu:$OK\r\n',
    froms: ['5 image ubuntu:jammy-20240111', '6 image ubuntu:jammy-20240222'],
    pins: ['arg:OK OK=jammy-20240222 @4 -> 1'],
    unmanaged: ['5 ubuntu:jammy-20240111: tag "jammy-20240111" is dated, but its date is not one literal value in the file (built from several values, split across lines or escaped)'],
  },
  {
    name: 'comments and blank lines between continuation lines',
    text: 'ARG BASE=debian \\\n# bumped by freshpin\n\n    DATE=20250520\nFROM --platform=linux/amd64 \\\n  # the image\n  ${BASE}:bookworm-${DATE}-slim \\\n  AS build\n',
    froms: ['5 image debian:bookworm-20250520-slim'],
    pins: ['arg:DATE DATE=20250520 @4 -> 0'],
  },
  {
    name: '--platform, AS names, stage references (case-insensitive) and scratch',
    text: [
      'FROM --platform=$BUILDPLATFORM golang:1.22-bookworm AS Build',
      'FROM build AS second',
      'FROM SECOND',
      'FROM scratch',
      'FROM later',
      'FROM alpine:3.20 AS later',
      '',
    ].join('\n'),
    froms: ['1 image golang:1.22-bookworm', '2 stage build', '3 stage SECOND', '4 scratch scratch', '5 image later', '6 image alpine:3.20'],
    pins: [],
    unmanaged: ['1 golang:1.22-bookworm: tag "1.22-bookworm" has no date', '5 later: no tag (means "latest")', '6 alpine:3.20: tag "3.20" has no date'],
  },
  {
    name: '$VAR, ${VAR}, ${VAR:-default} and ${VAR:+alt}',
    text: [
      'ARG D=20250520',
      'ARG UNSET',
      'FROM debian:bookworm-$D',
      'FROM debian:bookworm-${D}-slim',
      'FROM debian:${UNSET:-bookworm-20250101}',
      'FROM debian:bookworm${D:+-slim}',
      'FROM debian:${UNSET-bookworm-20250102}-slim',
      '',
    ].join('\n'),
    froms: [
      '3 image debian:bookworm-20250520',
      '4 image debian:bookworm-20250520-slim',
      '5 image debian:bookworm-20250101',
      '6 image debian:bookworm-slim',
      '7 image debian:bookworm-20250102-slim',
    ],
    pins: ['arg:D D=20250520 @1 -> 0,1', 'from:5 debian=bookworm-20250101 @5 -> 2', 'from:7 debian=bookworm-20250102 @7 -> 4'],
    unmanaged: ['6 debian:bookworm-slim: tag "bookworm-slim" has no date'],
  },
  {
    name: 'ARGs nested three deep',
    text: 'ARG DATE=20250520\nARG SUITE=bookworm-${DATE}\nARG TAG="${SUITE}-slim"\nARG IMAGE=debian:${TAG}\nFROM ${IMAGE}\n',
    froms: ['5 image debian:bookworm-20250520-slim'],
    pins: ['arg:DATE DATE=20250520 @1 -> 0'],
  },
  {
    name: 'unquoted, double and single quoted defaults',
    text: 'ARG A=bookworm-20250101\nARG B="bookworm-20250202"\nARG C=\'bookworm-20250303\'\nFROM debian:$A\nFROM debian:$B\nFROM debian:$C\n',
    froms: ['4 image debian:bookworm-20250101', '5 image debian:bookworm-20250202', '6 image debian:bookworm-20250303'],
    pins: ['arg:A A=bookworm-20250101 @1 -> 0', 'arg:B B=bookworm-20250202 @2 -> 1', 'arg:C C=bookworm-20250303 @3 -> 2'],
  },
  {
    name: 'several ARGs on one line',
    text: 'ARG A=1 B=bookworm-20250520 C="x y"\nFROM debian:${B}\n',
    froms: ['2 image debian:bookworm-20250520'],
    pins: ['arg:B B=bookworm-20250520 @1 -> 0'],
  },
  {
    name: 'a redeclared ARG: the last declaration before FROM wins',
    text: 'ARG V=bookworm-20240101\nARG V=bookworm-20250520\nFROM debian:$V\n',
    froms: ['3 image debian:bookworm-20250520'],
    pins: ['arg:V V=bookworm-20250520 @2 -> 0'],
  },
  {
    name: 'an ARG sees only earlier declarations',
    text: 'ARG V=bookworm-20240101\nARG IMAGE=debian:$V\nARG V=bookworm-20250520\nFROM $IMAGE\nFROM debian:$V\n',
    froms: ['4 image debian:bookworm-20240101', '5 image debian:bookworm-20250520'],
    pins: ['arg:V V=bookworm-20250520 @3 -> 1'],
    unmanaged: ['4 debian:bookworm-20240101: tag "bookworm-20240101" is dated, but its date is not one literal value in the file (built from several values, split across lines or escaped)'],
  },
  {
    name: 'ARGs without a value, undeclared and builder variables leave FROMs unresolved',
    text: 'ARG V\nARG W=$V-slim\nFROM debian:$V\nFROM debian:$NOPE\nFROM debian:${W}\nFROM golang:1.22-$TARGETARCH\nFROM debian:${V:?required}\n',
    froms: [
      '3 unresolved ARG V has no default value',
      '4 unresolved variable NOPE is not declared before the first FROM',
      '5 unresolved ARG W: ARG V has no default value',
      '6 unresolved TARGETARCH is set by the builder, not by the file',
      '7 unresolved ${V:?required} requires a value: ARG V has no default value',
    ],
    pins: [],
  },
  {
    name: 'ARGs after the first FROM are not global',
    text: 'FROM debian:bookworm-20250520 AS a\nARG V=bookworm-20240101\nFROM debian:$V\n',
    froms: ['1 image debian:bookworm-20250520', '3 unresolved variable V is not declared before the first FROM'],
    pins: ['from:1 debian=bookworm-20250520 @1 -> 0'],
  },
  {
    name: 'literal dated FROMs, with and without digest',
    text: `FROM debian:bookworm-20250520-slim\nFROM   debian:bookworm-20250520-slim@${DIGEST}\n`,
    froms: ['1 image debian:bookworm-20250520-slim', `2 image debian:bookworm-20250520-slim@${DIGEST}`],
    pins: ['from:1 debian=bookworm-20250520-slim @1 -> 0', 'from:2 debian=bookworm-20250520-slim @2 -> 1'],
  },
  {
    name: 'a literal dated tag on another registry, behind a variable repository',
    text: 'ARG REPO=ghcr.io/o/r\nFROM ghcr.io/o/r:jammy-20240111\nFROM ${REPO}:jammy-20240112\n',
    froms: ['2 image ghcr.io/o/r:jammy-20240111', '3 image ghcr.io/o/r:jammy-20240112'],
    pins: ['from:2 ghcr.io/o/r=jammy-20240111 @2 -> 0', 'from:3 ghcr.io/o/r=jammy-20240112 @3 -> 1'],
  },
  {
    name: 'unmanaged tags',
    text: `ARG NODATE=12-slim\nARG UNUSED=20250101\nFROM debian:latest\nFROM debian:$NODATE\nFROM debian\nFROM debian@${DIGEST}\nFROM localhost:5000/app\n`,
    froms: ['3 image debian:latest', '4 image debian:12-slim', '5 image debian', `6 image debian@${DIGEST}`, '7 image localhost:5000/app'],
    pins: [],
    unmanaged: [
      '3 debian:latest: tag "latest" has no date',
      '4 debian:12-slim: tag "12-slim" has no date',
      '5 debian: no tag (means "latest")',
      `6 debian@${DIGEST}: pinned by digest only, no tag`,
      '7 localhost:5000/app: no tag (means "latest")',
    ],
  },
  {
    name: 'a digest in an ARG default',
    text: `ARG TAG=bookworm-20250520\nARG DIGEST=${DIGEST}\nFROM debian:\${TAG}@\${DIGEST}\nFROM debian:\${TAG}@\${DIGEST} AS again\n`,
    froms: [`3 image debian:bookworm-20250520@${DIGEST}`, `4 image debian:bookworm-20250520@${DIGEST}`],
    pins: ['arg:TAG TAG=bookworm-20250520 @1 -> 0,1'],
  },
  {
    name: 'a whole dated reference as an ARG default',
    text: `ARG BASE=debian:bullseye-20250520-slim@${DIGEST}\nFROM $BASE\n`,
    froms: [`2 image debian:bullseye-20250520-slim@${DIGEST}`],
    pins: [`arg:BASE BASE=debian:bullseye-20250520-slim@${DIGEST} @1 -> 0`],
  },
  {
    name: 'an escaped character inside a dated value',
    text: 'ARG V=bookworm\\-20250520\nFROM debian:$V\n',
    froms: ['2 image debian:bookworm-20250520'],
    pins: [],
    unmanaged: ['2 debian:bookworm-20250520: tag "bookworm-20250520" is dated, but its date is not one literal value in the file (built from several values, split across lines or escaped)'],
  },
  {
    name: 'a partly literal tag: the dated literal stretch is the pin',
    text: 'ARG SUITE=bookworm\nFROM debian:${SUITE}-20250520-slim\n',
    froms: ['2 image debian:bookworm-20250520-slim'],
    pins: ['from:2 debian=-20250520-slim @2 -> 0'],
  },
  {
    name: 'the same pin twice in one reference',
    text: 'ARG D=20250520\nFROM example/x:${D}${D}\nFROM example/x:${D}-a-${D}\n',
    froms: ['2 image example/x:2025052020250520', '3 image example/x:20250520-a-20250520'],
    pins: ['arg:D D=20250520 @1 -> 0,1'],
  },
  {
    name: 'an empty file and a comments-only file',
    text: '# just a comment\n\n',
    froms: [],
    pins: [],
  },
];

describe('analyzeDockerfile', () => {
  it.each(cases)('$name', ({ text, froms, pins, unmanaged }) => {
    const analysis = analyzeDockerfile(text, { isDated });
    expectConsistent(text, analysis);
    expect(summarize(analysis)).toEqual({ froms, pins, unmanaged: unmanaged ?? [] });
  });

  it('reports the Phoenix FROM lines in detail', () => {
    const analysis = analyzeDockerfile(PHOENIX, { isDated });
    expect(analysis.froms[0]).toEqual({
      line: 8,
      kind: 'image',
      raw: '${BUILDER_IMAGE}',
      stageName: 'builder',
      resolved: 'hexpm/elixir:1.18.4-erlang-27.2.4-debian-bullseye-20250520-slim',
      parts: [
        { kind: 'text', text: 'hexpm/elixir:1.18.4-erlang-27.2.4-debian-' },
        { kind: 'pin', pinId: 'arg:DEBIAN_VERSION', value: 'bullseye-20250520-slim' },
      ],
    });
    expect(analysis.froms[1]?.parts).toEqual([
      { kind: 'text', text: 'debian:' },
      { kind: 'pin', pinId: 'arg:DEBIAN_VERSION', value: 'bullseye-20250520-slim' },
    ]);
  });

  it('keeps --platform and AS as written', () => {
    const analysis = analyzeDockerfile('FROM --platform=$BUILDPLATFORM debian:bookworm-20250520 AS Build\n', { isDated });
    expect(analysis.froms[0]).toMatchObject({ platform: '$BUILDPLATFORM', stageName: 'Build', raw: 'debian:bookworm-20250520' });
  });

  it('splits the same pin into one part per arrival', () => {
    const analysis = analyzeDockerfile('ARG D=20250520\nFROM example/x:${D}${D}\n', { isDated });
    expect(analysis.froms[0]?.parts).toEqual([
      { kind: 'text', text: 'example/x:' },
      { kind: 'pin', pinId: 'arg:D', value: '20250520' },
      { kind: 'pin', pinId: 'arg:D', value: '20250520' },
    ]);
  });

  it('locates digests written in the FROM and in ARG defaults', () => {
    const inFrom = `FROM debian:bookworm-20250520@${DIGEST}\n`;
    const fromLine = analyzeDockerfile(inFrom, { isDated }).froms[0];
    expect(fromLine?.digestRange).toEqual({ start: inFrom.indexOf('sha256'), end: inFrom.indexOf('sha256') + DIGEST.length });
    const inArg = `ARG DIGEST="${DIGEST}"\nFROM debian:bookworm-20250520@$DIGEST\n`;
    const argLine = analyzeDockerfile(inArg, { isDated }).froms[0];
    expect(argLine?.digestRange).toEqual({ start: inArg.indexOf('sha256'), end: inArg.indexOf('sha256') + DIGEST.length });
  });

  it('passes only values to isDated and lets the caller decide', () => {
    const analysis = analyzeDockerfile('ARG V=anything\nFROM debian:$V\n', { isDated: (v) => v === 'anything' });
    expect(analysis.pins.map((p) => p.id)).toEqual(['arg:V']);
  });

  it('does not blow up on exponentially nested ARGs', () => {
    const lines = ['ARG A0=x'];
    for (let i = 1; i < 40; i++) lines.push(`ARG A${i}=\${A${i - 1}}\${A${i - 1}}`);
    lines.push('FROM debian:$A39');
    const analysis = analyzeDockerfile(lines.join('\n'), { isDated });
    expect(analysis.froms[0]?.kind).toBe('unresolved');
  });
});
