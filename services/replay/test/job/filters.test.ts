import { eventFilter } from '../../src';
import { at, memberChanged, totalChanged } from '../helpers/events';

describe('eventFilter', () => {
  const range = { from: at(10), to: at(20) };

  it('keeps from ≤ occurredAt < to', () => {
    const keep = eventFilter(range);

    expect(keep(totalChanged('p', 1, 9))).toBe(false);
    expect(keep(totalChanged('p', 1, 10))).toBe(true);
    expect(keep(totalChanged('p', 1, 19))).toBe(true);
    expect(keep(totalChanged('p', 1, 20))).toBe(false);
  });

  it('compares instants, whatever the offset of the range or the event', () => {
    const keep = eventFilter({ from: '2026-02-01T12:00:10+02:00', to: '2026-02-01T12:00:20+02:00' });

    expect(keep(totalChanged('p', 1, 10))).toBe(true);
    expect(keep({ ...totalChanged('p', 1, 0), occurredAt: '2026-02-01T11:00:15+01:00' })).toBe(true);
    expect(keep(totalChanged('p', 1, 25))).toBe(false);
  });

  it('keeps only the given types', () => {
    const keep = eventFilter({ ...range, types: ['ClapsByMemberChanged'] });

    expect(keep(memberChanged('p', 1, 15))).toBe(true);
    expect(keep(totalChanged('p', 1, 15))).toBe(false);
  });

  it('keeps only the given subjects, matching type and id', () => {
    const keep = eventFilter({ ...range, subjects: [{ type: 'post', id: 'p1' }] });

    expect(keep(totalChanged('p1', 1, 15))).toBe(true);
    expect(keep(totalChanged('p2', 1, 15))).toBe(false);
    expect(keep({ ...totalChanged('p1', 1, 15), subject: { type: 'member', id: 'p1' } })).toBe(false);
  });
});
