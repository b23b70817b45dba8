// Property tests: Dockerfiles generated from fragments (comments, blank lines, CRLF, spacing,
// quoting, continuations, escape directive, extra instructions and stages) with dated pins.
// Moving any pin to another date must touch only its bytes, survive re-analysis and be idempotent.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyzeDockerfile, DockerfileParseError } from '../../../src/core/dockerfile/analyze-dockerfile.ts';
import { applyEdits } from '../../../src/core/dockerfile/apply-edits.ts';
import { planEdits } from '../../../src/core/dockerfile/plan-edits.ts';
import type { TextEdit } from '../../../src/core/model.ts';
import { expectConsistent, isDated } from './analysis-invariants.ts';

const DATE = /(?<!\d)20\d{6}(?!\d)/;

interface Style {
  eol: '\n' | '\r\n';
  escape: '\\' | '`';
  directive: boolean;
}

/** A piece of the file, rendered once the line ending and escape character are known. */
type Fragment = (style: Style) => string;

const dateArb = fc
  .record({ y: fc.integer({ min: 2000, max: 2099 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`);
const hexArb = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
const valueArb = fc.tuple(fc.constantFrom('bookworm-#-slim', '#', 'jammy-#', 'v1.2-#.1', 'ltsc2022-#'), dateArb).map(([shape, date]) => shape.replace('#', date));
const quoteArb = fc.constantFrom('', '"', "'");
const spaceArb = fc.constantFrom(' ', '  ', '\t');

const commentArb: fc.Arbitrary<Fragment> = fc.constantFrom('# a comment', '#', '   # indented', '# FROM debian:bookworm-20200101').map((c) => (s) => c + s.eol);
const blankArb: fc.Arbitrary<Fragment> = fc.constantFrom('', ' ', '\t').map((b) => (s) => b + s.eol);
const fillerArb = fc.array(fc.oneof(commentArb, blankArb), { maxLength: 2 });

const bodyArb: fc.Arbitrary<Fragment> = fc.constantFrom<Fragment>(
  (s) => `RUN echo one ${s.escape}${s.eol}  && echo two${s.eol}`,
  (s) => `RUN apt-get update ${s.escape}${s.eol}# inner comment${s.eol}    && apt-get clean${s.eol}`,
  (s) => `WORKDIR /app${s.eol}`,
  (s) => `COPY . .${s.eol}`,
  (s) => `ENV TAG=bookworm-20190101${s.eol}`,
  (s) => `ARG LOCAL=bookworm-20190202${s.eol}`,
  (s) => `CMD ["/app/bin/server"]${s.eol}`,
);

/** One dated global ARG, maybe sharing its line or continued from another. */
function pinArgArb(index: number): fc.Arbitrary<Fragment> {
  return fc
    .record({ value: valueArb, quote: quoteArb, space: spaceArb, layout: fc.constantFrom('alone', 'shared', 'continued', 'commented') })
    .map(({ value, quote, space, layout }) => (s: Style) => {
      const decl = `P${index}=${quote}${value}${quote}`;
      if (layout === 'shared') return `ARG${space}OTHER${index}=1.2.3 ${decl}${s.eol}`;
      if (layout === 'continued') return `ARG OTHER${index}="a b" ${s.escape}${s.eol}    ${decl}${s.eol}`;
      if (layout === 'commented') return `ARG OTHER${index}=x ${s.escape}${s.eol}# between${s.eol}${s.eol}  ${decl}${s.eol}`;
      return `ARG${space}${decl}${s.eol}`;
    });
}

/** An ARG holding a whole reference built from pin `index`. */
function imageArgArb(index: number): fc.Arbitrary<Fragment> {
  return fc
    .constantFrom('"example/app:${P#}"', 'registry.example.com/team/app:$P#', "debian:${P#:-fallback}", '"ghcr.io/o/r:${P#}-slim"')
    .map((v) => (s: Style) => `ARG IMG${index}=${v.replaceAll('#', String(index))}${s.eol}`);
}

/** A FROM fed by pin `index`, directly or through its image ARG. */
function fromPinArb(index: number, stage: number): fc.Arbitrary<Fragment> {
  return fc
    .record({
      image: fc.constantFrom(`debian:\${P${index}}`, `debian:$P${index}`, `\${IMG${index}}`, `example/x:\${P${index}}-slim`),
      platform: fc.boolean(),
      as: fc.constantFrom('none', 'same', 'continued'),
      digest: fc.option(hexArb, { nil: undefined }),
      space: spaceArb,
    })
    .map(({ image, platform, as, digest, space }) => (s: Style) => {
      const ref = digest === undefined || image.startsWith('${IMG') ? image : `${image}@sha256:${digest}`;
      const flag = platform ? '--platform=linux/amd64 ' : '';
      const name = as === 'none' ? '' : as === 'same' ? ` AS s${stage}` : ` ${s.escape}${s.eol}    AS s${stage}`;
      return `FROM${space}${flag}${ref}${name}${s.eol}`;
    });
}

const literalFromArb: fc.Arbitrary<Fragment> = fc
  .record({ repo: fc.constantFrom('debian', 'ghcr.io/o/r', 'mcr.microsoft.com/windows/servercore'), value: valueArb, digest: fc.option(hexArb, { nil: undefined }) })
  .map(({ repo, value, digest }) => (s) => `FROM ${repo}:${value}${digest === undefined ? '' : `@sha256:${digest}`}${s.eol}`);

const extraFromArb: fc.Arbitrary<Fragment> = fc.constantFrom<Fragment>(
  (s) => `FROM scratch${s.eol}`,
  (s) => `FROM alpine:3.20 AS tools${s.eol}`,
  (s) => `FROM debian${s.eol}`,
  (s) => `FROM s0 AS final${s.eol}`,
);

interface Generated {
  text: string;
}

const dockerfileArb: fc.Arbitrary<Generated> = fc
  .record({
    style: fc.record({ eol: fc.constantFrom<Style['eol']>('\n', '\r\n'), escape: fc.constantFrom<Style['escape']>('\\', '`'), directive: fc.boolean() }),
    pins: fc.integer({ min: 1, max: 3 }),
    seed: fc.nat(),
  })
  .chain(({ style, pins }) => {
    const indexes = [...Array(pins).keys()];
    return fc.record({
      style: fc.constant(style),
      head: fillerArb,
      args: fc.tuple(...indexes.map((i) => fc.tuple(pinArgArb(i), imageArgArb(i), fillerArb))),
      stages: fc.tuple(...indexes.map((i) => fc.tuple(fromPinArb(i, i), fc.array(bodyArb, { maxLength: 3 }), fillerArb))),
      literal: fc.option(fc.tuple(literalFromArb, fc.array(bodyArb, { maxLength: 2 })), { nil: undefined }),
      extra: fc.array(fc.tuple(extraFromArb, fc.array(bodyArb, { maxLength: 2 })), { maxLength: 2 }),
    });
  })
  .map(({ style, head, args, stages, literal, extra }) => {
    const s = style as Style;
    const render = (fragments: readonly Fragment[]): string => fragments.map((f) => f(s)).join('');
    let text = '';
    if (s.escape === '`') text += `# escape=\`${s.eol}`;
    else if (s.directive) text += `# escape=\\${s.eol}`;
    text += render(head);
    for (const [pin, image, filler] of args) text += render([pin, ...filler, image]);
    for (const [from, body, filler] of stages) text += render([from, ...body, ...filler]);
    if (literal !== undefined) text += render([literal[0], ...literal[1]]);
    for (const [from, body] of extra) text += render([from, ...body]);
    return { text };
  });

/** Every byte outside the edits' ranges is unchanged, and each range now holds its replacement. */
function expectOnlyEditedBytesChanged(before: string, after: string, edits: readonly TextEdit[]): void {
  let cursor = 0;
  let shift = 0;
  for (const edit of [...edits].sort((a, b) => a.range.start - b.range.start)) {
    expect(after.slice(cursor + shift, edit.range.start + shift)).toBe(before.slice(cursor, edit.range.start));
    expect(after.slice(edit.range.start + shift, edit.range.start + shift + edit.replacement.length)).toBe(edit.replacement);
    shift += edit.replacement.length - (edit.range.end - edit.range.start);
    cursor = edit.range.end;
  }
  expect(after.slice(cursor + shift)).toBe(before.slice(cursor));
}

describe('editing generated Dockerfiles', () => {
  it('moves a random pin to a new date, touching only its bytes, stably and idempotently', () => {
    fc.assert(
      fc.property(dockerfileArb, fc.nat(), dateArb, hexArb, ({ text }, pick, date, hex) => {
        const analysis = analyzeDockerfile(text, { isDated });
        expectConsistent(text, analysis);
        expect(analysis.pins.length).toBeGreaterThan(0);
        const pin = analysis.pins[pick % analysis.pins.length];
        if (pin === undefined) throw new Error('unreachable');
        const newValue = pin.value.replace(DATE, date);
        const digests = new Map(pin.feeds.filter((i) => analysis.froms[i]?.digestRange !== undefined).map((i) => [i, `sha256:${hex}`]));

        const edits = planEdits(analysis, pin.id, newValue, digests);
        const edited = applyEdits(text, edits);
        // (1) only the pin's bytes (and the fed digests') change
        expectOnlyEditedBytesChanged(text, edited, edits);
        if (digests.size === 0) {
          expect(edits).toHaveLength(1);
          expect(edited.slice(0, pin.valueRange.start)).toBe(text.slice(0, pin.valueRange.start));
          expect(edited.slice(pin.valueRange.start + newValue.length)).toBe(text.slice(pin.valueRange.end));
        }

        // (2) re-analysis finds the new value at the same pin, feeding the same images
        const again = analyzeDockerfile(edited, { isDated });
        expectConsistent(edited, again);
        const moved = again.pins.find((p) => p.id === pin.id);
        expect(moved?.value).toBe(newValue);
        expect(moved?.feeds).toEqual(pin.feeds);
        expect(again.pins.map((p) => p.id)).toEqual(analysis.pins.map((p) => p.id));

        // (3) the same change, planned on the result, is a no-op
        expect(applyEdits(edited, planEdits(again, pin.id, newValue, digests))).toBe(edited);
      }),
      { numRuns: 300 },
    );
  });

  it('generates files whose pins are the ARGs and literal FROMs it planted', () => {
    fc.assert(
      fc.property(dockerfileArb, ({ text }) => {
        const analysis = analyzeDockerfile(text, { isDated });
        const planted = new Set(text.match(/\bP\d=/g)?.map((m) => `arg:${m.slice(0, -1)}`));
        for (const id of planted) expect(analysis.pins.map((p) => p.id)).toContain(id);
        expect(analysis.froms.filter((f) => f.kind === 'unresolved')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

const dockerfileishArb = fc
  .array(
    fc.constantFrom(
      'FROM ', 'ARG ', 'RUN x', 'AS ', ' ', '\t', '\n', '\r\n', '\r', '\\', '`', '# escape=`\n', '#', 'A', 'B', '=', '$', '${', '}', ':-', ':+', ':?',
      '-', '"', "'", ':', '@', 'sha256:', 'a'.repeat(64), '20250101', 'debian', 'scratch', '/', '%', '#', '--platform=', '.',
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

/** A generated Dockerfile with a few random splices: near-valid input. */
const mutatedArb = fc
  .tuple(dockerfileArb, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), dockerfileishArb), { minLength: 1, maxLength: 4 }))
  .map(([{ text }, splices]) =>
    splices.reduce((t, [at, cut, insert]) => {
      const i = at % (t.length + 1);
      return t.slice(0, i) + insert + t.slice(i + cut);
    }, text),
  );

describe('analyzeDockerfile on arbitrary input', () => {
  it('throws nothing but DockerfileParseError', () => {
    fc.assert(
      fc.property(fc.oneof(dockerfileishArb, mutatedArb, fc.string(), fc.string({ unit: 'binary' })), (text) => {
        try {
          const analysis = analyzeDockerfile(text, { isDated });
          expectConsistent(text, analysis);
        } catch (error) {
          if (!(error instanceof DockerfileParseError)) throw error;
          expect(error.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
