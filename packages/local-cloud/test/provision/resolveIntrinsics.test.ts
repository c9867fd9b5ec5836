// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Fn::Sub templates are CloudFormation strings with ${...} placeholders, not JS templates
import { ProvisioningError, UnresolvedReferenceError } from '../../src/provision/errors';
import { NO_VALUE, resolveIntrinsics } from '../../src/provision/resolveIntrinsics';
import { provisioned, resolveContext } from '../helpers/resolveContext';

const WHERE = 'kes-posts-local.Projector';
const resolve = (value: unknown, context = resolveContext({ resources: provisioned })) =>
  resolveIntrinsics(value, context, WHERE);

/** The error `action` throws (fails the test if it throws nothing). */
const errorOf = (action: () => unknown): Error => {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

describe('resolveIntrinsics: plain values', () => {
  it('returns scalars, lists and objects without intrinsics unchanged', () => {
    const value = { Name: 'x', Count: 2, Enabled: true, Nothing: null, List: ['a', 1], Nested: { A: 'b' } };

    expect(resolve(value)).toEqual(value);
  });

  it('resolves intrinsics at any depth', () => {
    expect(
      resolve({
        Environment: { Variables: { STREAM: { Ref: 'PostsStream' } } },
        Arns: [{ 'Fn::GetAtt': ['PostsTable', 'Arn'] }],
      }),
    ).toEqual({
      Environment: { Variables: { STREAM: 'kes-posts-local-PostsStream-ABC' } },
      Arns: ['arn:aws:dynamodb:ddblocal:000000000000:table/posts'],
    });
  });

  it('treats an object with a Ref key among other keys as a plain object', () => {
    expect(resolve({ Ref: 'PostsStream', Other: 1 })).toEqual({ Ref: 'PostsStream', Other: 1 });
  });
});

describe('resolveIntrinsics: Ref', () => {
  it.each([
    ['AWS::Region', 'us-east-1'],
    ['AWS::AccountId', '000000000000'],
    ['AWS::Partition', 'aws'],
    ['AWS::StackName', 'kes-posts-local'],
    ['AWS::StackId', 'arn:aws:cloudformation:us-east-1:000000000000:stack/kes-posts-local/local'],
    ['AWS::URLSuffix', 'amazonaws.com'],
  ])('resolves the pseudo parameter %s', (name, expected) => {
    expect(resolve({ Ref: name })).toBe(expected);
  });

  it('resolves a resource to its physical name', () => {
    expect(resolve({ Ref: 'PostsTable' })).toBe('posts');
  });

  it('resolves a template parameter to its value', () => {
    expect(resolve({ Ref: 'Stage' }, resolveContext({ parameters: { Stage: 'local' } }))).toBe('local');
  });

  it('throws UnresolvedReferenceError for a resource not provisioned yet, naming it and where', () => {
    const error = errorOf(() => resolve({ Ref: 'CommentsTable' }));

    expect(error).toBeInstanceOf(UnresolvedReferenceError);
    expect(error).toMatchObject({ code: 'UNRESOLVED_REFERENCE', reference: 'Ref CommentsTable' });
    expect(error.message).toBe('kes-posts-local.Projector: cannot resolve Ref CommentsTable');
  });
});

describe('resolveIntrinsics: AWS::NoValue', () => {
  it('drops a property whose value is Ref AWS::NoValue', () => {
    expect(resolve({ TableName: 'posts', KmsKey: { Ref: 'AWS::NoValue' } })).toEqual({ TableName: 'posts' });
  });

  it('drops a list item whose value is Ref AWS::NoValue', () => {
    expect(resolve(['a', { Ref: 'AWS::NoValue' }, 'b'])).toEqual(['a', 'b']);
  });

  it('returns the NO_VALUE marker on its own', () => {
    expect(resolve({ Ref: 'AWS::NoValue' })).toBe(NO_VALUE);
  });
});

describe('resolveIntrinsics: Fn::GetAtt', () => {
  it('resolves the list form', () => {
    expect(resolve({ 'Fn::GetAtt': ['PostsTable', 'StreamArn'] })).toBe(
      'arn:aws:dynamodb:ddblocal:000000000000:table/posts/stream/2026-01-01T00:00:00.000',
    );
  });

  it('resolves the dotted form', () => {
    expect(resolve({ 'Fn::GetAtt': 'PostsStream.Arn' })).toBe(
      'arn:aws:kinesis:us-east-1:000000000000:stream/kes-posts-local-PostsStream-ABC',
    );
  });

  it('keeps the dots of an attribute name that has some', () => {
    const context = resolveContext({
      resources: { Db: { ref: 'db', attributes: { 'Endpoint.Address': 'host' } } },
    });

    expect(resolve({ 'Fn::GetAtt': 'Db.Endpoint.Address' }, context)).toBe('host');
    expect(resolve({ 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }, context)).toBe('host');
  });

  it('throws UnresolvedReferenceError for an unknown resource or an attribute it does not have', () => {
    expect(() => resolve({ 'Fn::GetAtt': ['Missing', 'Arn'] })).toThrow(UnresolvedReferenceError);
    expect(() => resolve({ 'Fn::GetAtt': ['PostsStream', 'StreamArn'] })).toThrow(
      'cannot resolve Fn::GetAtt PostsStream.StreamArn',
    );
  });
});

describe('resolveIntrinsics: Fn::Sub', () => {
  it('substitutes pseudo parameters and resource names in a string', () => {
    expect(
      resolve({
        'Fn::Sub': 'arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${PostsStream}',
      }),
    ).toBe('arn:aws:kinesis:us-east-1:000000000000:stream/kes-posts-local-PostsStream-ABC');
  });

  it('substitutes ${Resource.Attribute} with the attribute', () => {
    expect(resolve({ 'Fn::Sub': '${PostsTable.Arn}/index/*' })).toBe(
      'arn:aws:dynamodb:ddblocal:000000000000:table/posts/index/*',
    );
  });

  it('substitutes variables given in the list form, which may themselves be intrinsics', () => {
    expect(
      resolve({
        'Fn::Sub': ['${Table}-${Suffix}@${AWS::Region}', { Table: { Ref: 'PostsTable' }, Suffix: 'copy' }],
      }),
    ).toBe('posts-copy@us-east-1');
  });

  it('lets a variable of the list form win over a resource of the same name', () => {
    expect(resolve({ 'Fn::Sub': ['${PostsTable}', { PostsTable: 'override' }] })).toBe('override');
  });

  it('returns a string without variables unchanged', () => {
    expect(resolve({ 'Fn::Sub': 'plain text' })).toBe('plain text');
  });

  it('writes ${!Literal} as the literal ${Literal}', () => {
    expect(resolve({ 'Fn::Sub': 'echo ${!HOME} in ${AWS::Region}' })).toBe('echo ${HOME} in us-east-1');
  });

  it('throws UnresolvedReferenceError for a variable it cannot resolve', () => {
    expect(() => resolve({ 'Fn::Sub': 'x-${Unknown}' })).toThrow(UnresolvedReferenceError);
    expect(() => resolve({ 'Fn::Sub': '${Unknown.Arn}' })).toThrow('cannot resolve Fn::GetAtt Unknown.Arn');
  });
});

describe('resolveIntrinsics: Fn::Join, Fn::Select, Fn::Split, Fn::Base64', () => {
  it('joins resolved parts with the delimiter', () => {
    expect(
      resolve({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'PostsTable' }]] }),
    ).toBe('arn:aws:s3:::posts');
    expect(resolve({ 'Fn::Join': [',', ['a', 1, true]] })).toBe('a,1,true');
  });

  it('leaves AWS::NoValue parts out of a join', () => {
    expect(resolve({ 'Fn::Join': ['-', ['a', { Ref: 'AWS::NoValue' }, 'b']] })).toBe('a-b');
  });

  it('selects an item of a list by index', () => {
    expect(resolve({ 'Fn::Select': [1, ['a', { Ref: 'PostsTable' }, 'c']] })).toBe('posts');
    expect(resolve({ 'Fn::Select': ['0', ['a', 'b']] })).toBe('a');
  });

  it('splits a resolved string', () => {
    expect(resolve({ 'Fn::Split': ['/', { 'Fn::GetAtt': ['PostsTable', 'StreamArn'] }] })).toEqual([
      'arn:aws:dynamodb:ddblocal:000000000000:table',
      'posts',
      'stream',
      '2026-01-01T00:00:00.000',
    ]);
  });

  it('selects from a split, as templates do to take a part of an ARN', () => {
    expect(
      resolve({ 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::GetAtt': ['PostsStream', 'Arn'] }] }] }),
    ).toBe('kes-posts-local-PostsStream-ABC');
  });

  it('base64-encodes a resolved string', () => {
    expect(resolve({ 'Fn::Base64': { 'Fn::Sub': '#!/bin/sh\necho ${AWS::Region}' } })).toBe(
      Buffer.from('#!/bin/sh\necho us-east-1').toString('base64'),
    );
  });

  it('throws a ProvisioningError when Fn::Join or Fn::Select is not given a list', () => {
    expect(errorOf(() => resolve({ 'Fn::Join': [',', 'not a list'] }))).toMatchObject({ code: 'BAD_JOIN' });
    expect(errorOf(() => resolve({ 'Fn::Select': [0, 'not a list'] }))).toMatchObject({ code: 'BAD_SELECT' });
  });

  it('throws NOT_A_STRING when a part that must be a string is an object', () => {
    const error = errorOf(() => resolve({ 'Fn::Join': ['', [{ a: 1 }]] }));

    expect(error).toBeInstanceOf(ProvisioningError);
    expect(error).toMatchObject({ code: 'NOT_A_STRING' });
    expect(error.message).toContain(WHERE);
  });
});

