import type { SubjectRef } from '../types';
import { assertPartitionKey } from './assertPartitionKey';

/**
 * The partition key of an event about `subject`: the subject's id, so every event of one entity lands on
 * one shard and keeps its order. Use {@link composite} (`composite(subject.type, subject.id)`) when ids
 * are not unique across subject types.
 *
 * @example
 * bySubject({ type: 'post', id: 'p-42' }); // 'p-42'
 */
export const bySubject = (subject: SubjectRef): string => assertPartitionKey(subject.id);
