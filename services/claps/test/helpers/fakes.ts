import { type ClapsEvent, clapsEvents } from '@kes/contracts';
import type { OrderedKinesisWriter, PutInput, PutResult } from '@kes/kinesis-writer';
import { type ClapsStore, type MemberClaps, UnknownPostError } from '../../src/store/ClapsStore';

/** What a fake was asked to do, in call order: `resetKey post-1`, `put post-1 ClapsByMemberChanged v3`. */
export type Journal = string[];

/** A `setCount` call as the fake store received it. */
export interface SetCountCall {
  postId: string;
  memberId: string;
  count: number;
  now: Date;
  correlationId: string;
}

/**
 * The claps tables in memory, with the store's contract: the same count again writes nothing, and a
 * post that was never tracked throws {@link UnknownPostError}.
 */
export const fakeClapsStore = (...knownPostIds: string[]) => {
  const members = new Map<string, MemberClaps>();
  const calls: SetCountCall[] = [];
  const read = (postId: string, memberId: string): MemberClaps =>
    members.get(`${postId}/${memberId}`) ?? { postId, memberId, count: 0, version: 0, updatedAt: null };
  const store: Pick<ClapsStore, 'getMember' | 'setCount' | 'isKnown'> = {
    getMember: async (postId, memberId) => read(postId, memberId),
    isKnown: async (postId) => knownPostIds.includes(postId),
    setCount: async (postId, memberId, count, { now, correlationId }) => {
      calls.push({ postId, memberId, count, now, correlationId });
      const current = read(postId, memberId);
      if (current.count === count) return current;
      if (!knownPostIds.includes(postId)) throw new UnknownPostError(postId);
      const next = { postId, memberId, count, version: current.version + 1, updatedAt: now.toISOString() };
      members.set(`${postId}/${memberId}`, next);
      return next;
    },
  };
  return { store, calls };
};

/** A writer that decodes and keeps what it is given; puts can be made to fail from the n-th one on. */
export class RecordingWriter implements Pick<OrderedKinesisWriter, 'put' | 'resetKey'> {
  /** Every event acknowledged, in put order, with the partition key it was put under. */
  public readonly published: Array<{ partitionKey: string; event: ClapsEvent }> = [];
  public readonly journal: Journal = [];
  #putsBeforeFailure = Number.POSITIVE_INFINITY;

  /** The puts after the first `acknowledged` ones reject, as a key broken by a failed record does. */
  public failAfter(acknowledged: number): void {
    this.#putsBeforeFailure = acknowledged;
  }

  public async put(input: PutInput): Promise<PutResult> {
    const decoded = clapsEvents.decode(input.data);
    if (!decoded.ok) throw decoded.error;
    this.journal.push(`put ${input.partitionKey} ${decoded.event.type} v${decoded.event.version}`);
    if (this.#putsBeforeFailure <= 0) throw new Error('ProvisionedThroughputExceededException');
    this.#putsBeforeFailure -= 1;
    this.published.push({ partitionKey: input.partitionKey, event: decoded.event });
    return { sequenceNumber: String(this.published.length), shardId: 'shardId-000000000000', attempts: 1 };
  }

  public resetKey(partitionKey: string): boolean {
    this.journal.push(`resetKey ${partitionKey}`);
    return true;
  }
}
