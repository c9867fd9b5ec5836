import { acme } from './acme';
import { globex } from './globex';
import { initech } from './initech';
import type { RecordProvider } from './types';

/** One module per provider; the deployment's `provider` param picks one. */
const PROVIDERS: Record<string, RecordProvider> = { acme, globex, initech };

export const providerNamed = (name: string): RecordProvider => {
  const found = PROVIDERS[name];
  if (!found) throw new Error(`unknown provider "${name}" (known: ${Object.keys(PROVIDERS).join(', ')})`);
  return found;
};
