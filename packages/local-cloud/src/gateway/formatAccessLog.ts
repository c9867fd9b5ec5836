export interface AccessLogFields {
  requestId: string;
  sourceIp: string;
  requestTime: Date;
  httpMethod: string;
  path: string;
  routeKey: string;
  status: number;
  protocol: string;
  responseLength: number;
  latencyMs: number;
}

const clfTime = (date: Date): string => {
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${month}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
};

/**
 * One access-log line in the stage's `AccessLogSettings.Format` (the `$context` variables we know are
 * substituted), or a JSON line with every field when the stage has no format.
 */
export const formatAccessLog = (format: string | undefined, fields: AccessLogFields): string => {
  const values: Record<string, string> = {
    requestId: fields.requestId,
    'identity.sourceIp': fields.sourceIp,
    requestTime: clfTime(fields.requestTime),
    requestTimeEpoch: String(fields.requestTime.getTime()),
    httpMethod: fields.httpMethod,
    path: fields.path,
    routeKey: fields.routeKey,
    status: String(fields.status),
    protocol: fields.protocol,
    responseLength: String(fields.responseLength),
    responseLatency: String(fields.latencyMs),
    integrationLatency: String(fields.latencyMs),
  };
  if (!format) return JSON.stringify(values);
  return format.replace(/\$context\.([A-Za-z.]+)/g, (whole, name: string) => values[name] ?? whole);
};
