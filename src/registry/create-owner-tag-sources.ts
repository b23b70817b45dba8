// The app's TagSources, one per set of credentials in effect: repositories of owners with
// no credentials of their own share one source (and its answer and token caches); an owner
// with owner-scoped credentials gets a source of its own, so neither its private answers
// nor its tokens reach another tenant. Every source carries the SSRF guard, trusting the
// operator's hosts: mirrors, the Hub API, the credential hosts in effect, the allow-list.
import type { CredentialMap } from './bearer-auth.ts';
import type { CreateTagSourceOptions } from './create-tag-source.ts';
import { createTagSource } from './create-tag-source.ts';
import { createAddressGuard } from './guard-registry-address.ts';
import { credentialsForOwner, trustedRegistryHosts } from './scope-registry-credentials.ts';
import type { TagSource } from './tag-source.ts';

export interface OwnerTagSourceSettings {
  mirrors: Record<string, string>;
  credentials: CredentialMap;
  hubApiUrl: string;
  ownerCredentials?: Record<string, CredentialMap>;
  allowPrivateRegistries?: string[];
}

/** One guarded TagSource for repositories of `owner` (undefined: the all-owners credentials only). */
export function createOwnerTagSource(settings: OwnerTagSourceSettings, owner: string | undefined, extra: Omit<CreateTagSourceOptions, 'mirrors' | 'hubApiUrl' | 'credentials' | 'guard'> = {}): TagSource {
  const credentials = credentialsForOwner(settings.credentials, settings.ownerCredentials, owner);
  const guard = createAddressGuard(trustedRegistryHosts({ ...settings, credentials }));
  return createTagSource({ ...extra, mirrors: settings.mirrors, hubApiUrl: settings.hubApiUrl, credentials, guard });
}

/**
 * A chooser for one pass: `forOwner(login)` answers the same TagSource for every owner with
 * the same owner-scoped credentials (none, for most), built on first use.
 */
export function createOwnerTagSources(settings: OwnerTagSourceSettings, extra: Omit<CreateTagSourceOptions, 'mirrors' | 'hubApiUrl' | 'credentials' | 'guard'> = {}): (owner: string) => TagSource {
  const sources = new Map<string, TagSource>();
  return (owner) => {
    const scoped = settings.ownerCredentials?.[owner.toLowerCase()];
    const key = scoped === undefined ? '' : owner.toLowerCase();
    let source = sources.get(key);
    if (source === undefined) {
      source = createOwnerTagSource(settings, scoped === undefined ? undefined : owner, extra);
      sources.set(key, source);
    }
    return source;
  };
}
