import { notFound, respond } from '@kes/http-api';
import type { EntityStates } from '../../store/EntityStates';
import { normalizeTime } from '../../store/keys';

export interface TakeSnapshotDeps {
  states: Pick<EntityStates, 'takeSnapshot'>;
  now?: () => Date;
}

/**
 * POST /entities/{subjectType}/{subjectId}/snapshots `{"at"?: ISO time}`: takes a snapshot of the entity
 * at `at` (default now). 201 with the snapshot; taking it again is harmless (same key, same state).
 */
export const takeSnapshot =
  (deps: TakeSnapshotDeps) =>
  async ({
    path,
    body,
  }: {
    path: { subjectType: string; subjectId: string };
    body: { at?: string | undefined } | undefined;
  }) => {
    const asOf = body?.at ? normalizeTime(body.at) : (deps.now?.() ?? new Date()).toISOString();
    const subject = { type: path.subjectType, id: path.subjectId };
    const snapshot = await deps.states.takeSnapshot(subject, asOf);
    if (!snapshot)
      throw notFound('EntityNotFound', `No event of ${subject.type} ${subject.id} at or before ${asOf}`);
    return respond(201, snapshot);
  };
