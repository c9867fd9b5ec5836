/**
 * A deterministic Zipf-like sample: the key of rank r (`${prefix}-r`, from 1) appears
 * round(head / r^exponent) times, so a few keys dominate as real traffic does.
 */
export const zipfSample = ({
  distinctKeys,
  head,
  exponent = 1,
  prefix = 'user',
}: {
  distinctKeys: number;
  head: number;
  exponent?: number;
  prefix?: string;
}): string[] => {
  const keys: string[] = [];
  for (let rank = 1; rank <= distinctKeys; rank += 1) {
    const count = Math.max(1, Math.round(head / rank ** exponent));
    for (let i = 0; i < count; i += 1) keys.push(`${prefix}-${rank}`);
  }
  return keys;
};

/** `key` repeated `count` times. */
export const repeat = (key: string, count: number): string[] => Array.from({ length: count }, () => key);
