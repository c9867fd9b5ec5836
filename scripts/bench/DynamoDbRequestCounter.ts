import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** What one kind of DynamoDB request added up to. */
export interface RequestTally {
  requests: number;
  /** Items the requests wrote (puts, deletes, updates, transaction parts) or read by key. */
  itemsWritten: number;
  keysRead: number;
  /** Summed request latency; divided by the wall time it is the mean number of requests in flight. */
  latencyMs: number;
}

type Input = Record<string, unknown>;

const sumOver = (requestItems: unknown, count: (perTable: unknown) => number): number =>
  Object.values((requestItems ?? {}) as Record<string, unknown>).reduce<number>(
    (sum, perTable) => sum + count(perTable),
    0,
  );

/** The document client's names for the operations it wraps. */
const OPERATION_OF_DOCUMENT_COMMAND: Record<string, string> = {
  BatchWriteCommand: 'BatchWriteItemCommand',
  BatchGetCommand: 'BatchGetItemCommand',
  TransactWriteCommand: 'TransactWriteItemsCommand',
  PutCommand: 'PutItemCommand',
  UpdateCommand: 'UpdateItemCommand',
  DeleteCommand: 'DeleteItemCommand',
  GetCommand: 'GetItemCommand',
};

/** Items written and keys read by one request, from its input (either client's form). */
const sizeOf = (command: string, input: Input): { written: number; read: number } => {
  switch (command) {
    case 'BatchWriteItemCommand':
      return { written: sumOver(input.RequestItems, (requests) => (requests as unknown[]).length), read: 0 };
    case 'BatchGetItemCommand':
      return {
        written: 0,
        read: sumOver(input.RequestItems, (table) => ((table as { Keys?: unknown[] }).Keys ?? []).length),
      };
    case 'TransactWriteItemsCommand':
      return { written: ((input.TransactItems as unknown[]) ?? []).length, read: 0 };
    case 'PutItemCommand':
    case 'UpdateItemCommand':
    case 'DeleteItemCommand':
      return { written: 1, read: 0 };
    case 'GetItemCommand':
      return { written: 0, read: 1 };
    default:
      return { written: 0, read: 0 };
  }
};

/**
 * Counts the DynamoDB requests a client sends, by operation, with the items they write and the keys they
 * read — so a benchmark can say what one stored event costs in requests and items, not only how fast it
 * went. Document-client commands are counted too (they run through the same middleware stack).
 *
 * @example
 * const counter = DynamoDbRequestCounter.attach(clients.dynamodb);
 * await work();
 * console.log(counter.tallies()); // { BatchWriteItem: { requests: 80, itemsWritten: 2000, … } }
 */
export class DynamoDbRequestCounter {
  readonly #tallies = new Map<string, RequestTally>();

  private constructor() {}

  public static attach(client: DynamoDBClient): DynamoDbRequestCounter {
    const counter = new DynamoDbRequestCounter();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName ?? 'unknown');
        const began = performance.now();
        try {
          return await next(args);
        } finally {
          counter.#count(command, args.input as Input, performance.now() - began);
        }
      },
      { step: 'initialize', name: 'kesBenchRequestCounter' },
    );
    return counter;
  }

  /** Forgets what was counted so far (e.g. the table's creation). */
  public reset(): void {
    this.#tallies.clear();
  }

  /** Per operation (`BatchWriteItem`, `Query`, …), sorted by requests, most first. */
  public tallies(): Record<string, RequestTally> {
    return Object.fromEntries([...this.#tallies.entries()].sort(([, a], [, b]) => b.requests - a.requests));
  }

  /** Everything together. */
  public total(): RequestTally {
    const total: RequestTally = { requests: 0, itemsWritten: 0, keysRead: 0, latencyMs: 0 };
    for (const tally of this.#tallies.values()) {
      total.requests += tally.requests;
      total.itemsWritten += tally.itemsWritten;
      total.keysRead += tally.keysRead;
      total.latencyMs += tally.latencyMs;
    }
    return total;
  }

  #count(command: string, input: Input, latencyMs: number): void {
    const operation = OPERATION_OF_DOCUMENT_COMMAND[command] ?? command;
    const name = operation.replace(/Command$/, '');
    const tally = this.#tallies.get(name) ?? { requests: 0, itemsWritten: 0, keysRead: 0, latencyMs: 0 };
    const { written, read } = sizeOf(operation, input ?? {});
    tally.requests++;
    tally.itemsWritten += written;
    tally.keysRead += read;
    tally.latencyMs += latencyMs;
    this.#tallies.set(name, tally);
  }
}
