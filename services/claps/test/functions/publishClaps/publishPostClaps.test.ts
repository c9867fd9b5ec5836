import { eventsFromTotals } from '../../../src/domain/eventsFromTotals';
import { publishPostClaps } from '../../../src/functions/publishClaps/handler';
import { RecordingWriter } from '../../helpers/fakes';
import { totalsHistory, trackedImage } from '../../helpers/totalsImages';

const POST = 'post-1';
const history = totalsHistory(POST, [
  ['alice', 5],
  ['bob', 3],
]);

describe('publishPostClaps', () => {
  it("resets the post's key, then puts its events in order under the post id", async () => {
    const writer = new RecordingWriter();

    const result = await publishPostClaps({ writer })(POST, history);

    expect(result).toBeUndefined();
    expect(writer.journal).toEqual([
      `resetKey ${POST}`,
      `put ${POST} ClapsByMemberChanged v1`,
      `put ${POST} ClapsByMemberChanged v2`,
      `put ${POST} PostClapsTotalChanged v2`,
    ]);
    expect(writer.published).toEqual(
      eventsFromTotals(history).map((event) => ({ partitionKey: POST, event })),
    );
  });

  it('puts nothing, and counts the records as skipped, for a post that was only tracked', async () => {
    const writer = new RecordingWriter();

    const result = await publishPostClaps({ writer })(POST, [trackedImage(POST)]);

    expect(result).toEqual({ skipped: 1 });
    expect(writer.journal).toEqual([]);
  });

  it('rejects when the writer fails, so the post’s records are delivered again', async () => {
    const writer = new RecordingWriter();
    writer.failAfter(1);

    const publishing = publishPostClaps({ writer })(POST, history);

    await expect(publishing).rejects.toThrow('ProvisionedThroughputExceededException');
    expect(writer.published.map(({ event }) => `${event.type} v${event.version}`)).toEqual([
      'ClapsByMemberChanged v1',
    ]);
  });
});
