import { parseParamOverrides } from '../../src/cli/parseParamOverrides';

describe('parseParamOverrides (--param service.name=value)', () => {
  it('groups params by compose service', () => {
    expect(
      parseParamOverrides([
        'ingestion-acme.probeInitialMs=20000',
        'ingestion-acme.probeMaxMs=40000',
        'ingestion-globex.providerBaseUrl=http://127.0.0.1:4999',
      ]),
    ).toEqual({
      'ingestion-acme': { probeInitialMs: '20000', probeMaxMs: '40000' },
      'ingestion-globex': { providerBaseUrl: 'http://127.0.0.1:4999' },
    });
  });

  it('keeps everything after the first = in the value, an empty value included', () => {
    expect(parseParamOverrides(['a.url=http://x/?q=1', 'a.empty='])).toEqual({
      a: { url: 'http://x/?q=1', empty: '' },
    });
  });

  it('rejects an option without a service or a value, saying the expected form', () => {
    expect(() => parseParamOverrides(['probeInitialMs=20000'])).toThrow(
      '--param probeInitialMs=20000: expected <compose service>.<param>=<value>',
    );
    expect(() => parseParamOverrides(['ingestion-acme.probeInitialMs'])).toThrow('expected');
  });
});
