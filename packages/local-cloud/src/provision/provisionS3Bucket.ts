import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { generatedBucketName } from './physicalNames';
import type { PhysicalResource } from './types';

export interface BucketProvisioningContext {
  s3: S3Client;
  stackName: string;
  logicalId: string;
  region: string;
}

/** Creates (or finds) the bucket an `AWS::S3::Bucket` declares. Policies, encryption and lifecycle are not emulated. */
export const provisionS3Bucket = async (
  props: Record<string, unknown>,
  ctx: BucketProvisioningContext,
): Promise<PhysicalResource> => {
  const name = (props.BucketName as string | undefined) ?? generatedBucketName(ctx.stackName, ctx.logicalId);
  try {
    await ctx.s3.send(new CreateBucketCommand({ Bucket: name }));
  } catch (error) {
    const code = (error as Error).name;
    if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw error;
  }
  return {
    ref: name,
    attributes: {
      Arn: `arn:aws:s3:::${name}`,
      DomainName: `${name}.s3.amazonaws.com`,
      RegionalDomainName: `${name}.s3.${ctx.region}.amazonaws.com`,
    },
  };
};
