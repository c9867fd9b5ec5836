export {
  type AwsClients,
  type ClientEnvironment,
  type ClientOverrides,
  createAwsClients,
} from './createAwsClients';
export { requireEnv } from './requireEnv';
