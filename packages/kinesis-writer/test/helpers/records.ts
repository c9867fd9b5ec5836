import type { PutInput } from '../../src';

/** Record `index` of `partitionKey`; its data (`key#index`) says which it is when read back. */
export const recordFor = (partitionKey: string, index: number): PutInput => ({
  partitionKey,
  data: Buffer.from(`${partitionKey}#${index}`, 'utf8'),
});

/** The data a test expects for records `0..count-1` of `partitionKey`, in order. */
export const expectedData = (partitionKey: string, count: number): string[] =>
  Array.from({ length: count }, (_, index) => `${partitionKey}#${index}`);
