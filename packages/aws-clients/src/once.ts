/**
 * Builds a value on first use and keeps it: handlers create clients and read their environment when first
 * invoked (once per cold start), not when a test imports the module.
 *
 * @example
 * const store = once(() => new PostsStore(createAwsClients().documents, requireEnv('POSTS_TABLE')));
 * export const handler = httpRoute({ handler: () => store().list() });
 */
export const once = <T>(build: () => T): (() => T) => {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
};
