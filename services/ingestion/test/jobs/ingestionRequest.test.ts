import { ingestionRequestSchema, MAX_REQUEST_IDS } from '../../src/jobs/ingestionRequest';
import { acme } from '../../src/providers/acme';

const schema = ingestionRequestSchema('acme', acme);
const issues = (body: unknown) => {
  const parsed = schema.safeParse(body);
  if (parsed.success) throw new Error('expected the body to be refused');
  return parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('ingestionRequestSchema (POST /ingestions/acme)', () => {
  it('accepts the issue body: provider, ids in the provider format, notBefore with a zone', () => {
    expect(
      schema.parse({ provider: 'acme', recordIds: ['r-1', 'R.2_x'], notBefore: '2026-11-23T02:00:00+01:00' }),
    ).toEqual({ provider: 'acme', recordIds: ['r-1', 'R.2_x'], notBefore: '2026-11-23T02:00:00+01:00' });
    expect(schema.parse({})).toEqual({});
  });

  it('refuses an unknown provider, naming the known ones, and another known provider, naming its route', () => {
    expect(issues({ provider: 'hooli' })).toEqual([
      'provider: unknown provider "hooli" (known: acme, globex, initech)',
    ]);
    expect(issues({ provider: 'globex' })).toEqual([
      "provider: this route ingests from acme; send globex's ingestions to POST /ingestions/globex",
    ]);
  });

  it('refuses an empty list, too many ids and ids not in the provider format, by position', () => {
    expect(issues({ recordIds: [] })).toEqual([
      'recordIds: an empty list: omit recordIds to ingest the provider catalogue of the day',
    ]);
    expect(issues({ recordIds: Array.from({ length: MAX_REQUEST_IDS + 1 }, (_, i) => `r${i}`) })[0]).toMatch(
      /^recordIds: at most 1000 ids/,
    );
    expect(issues({ recordIds: ['ok', '-starts-with-dash', 'x'.repeat(65), 'has space'] })).toEqual([
      'recordIds.1: an acme record id is 1–64 letters, digits, . _ - (not first)',
      'recordIds.2: an acme record id is 1–64 letters, digits, . _ - (not first)',
      'recordIds.3: an acme record id is 1–64 letters, digits, . _ - (not first)',
    ]);
  });

  it('refuses a notBefore without a zone or not a date, and unknown fields', () => {
    for (const notBefore of ['2026-11-23T02:00:00', '2026-11-23', 'tomorrow'])
      expect(issues({ notBefore })).toEqual([
        'notBefore: an ISO 8601 date-time with a zone, e.g. 2026-11-23T02:00:00Z',
      ]);
    expect(issues({ recordId: 'r-1' })[0]).toMatch(/Unrecognized key/);
  });
});
