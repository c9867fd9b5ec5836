import { Logger } from '@aws-lambda-powertools/logger';
import { createAwsClients, once } from '@kes/aws-clients';
import { createMapperHandler } from './createMapperHandler';

// maxAttempts 1: the mapper retries itself with full jitter within the invocation's time budget; the
// SDK's own retries would spend that budget without telling it. AWS_ENDPOINT_URL_LAMBDA (local cloud)
// is honoured by createAwsClients.
const lambda = once(() => createAwsClients(process.env, { lambdaMaxAttempts: 1 }).lambda);

/** The deployed handler of `Custom::EventSourceMapping` (the function the Serverless plugin adds). */
export const handler = createMapperHandler({
  lambda,
  logger: new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'esm-mapper' }),
});
