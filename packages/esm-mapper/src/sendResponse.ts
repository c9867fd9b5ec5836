import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ResponseDeliveryError } from './errors';
import type { Clock, CustomResourceResponse } from './types';

export interface SendResponseOptions {
  attempts: number;
  attemptTimeoutMs: number;
  clock: Clock;
}

const putOnce = (url: URL, body: string, timeoutMs: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const request = (url.protocol === 'http:' ? httpRequest : httpsRequest)(
      url,
      {
        method: 'PUT',
        // A pre-signed S3 URL is signed for an empty content type: any other value fails the signature.
        headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (response) => {
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`ResponseURL answered HTTP ${status}`));
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });

/**
 * PUTs the custom resource's answer to CloudFormation's pre-signed ResponseURL, retrying a few times
 * (network errors, 5xx, timeouts) since CloudFormation waits up to an hour for an answer that never
 * comes.
 *
 * @throws ResponseDeliveryError when every attempt failed.
 * @example
 * await sendResponse(event.ResponseURL, { Status: 'SUCCESS', ... }, { attempts: 3, attemptTimeoutMs: 5_000, clock });
 */
export const sendResponse = async (
  responseUrl: string,
  response: CustomResourceResponse,
  options: SendResponseOptions,
): Promise<void> => {
  const url = new URL(responseUrl);
  const body = JSON.stringify(response);
  let lastError: unknown;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      await putOnce(url, body, options.attemptTimeoutMs);
      return;
    } catch (error) {
      lastError = error;
      if (attempt < options.attempts) await options.clock.sleep(250 * 2 ** (attempt - 1));
    }
  }
  throw new ResponseDeliveryError(options.attempts, lastError);
};
