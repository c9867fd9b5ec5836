import type { Subject } from '@kes/envelope';
import { notFound } from '@kes/http-api';
import type { EntityState } from '../../domain/types';
import type { EntityStates } from '../../store/EntityStates';
import { normalizeTime } from '../../store/keys';

export interface GetEntityDeps {
  states: Pick<EntityStates, 'stateAt'>;
  now?: () => Date;
}

/**
 * GET /entities/{subjectType}/{subjectId}?at=: the entity's state at `at` (default now) — per event type,
 * the newest event at or before it — from the latest snapshot plus the events after it. 404 when the
 * entity had no event by then.
 */
export const getEntity =
  (deps: GetEntityDeps) =>
  async ({
    path,
    query,
  }: {
    path: { subjectType: string; subjectId: string };
    query: { at?: string | undefined };
  }): Promise<EntityState> => {
    const at = query.at ? normalizeTime(query.at) : (deps.now?.() ?? new Date()).toISOString();
    const subject: Subject = { type: path.subjectType, id: path.subjectId };
    const state = await deps.states.stateAt(subject, at);
    if (!state)
      throw notFound('EntityNotFound', `No event of ${subject.type} ${subject.id} at or before ${at}`);
    return state;
  };
