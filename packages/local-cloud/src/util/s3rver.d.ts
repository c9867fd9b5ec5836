declare module 's3rver' {
  interface S3rverOptions {
    address?: string;
    port?: number;
    directory?: string;
    silent?: boolean;
    vhostBuckets?: boolean;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    configureBuckets?: Array<{ name: string; configs?: string[] }>;
  }
  class S3rver {
    public constructor(options?: S3rverOptions);
    public run(): Promise<{ address: string; port: number; family: string }>;
    public close(): Promise<void>;
  }
  export default S3rver;
}
