/**
 * `--param <service>.<name>=<value>` options → params per compose entry, over serverless-compose.yml's.
 * Throws on a malformed one, saying what is expected.
 *
 * @example
 * parseParamOverrides(['ingestion-acme.probeInitialMs=20000']);
 * // { 'ingestion-acme': { probeInitialMs: '20000' } }
 */
export const parseParamOverrides = (options: readonly string[]): Record<string, Record<string, string>> => {
  const params: Record<string, Record<string, string>> = {};
  for (const option of options) {
    const match = /^([^.=\s]+)\.([^=\s]+)=(.*)$/.exec(option);
    if (!match)
      throw new Error(
        `--param ${option}: expected <compose service>.<param>=<value>, e.g. ingestion-acme.probeInitialMs=20000`,
      );
    const [, service, name, value] = match as unknown as [string, string, string, string];
    params[service] = { ...params[service], [name]: value };
  }
  return params;
};
