import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultsConfigError, loadKinesisFaults, parseKinesisFaults } from '../../src/kinesis/faultsConfig';

const NOW = 1_800_000_000_000;

describe('parseKinesisFaults', () => {
  it('fixes an outage window given relative to the load time', () => {
    const faults = parseKinesisFaults(
      { outages: [{ startsInMs: 30_000, durationMs: 10_000, operations: ['PutRecords'] }] },
      NOW,
    );

    expect(faults.outages).toEqual([
      { startsAt: NOW + 30_000, durationMs: 10_000, operations: ['PutRecords'] },
    ]);
  });

  it('accepts absolute windows as epoch milliseconds or ISO 8601', () => {
    const faults = parseKinesisFaults(
      {
        outages: [
          { startsAt: NOW, durationMs: 1 },
          { startsAt: '2027-01-15T08:00:00Z', durationMs: 1, errorCode: 'InternalFailure' },
        ],
      },
      NOW,
    );

    expect(faults.outages?.map((outage) => outage.startsAt)).toEqual([
      NOW,
      Date.parse('2027-01-15T08:00:00Z'),
    ]);
  });

  it('keeps error rates, error code and latency as given', () => {
    const input = {
      errorRate: { '*': 0.01, GetRecords: 0.2 },
      errorCode: 'InternalFailure',
      latencyMs: { min: 5, max: 20 },
    };

    expect(parseKinesisFaults(input, NOW)).toEqual(input);
  });

  it.each([
    [{ errorRate: { PutRecord: 1.5 } }, 'errorRate.PutRecord'],
    [{ outages: [{ durationMs: 10 }] }, 'exactly one of startsAt'],
    [{ outages: [{ startsAt: 1, startsInMs: 1, durationMs: 10 }] }, 'exactly one of startsAt'],
    [{ outages: [{ startsInMs: 1, durationMs: -1 }] }, 'outages[0].durationMs'],
    [{ latencyMs: { min: 10, max: 1 } }, 'min must not exceed max'],
    [{ errorRates: {} }, 'errorRates'],
  ])('refuses %j with a message naming the problem', (input, expected) => {
    expect(() => parseKinesisFaults(input, NOW)).toThrow(FaultsConfigError);
    expect(() => parseKinesisFaults(input, NOW)).toThrow(expected);
  });
});

describe('loadKinesisFaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kes-faults-'));

  it('reads and validates a JSON file', () => {
    const file = join(dir, 'faults.json');
    writeFileSync(file, JSON.stringify({ outages: [{ startsInMs: 5, durationMs: 10 }] }));

    expect(loadKinesisFaults(file, NOW).outages?.[0]?.startsAt).toBe(NOW + 5);
  });

  it('says which file is missing, is not JSON, or is invalid', () => {
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{ outages: ');
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ latencyMs: 'slow' }));

    expect(() => loadKinesisFaults(join(dir, 'missing.json'))).toThrow(
      /Cannot read the faults file .*missing\.json/,
    );
    expect(() => loadKinesisFaults(notJson)).toThrow(/broken\.json is not JSON/);
    expect(() => loadKinesisFaults(invalid)).toThrow(
      /Invalid Kinesis faults file .*invalid\.json[\s\S]*latencyMs/,
    );
  });
});
