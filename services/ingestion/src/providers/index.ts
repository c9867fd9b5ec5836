import { acme } from './acme';
import { globex } from './globex';
import { initech } from './initech';
import type { RecordProvider } from './types';

/** One module per provider; the deployment's `provider` param picks one. */
const PROVIDERS: Record<string, RecordProvider> = { acme, globex, initech };

/** The provider names this code knows (a deployment's `provider` param must be one). */
export const providerNames = (): string[] => Object.keys(PROVIDERS);

export const providerNamed = (name: string): RecordProvider => {
  const found = Object.hasOwn(PROVIDERS, name) ? PROVIDERS[name] : undefined;
  if (!found) throw new Error(`unknown provider "${name}" (known: ${providerNames().join(', ')})`);
  return found;
};
