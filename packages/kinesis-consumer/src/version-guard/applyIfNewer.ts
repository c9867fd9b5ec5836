import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_VERSION_ATTRIBUTE } from '../constants';
import { InvalidOptionsError } from '../errors';

/** Input of {@link applyIfNewer}. */
export interface ApplyIfNewerInput {
  tableName: string;
  /** The item's primary key, e.g. `{ postId: 'p1' }`. */
  key: Record<string, unknown>;
  /** The event's version; applied only if greater than the stored one. */
  version: number;
  /** Attribute holding the applied version. Default `version`. */
  versionAttribute?: string;
  /** Attributes to set (the subject's full state). `undefined` values are left out, i.e. unchanged. */
  set: Record<string, unknown>;
}

/** `applied`: the item now holds `version`; `stale`: it already held this version or a newer one. */
export type ApplyResult = 'applied' | 'stale';

/**
 * The version guard for read models: writes `set` and the version only if the item has no version
 * yet or an older one (`attribute_not_exists(#v) OR #v < :v`), in one conditional UpdateItem. So a
 * duplicate or an out-of-order older event is a no-op (`'stale'`), and the first event creates the
 * item. Other errors propagate, so the record fails and is retried.
 *
 * @example
 * handle: (event) =>
 *   applyIfNewer(clients.documents, {
 *     tableName: requireEnv('CLAPS_TABLE'),
 *     key: { postId: event.subject.id },
 *     version: event.version,
 *     set: { total: event.data.total, clappers: event.data.clappers },
 *   }),
 */
export const applyIfNewer = async (
  documents: DynamoDBDocumentClient,
  input: ApplyIfNewerInput,
): Promise<ApplyResult> => {
  const { tableName, key, version, versionAttribute = DEFAULT_VERSION_ATTRIBUTE, set } = input;
  if (!Number.isFinite(version))
    throw new InvalidOptionsError('version', `must be a finite number, got ${version}`);
  const clash = Object.keys(set).find((name) => name === versionAttribute || name in key);
  if (clash !== undefined) {
    throw new InvalidOptionsError(
      'set',
      `"${clash}" is the version attribute or part of the key; it cannot be set`,
    );
  }
  // Placeholders for every name and value: attribute names may be reserved words or contain any character.
  const names: Record<string, string> = { '#v': versionAttribute };
  const values: Record<string, unknown> = { ':v': version };
  const assignments = ['#v = :v'];
  Object.entries(set)
    .filter(([, value]) => value !== undefined)
    .forEach(([name, value], position) => {
      names[`#a${position}`] = name;
      values[`:a${position}`] = value;
      assignments.push(`#a${position} = :a${position}`);
    });
  try {
    await documents.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: `SET ${assignments.join(', ')}`,
        ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return 'applied';
  } catch (error) {
    // By name rather than instanceof: two copies of the SDK in one bundle have two different classes.
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return 'stale';
    throw error;
  }
};
