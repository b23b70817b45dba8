// The repository's policy for a pin, from its config: the one mapping `freshpin check`, the
// pass and the commands all plan with.
import type { FreshpinConfig } from '../config/config-schema.ts';
import type { PlanPolicy } from './plan-types.ts';

export function policyFromConfig(config: FreshpinConfig): PlanPolicy {
  const policy: PlanPolicy = { minimumAgeDays: config.minimumAge, ignore: config.ignore, migrate: config.migrate };
  if (config.platforms !== undefined) policy.platforms = config.platforms;
  return policy;
}