describe('resolveIntrinsics: Fn::ImportValue', () => {
  const context = resolveContext({
    resources: provisioned,
    exports: {
      'kes-members-local-MembersStreamArn': 'arn:aws:kinesis:us-east-1:000000000000:stream/members',
    },
  });

  it('resolves an export of a stack provisioned before', () => {
    expect(resolve({ 'Fn::ImportValue': 'kes-members-local-MembersStreamArn' }, context)).toBe(
      'arn:aws:kinesis:us-east-1:000000000000:stream/members',
    );
  });

  it('resolves an export name built with an intrinsic', () => {
    expect(
      resolve(
        { 'Fn::ImportValue': { 'Fn::Sub': 'kes-members-${AWS::StackName}' } },
        resolveContext({
          exports: { 'kes-members-kes-posts-local': 'value' },
        }),
      ),
    ).toBe('value');
  });

  it('throws UnresolvedReferenceError for an export no stack has made', () => {
    const error = errorOf(() => resolve({ 'Fn::ImportValue': 'kes-missing-Export' }, context));

    expect(error).toBeInstanceOf(UnresolvedReferenceError);
    expect(error.message).toBe(`${WHERE}: cannot resolve Fn::ImportValue kes-missing-Export`);
  });
});

describe('resolveIntrinsics: unsupported functions', () => {
  it.each(['Fn::If', 'Fn::FindInMap', 'Fn::GetAZs', 'Fn::Cidr'])(
    'throws a ProvisioningError UNSUPPORTED_INTRINSIC for %s, naming it and where',
    (name) => {
      const error = errorOf(() => resolve({ Value: { [name]: ['a', 'b', 'c'] } }));

      expect(error).toBeInstanceOf(ProvisioningError);
      expect(error).not.toBeInstanceOf(UnresolvedReferenceError);
      expect(error).toMatchObject({ code: 'UNSUPPORTED_INTRINSIC' });
      expect(error.message).toBe(`${WHERE}: ${name} is not supported by the local cloud`);
    },
  );
});
