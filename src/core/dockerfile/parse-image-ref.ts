// Docker image reference parsing and normalisation, as the Docker CLI does it:
// `debian:12` → docker.io / library/debian : 12; `ghcr.io/o/r@sha256:…` keeps its registry.
import type { ImageName, ImageRef } from '../model.ts';

export const DOCKER_HUB = 'docker.io';

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

function isRegistryHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/** Parses `[registry/]name[:tag][@digest]`; undefined when the text is not a valid reference. */
export function parseImageRef(text: string): ImageRef | undefined {
  if (text.length === 0 || /\s/.test(text)) return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const components = rest.split('/');
  let registry = DOCKER_HUB;
  if (components.length > 1 && isRegistryHost(components[0] ?? '')) {
    registry = (components.shift() ?? '').toLowerCase();
    if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DOCKER_HUB;
  }
  if (components.length === 0 || !components.every((c) => PATH_COMPONENT.test(c))) return undefined;
  if (registry === DOCKER_HUB && components.length === 1) components.unshift('library');
  const ref: ImageRef = { registry, repository: components.join('/') };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/** The short, human form: `debian`, `hexpm/elixir`, `ghcr.io/o/r`. */
export function displayImageName(name: ImageName): string {
  if (name.registry === DOCKER_HUB) {
    return name.repository.startsWith('library/') ? name.repository.slice('library/'.length) : name.repository;
  }
  return `${name.registry}/${name.repository}`;
}

/** The reference in its human form, with tag and digest when present. */
export function formatImageRef(ref: ImageRef): string {
  let text = displayImageName(ref);
  if (ref.tag !== undefined) text += `:${ref.tag}`;
  if (ref.digest !== undefined) text += `@${ref.digest}`;
  return text;
}

/** A stable key for caching facts about a repository. */
export function imageKey(name: ImageName): string {
  return `${name.registry}/${name.repository}`;
}
