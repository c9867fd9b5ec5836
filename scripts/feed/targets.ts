import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { clapsEvents } from '@kes/contracts';
import { OrderedKinesisWriter } from '@kes/kinesis-writer';
import type { LocalSystem } from './LocalSystem';

export type ClapOutcome =
  | { ok: true; count: number; version: number; readModel: ReadModelMark }
  | { ok: false; code: string };

/** How to tell that the read model includes a clap: its claps as of a time, or a claps version. */
export type ReadModelMark = { asOf: string } | { version: number };

/** Where claps go: through the HTTP API, or as events straight into the claps stream. */
export interface ClapTarget {
  readonly name: 'http' | 'stream';
  send(postId: string, memberId: string, count: number): Promise<ClapOutcome>;
  close(): Promise<void>;
}

/** Claps through the HTTP API, as a member would: PUT (or DELETE for an unclap). */
export class HttpClapTarget implements ClapTarget {
  public readonly name = 'http';
  readonly #system: LocalSystem;

  public constructor(system: LocalSystem) {
    this.#system = system;
  }

  public async send(postId: string, memberId: string, count: number): Promise<ClapOutcome> {
    const response =
      count === 0
        ? await this.#system.call('DELETE', `/posts/${postId}/claps`, memberId)
        : await this.#system.call('PUT', `/posts/${postId}/claps`, memberId, { count });
    if (response.status !== 200 || !response.body) {
      const code = (response.body?.error as { code?: string } | undefined)?.code;
      return { ok: false, code: `${response.status}${code ? ` ${code}` : ''}` };
    }
    const body = response.body as { count: number; version: number; updatedAt: string | null };
    return { ok: true, count: body.count, version: body.version, readModel: { asOf: body.updatedAt ?? '' } };
  }

  public async close(): Promise<void> {}
}

interface PostState {
  version: number;
  total: number;
  clappers: number;
  members: Map<string, { count: number; version: number }>;
}

/**
 * Plays the claps service: keeps each post's state and writes the full-state events it would emit
 * straight into the claps stream (ordered writer, partition key = post id). Loads the consumer path
 * (Kinesis → event-source mapping → posts read model) without the HTTP API and the claps tables.
 */
export class StreamClapTarget implements ClapTarget {
  public readonly name = 'stream';
  readonly #writer: OrderedKinesisWriter;
  readonly #clients: AwsClients;
  readonly #posts = new Map<string, PostState>();

  public constructor(system: LocalSystem) {
    this.#clients = createAwsClients(system.env, { kinesisMaxAttempts: 1 });
    this.#writer = new OrderedKinesisWriter({
      client: this.#clients.kinesis,
      streamName: `kes-${system.stage}-claps`,
      maxBufferedRecords: 5_000,
    });
  }

  public async send(postId: string, memberId: string, count: number): Promise<ClapOutcome> {
    const post = this.#posts.get(postId) ?? { version: 0, total: 0, clappers: 0, members: new Map() };
    this.#posts.set(postId, post);
    const member = post.members.get(memberId) ?? { count: 0, version: 0 };
    if (member.count === count)
      return { ok: true, count, version: member.version, readModel: { version: post.version } };
    post.total += count - member.count;
    post.clappers += Number(count > 0) - Number(member.count > 0);
    post.version += 1;
    const next = { count, version: member.version + 1 };
    post.members.set(memberId, next);
    const now = new Date().toISOString();
    const common = {
      source: 'feed-stream',
      subjectId: postId,
      version: post.version,
      occurredAt: now,
      correlationId: `feed-${post.version}`,
    };
    const events = [
      clapsEvents.create('ClapsByMemberChanged', {
        ...common,
        data: { postId, memberId, count, memberVersion: next.version },
      }),
      clapsEvents.create('PostClapsTotalChanged', {
        ...common,
        data: { postId, total: post.total, clappers: post.clappers, asOf: now },
      }),
    ];
    try {
      await Promise.all(
        events.map((event) => this.#writer.put({ partitionKey: postId, data: clapsEvents.encode(event) })),
      );
      return { ok: true, count, version: next.version, readModel: { version: post.version } };
    } catch (error) {
      return { ok: false, code: (error as { code?: string }).code ?? (error as Error).name };
    }
  }

  public async close(): Promise<void> {
    await this.#writer.close();
  }
}
