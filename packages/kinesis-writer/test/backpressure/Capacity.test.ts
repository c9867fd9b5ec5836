import { Capacity } from '../../src/backpressure/Capacity';

describe('Capacity', () => {
  it('grants synchronously while there is room', () => {
    const capacity = new Capacity(2);
    const granted: string[] = [];

    capacity.acquire(() => granted.push('a'));
    capacity.acquire(() => granted.push('b'));
    capacity.acquire(() => granted.push('c'));

    expect(granted).toEqual(['a', 'b']);
    expect({ inUse: capacity.inUse, waiting: capacity.waiting }).toEqual({ inUse: 2, waiting: 1 });
  });

  it('hands a released slot straight to the longest waiter, in the same call', () => {
    const capacity = new Capacity(1);
    const granted: string[] = [];
    capacity.acquire(() => granted.push('a'));
    capacity.acquire(() => granted.push('b'));
    capacity.acquire(() => granted.push('c'));

    capacity.release();
    expect(granted).toEqual(['a', 'b']);
    capacity.release();
    expect(granted).toEqual(['a', 'b', 'c']);
    expect(capacity.inUse).toBe(1);

    capacity.release();
    expect({ inUse: capacity.inUse, waiting: capacity.waiting }).toEqual({ inUse: 0, waiting: 0 });
  });

  it('does not let a newcomer take a slot while a release is being handed out', () => {
    const capacity = new Capacity(1);
    const granted: string[] = [];
    capacity.acquire(() => granted.push('a'));
    capacity.acquire(() => {
      granted.push('b');
      // Acquiring from inside a grant: it must line up behind 'c', which was waiting first.
      capacity.acquire(() => granted.push('d'));
      capacity.release();
    });
    capacity.acquire(() => granted.push('c'));

    capacity.release();

    expect(granted).toEqual(['a', 'b', 'c']);
    capacity.release();
    expect(granted).toEqual(['a', 'b', 'c', 'd']);
  });

  it('serves a long line of waiters that release at once without overflowing the stack', () => {
    const capacity = new Capacity(1);
    let served = 0;
    capacity.acquire(() => undefined);
    for (let waiter = 0; waiter < 200_000; waiter++) {
      capacity.acquire(() => {
        served++;
        capacity.release();
      });
    }

    capacity.release();

    expect(served).toBe(200_000);
    expect({ inUse: capacity.inUse, waiting: capacity.waiting }).toEqual({ inUse: 0, waiting: 0 });
  });

  it('refuses a release without an acquire', () => {
    expect(() => new Capacity(1).release()).toThrow('Capacity released more often than acquired');
  });
});
