import type { Envelope } from '@kes/envelope';
import type { ReplaySpec } from './spec';

/** Decides whether an event is part of a replay: `from` ≤ occurredAt < `to`, and its type and subject, if given. */
export type EventFilter = (event: Envelope) => boolean;

/** The filter of a spec; times compare as instants, so `+02:00` and `Z` mix freely. */
export const eventFilter = (spec: Pick<ReplaySpec, 'from' | 'to' | 'types' | 'subjects'>): EventFilter => {
  const from = Date.parse(spec.from);
  const to = Date.parse(spec.to);
  const types = spec.types ? new Set(spec.types) : undefined;
  const subjects = spec.subjects ? new Set(spec.subjects.map(subjectKey)) : undefined;
  return (event) => {
    const at = Date.parse(event.occurredAt);
    if (!(at >= from && at < to)) return false;
    if (types && !types.has(event.type)) return false;
    if (subjects && !subjects.has(subjectKey(event.subject))) return false;
    return true;
  };
};

const subjectKey = (subject: { type: string; id: string }): string => `${subject.type}\u0000${subject.id}`;
