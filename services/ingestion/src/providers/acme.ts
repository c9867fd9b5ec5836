import { httpRecordProvider } from './httpRecordProvider';

/** Example provider "acme": one record per `GET /records/{id}` (the provider simulator's API). */
export const acme = httpRecordProvider((recordId) => `/records/${encodeURIComponent(recordId)}`);
