import { rmSync } from 'node:fs';
import type { LocalCloud } from '@kes/local-cloud';

export default async function globalTeardown(): Promise<void> {
  const cloud = (globalThis as { __KES_CLOUD__?: LocalCloud }).__KES_CLOUD__;
  if (!cloud) return;
  await cloud.stop();
  if (!process.env.KES_E2E_KEEP_DATA) rmSync(cloud.dataDir, { recursive: true, force: true });
}
