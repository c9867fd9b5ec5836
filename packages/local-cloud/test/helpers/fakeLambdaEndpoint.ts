// Tests use the same in-process function endpoint as the benchmarks and experiments.
export {
  type FunctionEndpoint as FakeLambdaEndpoint,
  type FunctionHandler as FakeHandler,
  startFunctionEndpoint as startFakeLambdaEndpoint,
} from '../../src/testing/functionEndpoint';
