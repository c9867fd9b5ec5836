import { httpRecordProvider } from './httpRecordProvider';

/**
 * Example provider "initech": high volume, many calls at once, little tolerance for errors (its profile is
 * in serverless-compose.yml); same API shape as acme, its own module so its logic can diverge.
 */
export const initech = httpRecordProvider(
  (recordId) => `/records/${encodeURIComponent(recordId)}?source=initech`,
);
