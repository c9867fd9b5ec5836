/**
 * Reads an environment variable that must be set, once, with a message that names it.
 *
 * @example
 * const tableName = requireEnv('CLAPS_TABLE');
 */
export const requireEnv = (name: string, env: NodeJS.ProcessEnv = process.env): string => {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new Error(`Environment variable ${name} is not set (it comes from the function's serverless.yml)`);
  }
  return value;
};
