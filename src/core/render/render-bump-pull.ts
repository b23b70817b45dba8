// Title and body of a bump PR: the images the pin feeds (old → new, with tag links), the newer
// values passed over and why, end-of-life warnings, history, the commands, and the marker.
import { renderHelp } from '../commands/render-help.ts';
import { displayImageName, parseImageRef } from '../dockerfile/parse-image-ref.ts';
import type { ImageRef } from '../model.ts';
import type { PlannedImage, SkippedValue } from '../plan/plan-types.ts';
import type { BumpMarker } from '../markers/bump-marker.ts';
import { renderBumpMarker } from '../markers/bump-marker.ts';
import { escapeCell, escapeMarkdown, inlineCode } from './escape-markdown.ts';

export interface BumpPullInput {
  marker: BumpMarker;
  images: readonly PlannedImage[];
  skipped: readonly SkippedValue[];
  eol?: { codename: string; ended: string };
  migration?: { proposed: string };
  /** Why the branch was left alone, when it was (e.g. commits by someone else). */
  notice?: string;
  slug: string;
}

const MAX_SKIPPED = 20;

/** A link to the tag's page where the registry has one (Docker Hub, GHCR, Quay). */
export function tagUrl(ref: ImageRef): string | undefined {
  if (ref.tag === undefined) return undefined;
  const tag = encodeURIComponent(ref.tag);
  if (ref.registry === 'docker.io') {
    const page = ref.repository.startsWith('library/') ? `_/${ref.repository.slice(8)}` : `r/${ref.repository}`;
    return `https://hub.docker.com/${page}/tags?name=${tag}`;
  }
  if (ref.registry === 'quay.io') return `https://quay.io/repository/${ref.repository}?tab=tags&tag=${tag}`;
  return undefined;
}

function tagCell(refText: string): string {
  const ref = parseImageRef(refText);
  const shown = inlineCode(ref?.tag ?? refText);
  const url = ref === undefined ? undefined : tagUrl(ref);
  return url === undefined ? shown : `[${shown}](${url})`;
}

/** The image the title names: the one whose tag is the pin value itself, else the first. */
function titleImage(marker: BumpMarker, images: readonly PlannedImage[]): string {
  const refs = images.map((image) => parseImageRef(image.proposed)).filter((ref) => ref !== undefined);
  const exact = refs.find((ref) => ref.tag === marker.proposed) ?? refs[0];
  return exact === undefined ? marker.name : displayImageName(exact);
}

export function renderBumpTitle(marker: BumpMarker, images: readonly PlannedImage[]): string {
  const kind = marker.migration === true ? 'migrate' : 'bump';
  return `chore(deps): ${kind} ${titleImage(marker, images)} base image to ${marker.proposed}`;
}

const NOTICE_HEAD = '> [!WARNING]';

function noticeLines(notice: string): string[] {
  return [NOTICE_HEAD, `> ${escapeMarkdown(notice, { maxLength: 500 })}`, ''];
}

/**
 * An existing bump PR body with its warning notice set to `notice` (replacing any notice it
 * had), everything else kept: used when the branch is left alone and the body must keep
 * describing what the branch holds.
 */
export function withBumpNotice(body: string, notice: string): string {
  const lines = body.replace(/\r\n/g, '\n').split('\n');
  if (lines[0] === NOTICE_HEAD) {
    let end = 1;
    while (end < lines.length && lines[end]?.startsWith('>')) end += 1;
    if (lines[end] === '') end += 1;
    lines.splice(0, end);
  }
  return [...noticeLines(notice), ...lines].join('\n');
}

export function renderBumpBody(input: BumpPullInput): string {
  const { marker } = input;
  const lines: string[] = [];
  if (input.notice !== undefined) lines.push(...noticeLines(input.notice));
  lines.push(
    `freshpin bumps ${inlineCode(marker.name)} in ${inlineCode(marker.file)} from ${inlineCode(marker.current)} to ${inlineCode(marker.proposed)}.`,
    'The new value exists for **every** image it feeds, on every platform the current one has.',
    '',
    '| image | from | to | platforms |',
    '|---|---|---|---|',
  );
  for (const image of input.images) {
    const name = parseImageRef(image.ref);
    const digest = image.digest === undefined ? '' : `<br>${inlineCode(image.digest.slice(0, 19))}…`;
    lines.push(`| ${escapeCell(name === undefined ? image.ref : displayImageName(name))} | ${tagCell(image.ref)} | ${tagCell(image.proposed)}${digest} | ${escapeCell(image.platforms.join(', ') || 'n/a')} |`);
  }
  if (input.skipped.length > 0) {
    lines.push('', '### Newer values passed over', '');
    for (const skipped of input.skipped.slice(0, MAX_SKIPPED)) lines.push(`- ${inlineCode(skipped.value)}: ${escapeMarkdown(skipped.reason, { maxLength: 300 })}`);
    if (input.skipped.length > MAX_SKIPPED) lines.push(`- … and ${input.skipped.length - MAX_SKIPPED} more`);
  }
  if (input.eol !== undefined) {
    lines.push('', '### ⚠️ End of life', '', `Debian ${inlineCode(input.eol.codename)} reached the end of its support on ${input.eol.ended}.`);
    if (input.migration !== undefined) {
      lines.push(`Every image this pin feeds exists on ${inlineCode(input.migration.proposed)}: comment \`/freshpin upgrade\` to get that migration as its own PR.`);
    } else {
      lines.push('No supported codename has a value for every image this pin feeds yet.');
    }
  }
  if (marker.history.length > 0) {
    lines.push('', '### History', '');
    for (const entry of marker.history) lines.push(`- ${entry.at.slice(0, 10)}: proposed ${inlineCode(entry.proposed)}, superseded`);
  }
  lines.push('', '<details><summary>Commands</summary>', '', renderHelp(input.slug), '</details>', '', renderBumpMarker(marker), '');
  return lines.join('\n');
}
