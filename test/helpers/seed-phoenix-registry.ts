// The registry world of a Phoenix/Elixir app (APRS.me-style Dockerfile): Debian's dated
// slim tags and hexpm/elixir builds for some of those dates only. Shared by the end-to-end
// test, the benchmark and `npm run demo`.
import { seedImages } from './seed-registry.ts';
import type { SeedImageSpec } from './seed-registry.ts';

const MULTI = ['linux/amd64', 'linux/arm64/v8'];
const ELIXIR = '1.18.4-erlang-27.2.4-debian';

/** Debian dates that exist; hexpm/elixir has only some of them (the coupled case). */
export const PHOENIX_WORLD = {
  debian: {
    bullseye: ['20250520', '20250610', '20250721', '20250811', '20251117'],
    bookworm: ['20251020', '20251117'],
    trixie: ['20251020', '20251117'],
  },
  elixir: {
    // No build for 20250721, 20250811 or 20251117 on bullseye; no bookworm build at all.
    bullseye: ['20250520', '20250610'],
    trixie: ['20251020'],
  },
  /** hexpm/elixir's 20250610 exists for amd64 only: a platform shrink. */
  amd64Only: [] as string[],
} as const;

export function phoenixSeedSpecs(): SeedImageSpec[] {
  const specs: SeedImageSpec[] = [];
  for (const [codename, dates] of Object.entries(PHOENIX_WORLD.debian)) {
    for (const date of dates) specs.push({ repository: 'library/debian', tag: `${codename}-${date}-slim`, platforms: MULTI, attestation: true });
  }
  for (const [codename, dates] of Object.entries(PHOENIX_WORLD.elixir)) {
    for (const date of dates) specs.push({ repository: 'hexpm/elixir', tag: `${ELIXIR}-${codename}-${date}-slim`, platforms: MULTI, format: 'docker' });
  }
  return specs;
}

/** Seeds the world into a running registry. */
export async function seedPhoenixRegistry(registryUrl: string): Promise<void> {
  await seedImages(registryUrl, phoenixSeedSpecs());
}
