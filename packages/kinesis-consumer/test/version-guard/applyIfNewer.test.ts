import type { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { applyIfNewer, InvalidOptionsError } from '../../src';

/** A document client that records UpdateItem inputs and answers with `failure` if given (unit level). */
const fakeDocuments = (failure?: Error) => {
  const sent: UpdateCommand['input'][] = [];
  const documents = {
    send: async (command: UpdateCommand) => {
      sent.push(command.input);
      if (failure) throw failure;
      return {};
    },
  } as unknown as DynamoDBDocumentClient;
  return { documents, sent };
};

const named = (name: string, message = name) => Object.assign(new Error(message), { name });

describe('applyIfNewer (expression building; behaviour against DynamoDB Local is in the .int test)', () => {
  it('sets every attribute and the version under a condition that the stored version is absent or older', async () => {
    const { documents, sent } = fakeDocuments();

    const result = await applyIfNewer(documents, {
      tableName: 'claps',
      key: { postId: 'p1' },
      version: 4,
      set: { total: 21, 'name with spaces': 'x', status: 'live' },
    });

    expect(result).toBe('applied');
    expect(sent).toEqual([
      {
        TableName: 'claps',
        Key: { postId: 'p1' },
        UpdateExpression: 'SET #v = :v, #a0 = :a0, #a1 = :a1, #a2 = :a2',
        ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
        ExpressionAttributeNames: {
          '#v': 'version',
          '#a0': 'total',
          '#a1': 'name with spaces',
          '#a2': 'status',
        },
        ExpressionAttributeValues: { ':v': 4, ':a0': 21, ':a1': 'x', ':a2': 'live' },
      },
    ]);
  });

  it('uses the given version attribute and leaves out undefined values', async () => {
    const { documents, sent } = fakeDocuments();

    await applyIfNewer(documents, {
      tableName: 't',
      key: { id: 'a' },
      version: 2,
      versionAttribute: 'clapsVersion',
      set: { total: 1, gone: undefined },
    });

    expect(sent[0]).toMatchObject({
      UpdateExpression: 'SET #v = :v, #a0 = :a0',
      ExpressionAttributeNames: { '#v': 'clapsVersion', '#a0': 'total' },
    });
  });

  it("answers 'stale' when the condition fails (the stored version is equal or newer)", async () => {
    const { documents } = fakeDocuments(named('ConditionalCheckFailedException'));

    await expect(
      applyIfNewer(documents, { tableName: 't', key: { id: 'a' }, version: 1, set: {} }),
    ).resolves.toBe('stale');
  });

  it('lets every other error propagate so the record fails and is retried', async () => {
    const throttled = named('ProvisionedThroughputExceededException');
    const { documents } = fakeDocuments(throttled);

    await expect(
      applyIfNewer(documents, { tableName: 't', key: { id: 'a' }, version: 1, set: {} }),
    ).rejects.toBe(throttled);
  });

  it.each([
    ['a key attribute', { id: 'b' }],
    ['the version attribute', { version: 3 }],
  ])('refuses to set %s', async (_case, set) => {
    const { documents, sent } = fakeDocuments();

    await expect(
      applyIfNewer(documents, { tableName: 't', key: { id: 'a' }, version: 1, set }),
    ).rejects.toThrow(InvalidOptionsError);
    expect(sent).toEqual([]);
  });

  it('refuses a version that is not a finite number', async () => {
    const { documents } = fakeDocuments();

    await expect(
      applyIfNewer(documents, { tableName: 't', key: { id: 'a' }, version: Number.NaN, set: {} }),
    ).rejects.toThrow(/finite number/);
  });
});
