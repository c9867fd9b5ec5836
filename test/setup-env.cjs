// The AWS SDK warns about Node 20 on every client; the code also runs on Lambda's nodejs22.x.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_REGION ??= 'us-east-1';
