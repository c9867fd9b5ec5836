import { httpRecordProvider } from './httpRecordProvider';

/** Example provider "globex": same API shape as acme, its own module so its logic can diverge. */
export const globex = httpRecordProvider(
  (recordId) => `/records/${encodeURIComponent(recordId)}?source=globex`,
);
