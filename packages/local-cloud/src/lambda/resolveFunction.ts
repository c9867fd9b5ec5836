import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../provision/types';
import type { LocalFunction } from './types';

/** `name`, `name:qualifier`, `123456789012:function:name[:qualifier]` or a full ARN, as Lambda accepts. */
const FUNCTION_REF =
  /^(?:arn:aws[a-zA-Z-]*:lambda:(?<region>[a-z0-9-]+):(?<arnAccount>\d{12}):function:|(?<account>\d{12}):function:)?(?<name>[a-zA-Z0-9_-]{1,140})(?::(?<qualifier>\$LATEST|[a-zA-Z0-9_-]{1,128}))?$/;

/**
 * The function a `FunctionName` parameter names (a name, a partial or a full ARN), or `undefined` when
 * the local Lambda has no such function. Only `$LATEST` exists locally: any other qualifier (a version, an
 * alias) names nothing.
 *
 * @example
 * resolveFunction(functions, 'arn:aws:lambda:us-east-1:000000000000:function:kes-posts-local-projector');
 */
export const resolveFunction = (
  functions: Iterable<LocalFunction>,
  reference: string,
): LocalFunction | undefined => {
  const groups = FUNCTION_REF.exec(reference)?.groups;
  if (!groups?.name) return undefined;
  const account = groups.arnAccount ?? groups.account;
  if (account !== undefined && account !== LOCAL_ACCOUNT_ID) return undefined;
  if (groups.region !== undefined && groups.region !== LOCAL_REGION) return undefined;
  if (groups.qualifier !== undefined && groups.qualifier !== '$LATEST') return undefined;
  for (const fn of functions) if (fn.functionName === groups.name) return fn;
  return undefined;
};

/** The unqualified ARN Lambda reports for a function name (in error messages, for unknown functions too). */
export const functionArnOf = (reference: string): string => {
  if (reference.startsWith('arn:')) return reference;
  if (/^\d{12}:function:/.test(reference)) return `arn:aws:lambda:${LOCAL_REGION}:${reference}`;
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${reference}`;
};
