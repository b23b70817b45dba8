// Checks on the registry settings as a whole, run where the CLI and the app read them, so a
// setting that would leak a secret stops the start with one clear line instead of failing
// (or worse, working) at the first request.
import { isLoopbackHost } from '../core/net/is-loopback-host.ts';
import type { CredentialMap } from './bearer-auth.ts';
import { parseRegistryHostEntry } from './resolve-registry-endpoint.ts';
import { allCredentialHosts } from './scope-registry-credentials.ts';

/**
 * Parses FRESHPIN_ALLOW_PRIVATE_REGISTRIES: registry hosts (`registry.internal`,
 * `10.0.0.5:5000`; a host without a port allows every port), commas or whitespace between.
 */
export function parseAllowPrivateRegistries(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry, index) => parseRegistryHostEntry(entry, `FRESHPIN_ALLOW_PRIVATE_REGISTRIES entry ${index + 1}`));
}

/**
 * Throws when a mirror is plain http on a host other than loopback while credentials are
 * configured for that mirror's host: they would cross the network in clear text.
 */
export function checkRegistrySettings(settings: { mirrors: Record<string, string>; credentials: CredentialMap; ownerCredentials?: Record<string, CredentialMap> }): void {
  const credentialHosts = allCredentialHosts(settings.credentials, settings.ownerCredentials);
  for (const [registry, mirror] of Object.entries(settings.mirrors)) {
    const url = new URL(mirror);
    if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) continue;
    if (credentialHosts.has(url.host.toLowerCase())) {
      throw new Error(`registry mirror for ${registry} (${url.host}) is plain http and has credentials in FRESHPIN_REGISTRY_CREDENTIALS: credentials are sent only over https (or to loopback); serve the mirror over https or drop its credentials`);
    }
  }
}
