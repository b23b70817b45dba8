// A bump PR's branch name, from the pin's stable identity (core/dockerfile/pin-identity.ts).

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
}

/** `<prefix><file-slug>/<pin-slug>`, e.g. `freshpin/docker-app-dockerfile/debian-version`. */
export function bumpBranchName(prefix: string, file: string, pinId: string): string {
  const pinPart = slug(pinId.replace(/^(arg|from):/, '')) || 'pin';
  return `${prefix}${slug(file) || 'dockerfile'}/${pinPart}`;
}
