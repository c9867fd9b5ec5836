import type { RunReplayEvent } from '../../src/api/schemas';
import { startReplayRoute } from '../../src/functions/startReplay/startReplay';
import { answer, httpEvent, lambdaContext } from '../helpers/httpEvents';
import { memoryJobs } from '../helpers/memoryJobs';

const setup = () => {
  const jobs = memoryJobs({ now: () => Date.parse('2026-11-22T10:00:00Z') });
  const started: RunReplayEvent[] = [];
  const route = startReplayRoute(() => ({
    jobs,
    startRunner: async (event) => void started.push(event),
    replayStream: 'kes-test-replay',
    domainStreams: ['kes-test-claps', 'kes-test-posts'],
    knownTypes: ['PostPublished', 'ClapsByMemberChanged', 'PostClapsTotalChanged'],
    newOwner: () => 'runner:one',
  }));
  const post = (body: unknown) =>
    answer(
      route(
        httpEvent('POST', '/replays', { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        lambdaContext,
      ),
    );
  return { jobs, started, post };
};

const range = { source: 'event-store', from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' };

describe('POST /replays', () => {
  it('creates a pending job for the replay stream, starts its runner, and answers 202 with its id and links', async () => {
    const { jobs, started, post } = setup();

    const response = await post({ ...range, types: ['PostPublished'], rateShare: 0.5 });

    expect(response.status).toBe(202);
    const { jobId } = response.body;
    expect(response.body).toEqual({
      jobId,
      status: 'pending',
      target: 'kes-test-replay',
      links: {
        self: `/replays/${jobId}`,
        resume: `/replays/${jobId}/resume`,
        cancel: `/replays/${jobId}/cancel`,
      },
    });
    expect(response.headers.location).toBe(`/replays/${jobId}`);
    expect(jobs.items.get(jobId)?.spec).toEqual({ ...range, types: ['PostPublished'], rateShare: 0.5 });
    expect(started).toEqual([{ jobId, owner: 'runner:one' }]);
  });

  it('accepts a domain stream as target only with allowDomainTarget: true', async () => {
    const { jobs, post } = setup();

    const response = await post({ ...range, target: 'kes-test-claps', allowDomainTarget: true });

    expect(response.status).toBe(202);
    expect(jobs.items.get(response.body.jobId)?.target).toBe('kes-test-claps');
  });

  it.each([
    [
      'an unparseable time',
      { ...range, from: 'yesterday' },
      'ValidationError',
      /from: must be an ISO-8601 time/,
    ],
    ['a time without a zone', { ...range, to: '2026-11-02T00:00:00' }, 'ValidationError', /body\.to/],
    ['from after to', { ...range, from: '2026-11-03T00:00:00Z' }, 'ValidationError', /from.*before.*to/],
    ['an unknown source', { ...range, source: 'kinesis' }, 'ValidationError', /body\.source/],
    ['a rate share of 0', { ...range, rateShare: 0 }, 'ValidationError', /rateShare: must be above 0/],
    ['a rate share above 1', { ...range, rateShare: 1.5 }, 'ValidationError', /rateShare: must be at most 1/],
    ['an unknown field', { ...range, speed: 'fast' }, 'ValidationError', /speed/],
    ['a missing source', { from: range.from, to: range.to }, 'ValidationError', /body\.source/],
    ['an unknown write mode', { ...range, writeMode: 'firehose' }, 'ValidationError', /writeMode/],
    [
      'an unknown event type',
      { ...range, types: ['PostDeleted'] },
      'UnknownEventType',
      /"PostDeleted".*known: PostPublished/,
    ],
    [
      'a domain stream without allowDomainTarget',
      { ...range, target: 'kes-test-claps' },
      'TargetNotAllowed',
      /allowDomainTarget/,
    ],
    [
      'a stream the service may not write',
      { ...range, target: 'kes-test-other', allowDomainTarget: true },
      'UnknownTarget',
      /kes-test-other.*kes-test-replay, kes-test-claps, kes-test-posts/,
    ],
    ['a body that is not JSON', '{"source":', 'MalformedJson', /JSON/i],
  ])('refuses %s with 400 and a JSON error, creating nothing', async (_, body, code, message) => {
    const { jobs, started, post } = setup();

    const response = await post(body);

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).toMatch(message);
    expect(jobs.items.size).toBe(0);
    expect(started).toEqual([]);
  });
});
