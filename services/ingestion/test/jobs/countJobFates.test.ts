import { countJobFates } from '../../src/jobs/countJobFates';
import type { RecordFate } from '../../src/service/ventilate';

const key = (recordId: string) => ({ recordId, day: '2026-11-21' });

describe('countJobFates', () => {
  it("moves each job's counter by its records' fates; a record another fan-out holds counts nothing yet", async () => {
    const fates = new Map<string, RecordFate>([
      ['2026-11-21/a', 'fetched'],
      ['2026-11-21/b', 'already-fetched'],
      ['2026-11-21/c', 'dead-lettered'],
      ['2026-11-21/d', 'failed'],
      ['2026-11-21/e', 'in-flight-elsewhere'],
      ['2026-11-21/f', 'fetched'],
    ]);
    const records = new Map([
      ['2026-11-21/a', { key: key('a'), jobIds: ['job-1', 'job-2'] }],
      ['2026-11-21/b', { key: key('b'), jobIds: ['job-1'] }],
      ['2026-11-21/c', { key: key('c'), jobIds: ['job-1'] }],
      ['2026-11-21/d', { key: key('d'), jobIds: ['job-2'] }],
      ['2026-11-21/e', { key: key('e'), jobIds: ['job-2'] }],
      ['2026-11-21/f', { key: key('f'), jobIds: [] }], // put on the stream without a job
    ]);
    const counted: string[] = [];
    const calls = await countJobFates({ fates, records }, async (record, jobId, counter) => {
      counted.push(`${jobId} ${record.recordId} ${counter}`);
    });
    expect(calls).toBe(5);
    expect(counted.sort()).toEqual([
      'job-1 a fetched',
      'job-1 b fetched',
      'job-1 c deadLettered',
      'job-2 a fetched',
      'job-2 d failedAttempts',
    ]);
  });
});
