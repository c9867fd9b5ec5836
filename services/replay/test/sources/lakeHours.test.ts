import { lakeHours } from '../../src/sources/lake/lakeHours';

describe('lakeHours', () => {
  it('lists every arrival hour the range touches, widened by the margin', () => {
    expect(lakeHours('2026-07-09T22:15:00Z', '2026-07-10T00:30:00Z', 1)).toEqual([
      '2026/07/09/21',
      '2026/07/09/22',
      '2026/07/09/23',
      '2026/07/10/00',
      '2026/07/10/01',
    ]);
  });

  it('does not read the hour `to` starts when `to` is on the hour (exclusive)', () => {
    expect(lakeHours('2026-07-09T22:00:00Z', '2026-07-09T23:00:00Z', 0)).toEqual(['2026/07/09/22']);
  });
});
