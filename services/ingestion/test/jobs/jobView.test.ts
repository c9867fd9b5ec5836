import type { IngestionJob } from '../../src/jobs/IngestionJob';
import { JOB_ID_PATTERN, jobStatus, newJobId } from '../../src/jobs/IngestionJob';
import { jobView } from '../../src/jobs/jobView';
import { IngestionWindows } from '../../src/schedule/IngestionWindows';

const NOW = Date.parse('2026-11-21T23:00:00Z');
const job = (over: Partial<IngestionJob> = {}): IngestionJob => ({
  jobId: '20261121T230000Z-0000000a',
  kind: 'ad-hoc',
  provider: 'acme',
  ingestionDay: '2026-11-21',
  source: { type: 'ids', ids: ['a', 'b', 'c'] },
  createdAt: NOW,
  enqueueDone: false,
  enqueued: 0,
  total: 3,
  fetched: 0,
  deadLettered: 0,
  failedAttempts: 0,
  updatedAt: NOW,
  ...over,
});
const anyTime = IngestionWindows.parse({});

describe('a job as GET /ingestions shows it', () => {
  it('goes scheduled → enqueuing → running → done', () => {
    expect(jobStatus(job({ notBefore: NOW + 1 }), NOW)).toBe('scheduled');
    expect(jobStatus(job(), NOW)).toBe('enqueuing');
    expect(jobStatus(job({ enqueued: 2 }), NOW)).toBe('enqueuing');
    expect(jobStatus(job({ enqueued: 3, enqueueDone: true, fetched: 1, deadLettered: 1 }), NOW)).toBe(
      'running',
    );
    expect(jobStatus(job({ enqueued: 3, enqueueDone: true, fetched: 2, deadLettered: 1 }), NOW)).toBe('done');
  });

  it('shows counts, pending, and no ids', () => {
    const view = jobView(
      job({ enqueued: 3, enqueueDone: true, fetched: 1, failedAttempts: 2 }),
      anyTime,
      NOW,
    );
    expect(view).toEqual({
      jobId: '20261121T230000Z-0000000a',
      provider: 'acme',
      kind: 'ad-hoc',
      status: 'running',
      day: '2026-11-21',
      source: 'ids',
      createdAt: '2026-11-21T23:00:00.000Z',
      total: 3,
      enqueued: 3,
      fetched: 1,
      deadLettered: 0,
      failedAttempts: 2,
      pending: 2,
    });
  });

  it('says why and until when an unfinished job is held', () => {
    const windows = IngestionWindows.parse({ offPeakWindows: '22:00-06:00' });
    expect(jobView(job(), windows, Date.parse('2026-11-21T12:00:00Z')).held).toEqual({
      reason: 'outside the off-peak windows (22:00-06:00)',
      until: '2026-11-21T22:00:00.000Z',
    });
  });

  it('has ids that sort by creation and match the pattern the GET route checks', () => {
    const first = newJobId(NOW);
    const second = newJobId(NOW + 1_000);
    expect(first).toMatch(/^20261121T230000Z-[0-9a-f]{8}$/);
    expect(first < second).toBe(true);
    expect(JOB_ID_PATTERN.test(first)).toBe(true);
    expect(JOB_ID_PATTERN.test('daily-2026-11-21')).toBe(true);
    expect(JOB_ID_PATTERN.test('../#controller')).toBe(false);
  });
});
