export { type AwsClients, type ClientEnvironment, createAwsClients } from './createAwsClients';
export { requireEnv } from './requireEnv';
