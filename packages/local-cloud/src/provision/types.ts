/** A CloudFormation template as `serverless package` writes it (JSON). */
export interface Template {
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  Parameters?: Record<string, { Default?: unknown }>;
}

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
}

/** What a provisioned resource answers to `Ref` and `Fn::GetAtt`. */
export interface PhysicalResource {
  ref: string;
  attributes: Record<string, string>;
}

/** The account every local ARN carries. */
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_PARTITION = 'aws';
