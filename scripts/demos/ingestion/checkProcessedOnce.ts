import { BatchGetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** What the tracking table and the provider say about a run's records. */
export interface OnceCheck {
  records: number;
  fetched: number;
  deadLettered: number;
  /** Records neither fetched nor dead-lettered (yet): the first few ids, and how many. */
  pending: { count: number; sample: string[] };
  /** 200s the provider served for the run's records: more than `fetched` means a record was served twice. */
  providerOk: number;
  /** The run's records the provider served more than once (the first few ids, and how many). */
  servedTwice: { count: number; sample: string[] };
  /** 200s for ids outside the run (another enqueue, e.g. a schedule): not the run's, reported apart. */
  servedOutside: number;
  passed: boolean;
  detail: string;
}

const BATCH_GET_LIMIT = 100;

/** Status of each record's (id, day) item in the tracking table; unprocessed keys are asked again. */
const statuses = async (
  dynamodb: DynamoDBClient,
  table: string,
  ids: readonly string[],
  day: string,
): Promise<Map<string, string>> => {
  const found = new Map<string, string>();
  for (let start = 0; start < ids.length; start += BATCH_GET_LIMIT) {
    let keys = ids
      .slice(start, start + BATCH_GET_LIMIT)
      .map((id) => ({ recordId: { S: id }, day: { S: day } }));
    for (let round = 0; keys.length > 0; round++) {
      if (round > 10) throw new Error(`${table}: BatchGetItem kept leaving keys unprocessed`);
      const answer = await dynamodb.send(
        new BatchGetItemCommand({
          RequestItems: {
            [table]: {
              Keys: keys,
              ProjectionExpression: 'recordId, #s',
              ExpressionAttributeNames: { '#s': 'status' },
            },
          },
        }),
      );
      for (const item of answer.Responses?.[table] ?? [])
        found.set(item.recordId?.S ?? '', item.status?.S ?? '');
      keys = (answer.UnprocessedKeys?.[table]?.Keys ?? []) as typeof keys;
      if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
    }
  }
  return found;
};

/**
 * Every record of the run processed exactly once that day: each is `fetched` or `dead` (attempts
 * exhausted, in the dead-letter bucket) in the tracking table, none is left, and the provider served
 * each fetched record exactly once and no dead-lettered one (`served`: 200s per id that reached a caller,
 * the simulator's `servedById()`).
 *
 * @example
 * const check = await checkProcessedOnce(clients.dynamodb, 'kes-local-ingestion-acme-tracking', ids, day, simulator.servedById());
 */
export const checkProcessedOnce = async (
  dynamodb: DynamoDBClient,
  table: string,
  ids: readonly string[],
  day: string,
  served: ReadonlyMap<string, number>,
): Promise<OnceCheck> => {
  const found = await statuses(dynamodb, table, ids, day);
  let fetched = 0;
  let deadLettered = 0;
  const pending: string[] = [];
  for (const id of ids) {
    const status = found.get(id);
    if (status === 'fetched') fetched++;
    else if (status === 'dead') deadLettered++;
    else pending.push(id);
  }
  const problems: string[] = [];
  if (pending.length > 0)
    problems.push(`${pending.length} not processed (e.g. ${pending.slice(0, 3).join(', ')})`);
  const run = new Set(ids);
  let providerOk = 0;
  const twice: string[] = [];
  const unserved: string[] = [];
  const servedDead: string[] = [];
  for (const id of ids) {
    const times = served.get(id) ?? 0;
    providerOk += times;
    if (times > 1) twice.push(id);
    const status = found.get(id);
    if (status === 'fetched' && times === 0) unserved.push(id);
    if (status === 'dead' && times > 0) servedDead.push(id);
  }
  const servedOutside = [...served].reduce((sum, [id, times]) => sum + (run.has(id) ? 0 : times), 0);
  if (twice.length > 0)
    problems.push(`${twice.length} served twice by the provider (e.g. ${twice.slice(0, 3).join(', ')})`);
  if (unserved.length > 0)
    problems.push(
      `${unserved.length} fetched in the tracking table but never served (e.g. ${unserved.slice(0, 3).join(', ')}): the tracking table is wrong`,
    );
  if (servedDead.length > 0)
    problems.push(
      `${servedDead.length} dead-lettered although the provider served them (e.g. ${servedDead.slice(0, 3).join(', ')})`,
    );
  return {
    records: ids.length,
    fetched,
    deadLettered,
    pending: { count: pending.length, sample: pending.slice(0, 5) },
    providerOk,
    servedTwice: { count: twice.length, sample: twice.slice(0, 5) },
    servedOutside,
    passed: problems.length === 0,
    detail:
      (problems.join('; ') ||
        `${fetched} fetched once each, ${deadLettered} dead-lettered once, none twice (${providerOk} served by the provider)`) +
      (servedOutside > 0 ? `; ${servedOutside} other records served (not the run's)` : ''),
  };
};
