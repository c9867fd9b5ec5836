import { notFoundRoute } from '@kes/http-api';

/** The HTTP API's `$default` route: any path no service claimed gets a JSON 404 that names it. */
export const handler = notFoundRoute({ name: 'notFound' });
