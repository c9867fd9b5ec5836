import type { Context } from 'aws-lambda';
import type { ErrorLogger, ErrorResponseBody, HttpResponse, RouteEvent } from '../../src';

/** The `error` object of an error response, parsed. */
export const errorOf = (response: HttpResponse): ErrorResponseBody['error'] => {
  if (response.body === undefined) throw new Error(`response ${response.statusCode} has no body`);
  return (JSON.parse(response.body) as ErrorResponseBody).error;
};

/** The parsed JSON body of a response. */
export const bodyOf = (response: HttpResponse): unknown => {
  if (response.body === undefined) throw new Error(`response ${response.statusCode} has no body`);
  return JSON.parse(response.body);
};

/** A logger that remembers what it was asked to log. */
export interface RecordingLogger extends ErrorLogger {
  readonly calls: unknown[][];
}

export const recordingLogger = (): RecordingLogger => {
  const calls: unknown[][] = [];
  return {
    calls,
    error: (...args: unknown[]) => {
      calls.push(args);
    },
  };
};

/** What any route handler receives, loosely typed, so one spy fits every route. */
export interface AnyRouteInput {
  body: unknown;
  path: unknown;
  query: unknown;
  memberId: string | undefined;
  event: RouteEvent;
  context: Context;
}

/** A route handler that records its inputs and returns `result`. */
export const spyHandler = (result: unknown = null) => jest.fn(async (_input: AnyRouteInput) => result);

/** The input of the `call`-th invocation of a spy handler; fails the test if there was none. */
export const inputOf = (handler: ReturnType<typeof spyHandler>, call = 0): AnyRouteInput => {
  const input = handler.mock.calls[call]?.[0];
  if (!input) throw new Error(`the handler was called ${handler.mock.calls.length} times, not ${call + 1}`);
  return input;
};
