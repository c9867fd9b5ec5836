export {
  type AwsClients,
  type ClientEnvironment,
  type ClientOverrides,
  createAwsClients,
} from './createAwsClients';
export { once } from './once';
export { requireEnv } from './requireEnv';
