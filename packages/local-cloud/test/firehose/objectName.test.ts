import { objectName } from '../../src/firehose/objectName';

describe('objectName', () => {
  it("follows Firehose's <name>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid><extension> with the oldest arrival in UTC", () => {
    const name = objectName({
      deliveryStreamName: 'kes-dev-lake-claps',
      version: 3,
      arrivalMs: Date.UTC(2026, 6, 9, 22, 7, 1, 999),
      uuid: '0b6c6d9e-5d3a-4f7e-9a51-7f3c2b1a0e9d',
      extension: '.gz',
    });

    expect(name).toBe('kes-dev-lake-claps-3-2026-07-09-22-07-01-0b6c6d9e-5d3a-4f7e-9a51-7f3c2b1a0e9d.gz');
  });

  it('has no extension when none is given (uncompressed, no FileExtension)', () => {
    expect(objectName({ deliveryStreamName: 'd', version: 1, arrivalMs: 0, uuid: 'u', extension: '' })).toBe(
      'd-1-1970-01-01-00-00-00-u',
    );
  });
});
