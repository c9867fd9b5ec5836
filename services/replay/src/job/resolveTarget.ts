import { TargetNotAllowedError } from '../errors';
import type { ReplaySpec } from './spec';

/**
 * The stream a job writes to: the replay stream unless the spec names another **and** allows it with
 * `allowDomainTarget: true` — every consumer of a domain stream would act on the replayed events again.
 */
export const resolveTarget = (
  spec: Pick<ReplaySpec, 'target' | 'allowDomainTarget'>,
  replayStream: string,
): string => {
  const target = spec.target ?? replayStream;
  if (target !== replayStream && spec.allowDomainTarget !== true)
    throw new TargetNotAllowedError(target, replayStream);
  return target;
};
