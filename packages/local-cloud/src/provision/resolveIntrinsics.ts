import { ProvisioningError, UnresolvedReferenceError } from './errors';
import type { PhysicalResource } from './types';

/** What intrinsic functions resolve against, as CloudFormation would for one stack. */
export interface ResolveContext {
  stackName: string;
  region: string;
  accountId: string;
  partition: string;
  /** Resources provisioned so far, by logical id. */
  resources: ReadonlyMap<string, PhysicalResource>;
  /** Exports of the stacks provisioned before this one. */
  exports: ReadonlyMap<string, string>;
  parameters?: ReadonlyMap<string, string>;
}

/** Marker for `Ref: AWS::NoValue`: the property is dropped. */
export const NO_VALUE = Symbol('AWS::NoValue');

const pseudo = (name: string, ctx: ResolveContext): string | typeof NO_VALUE | undefined => {
  switch (name) {
    case 'AWS::Region':
      return ctx.region;
    case 'AWS::AccountId':
      return ctx.accountId;
    case 'AWS::Partition':
      return ctx.partition;
    case 'AWS::StackName':
      return ctx.stackName;
    case 'AWS::StackId':
      return `arn:${ctx.partition}:cloudformation:${ctx.region}:${ctx.accountId}:stack/${ctx.stackName}/local`;
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::NoValue':
      return NO_VALUE;
    default:
      return undefined;
  }
};

const ref = (name: string, ctx: ResolveContext, where: string): string | typeof NO_VALUE => {
  const value = pseudo(name, ctx) ?? ctx.parameters?.get(name) ?? ctx.resources.get(name)?.ref;
  if (value === undefined) throw new UnresolvedReferenceError(`Ref ${name}`, where);
  return value;
};

const getAtt = (logicalId: string, attribute: string, ctx: ResolveContext, where: string): string => {
  const value = ctx.resources.get(logicalId)?.attributes[attribute];
  if (value === undefined) throw new UnresolvedReferenceError(`Fn::GetAtt ${logicalId}.${attribute}`, where);
  return value;
};

const asString = (value: unknown, where: string): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ProvisioningError('NOT_A_STRING', `${where}: expected a string, got ${JSON.stringify(value)}`);
};

const sub = (
  template: string,
  variables: Record<string, unknown>,
  ctx: ResolveContext,
  where: string,
): string =>
  template.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    // `${!Literal}` is written as `${Literal}`.
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (name in variables) return asString(resolveIntrinsics(variables[name], ctx, where), where);
    if (name.includes('.')) {
      const [logicalId, ...attribute] = name.split('.');
      return getAtt(logicalId ?? '', attribute.join('.'), ctx, where);
    }
    return asString(ref(name, ctx, where), where);
  });

/**
 * Resolves the CloudFormation intrinsic functions our templates use (Ref, Fn::GetAtt, Fn::Sub,
 * Fn::Join, Fn::ImportValue, Fn::Select, Fn::Split, Fn::Base64) in `value`, recursively.
 * Throws {@link UnresolvedReferenceError} for a reference that is not known yet (the provisioner
 * retries the resource after others), and a {@link ProvisioningError} for anything unsupported.
 *
 * @example
 * resolveIntrinsics({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}' }, ctx, 'DeadLetterBucket');
 */
export const resolveIntrinsics = (value: unknown, ctx: ResolveContext, where: string): unknown => {
  if (Array.isArray(value)) {
    return value.map((item) => resolveIntrinsics(item, ctx, where)).filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const [key, arg] = entries[0] ?? [];
  if (entries.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::'))) {
    switch (key) {
      case 'Ref':
        return ref(asString(arg, where), ctx, where);
      case 'Fn::GetAtt': {
        const [logicalId, ...attribute] = Array.isArray(arg)
          ? arg.map(String)
          : asString(arg, where).split('.');
        return getAtt(logicalId ?? '', attribute.join('.'), ctx, where);
      }
      case 'Fn::Sub': {
        if (typeof arg === 'string') return sub(arg, {}, ctx, where);
        const [template, variables] = arg as [string, Record<string, unknown>];
        return sub(template, variables ?? {}, ctx, where);
      }
      case 'Fn::Join': {
        const [delimiter, parts] = arg as [string, unknown[]];
        const resolved = resolveIntrinsics(parts, ctx, where);
        if (!Array.isArray(resolved))
          throw new ProvisioningError('BAD_JOIN', `${where}: Fn::Join needs a list`);
        return resolved.map((part) => asString(part, where)).join(delimiter);
      }
      case 'Fn::ImportValue': {
        const name = asString(resolveIntrinsics(arg, ctx, where), where);
        const exported = ctx.exports.get(name);
        if (exported === undefined) throw new UnresolvedReferenceError(`Fn::ImportValue ${name}`, where);
        return exported;
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const items = resolveIntrinsics(list, ctx, where);
        if (!Array.isArray(items))
          throw new ProvisioningError('BAD_SELECT', `${where}: Fn::Select needs a list`);
        return items[Number(resolveIntrinsics(index, ctx, where))];
      }
      case 'Fn::Split': {
        const [delimiter, source] = arg as [string, unknown];
        return asString(resolveIntrinsics(source, ctx, where), where).split(delimiter);
      }
      case 'Fn::Base64':
        return Buffer.from(asString(resolveIntrinsics(arg, ctx, where), where)).toString('base64');
      default:
        throw new ProvisioningError(
          'UNSUPPORTED_INTRINSIC',
          `${where}: ${key} is not supported by the local cloud`,
        );
    }
  }
  const result: Record<string, unknown> = {};
  for (const [name, item] of entries) {
    const resolved = resolveIntrinsics(item, ctx, where);
    if (resolved !== NO_VALUE) result[name] = resolved;
  }
  return result;
};
