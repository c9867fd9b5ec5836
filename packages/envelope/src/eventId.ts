import { v5 as uuidv5 } from 'uuid';
import { EVENT_ID_NAMESPACE } from './constants';
import type { Subject } from './schema';

/**
 * The id of the event of `type` that carries `subject`'s state at `version`.
 *
 * Deterministic, so publishing the same state twice (a retry, a replay) yields the same event id and
 * stores deduplicate it.
 *
 * @example
 * eventIdFor('PostClapsTotalChanged', { type: 'post', id: 'p1' }, 7); // always the same UUID
 */
export const eventIdFor = (type: string, subject: Subject, version: number): string =>
  uuidv5(`${type}/${subject.type}/${subject.id}/${version}`, EVENT_ID_NAMESPACE);
