import { PutRecordFailedError } from '../../src';
import { KeyLanes } from '../../src/lanes/KeyLanes';

const failure = new PutRecordFailedError({
  partitionKey: 'k',
  attempts: 1,
  retryable: false,
  errorCode: 'AccessDeniedException',
  cause: new Error('denied'),
});

describe('KeyLanes', () => {
  it('creates a lane on first use and returns the same one after', () => {
    const lanes = new KeyLanes(10);
    const lane = lanes.get('a');
    lane.lastSequenceNumber = '42';

    expect(lanes.get('a')).toBe(lane);
    expect(lanes.peek('a')?.lastSequenceNumber).toBe('42');
    expect(lanes.peek('b')).toBeUndefined();
  });

  it('forgets the least recently used idle keys beyond the bound', () => {
    const lanes = new KeyLanes(2);
    lanes.get('a');
    lanes.get('b');
    lanes.get('a');
    lanes.get('c');

    lanes.trim();

    expect(lanes.size).toBe(2);
    expect(lanes.peek('b')).toBeUndefined();
    expect(lanes.peek('a')).toBeDefined();
    expect(lanes.peek('c')).toBeDefined();
  });

  it('keeps keys that are busy, waiting for room or broken, even beyond the bound', () => {
    const lanes = new KeyLanes(1);
    lanes.get('scheduled').scheduled = true;
    lanes.get('waiting').waitingForRoom = 1;
    lanes.get('broken').broken = failure;
    lanes.get('idle');

    lanes.trim();

    expect(lanes.size).toBe(3);
    expect(lanes.peek('idle')).toBeUndefined();
    expect(lanes.brokenCount()).toBe(1);
  });
});
