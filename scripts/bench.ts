import { benchDelivery, DELIVERY_USAGE } from './bench/delivery';
import { benchE2e, E2E_USAGE } from './bench/e2e';
import { benchEnqueue, ENQUEUE_USAGE } from './bench/enqueue';
import { benchEventStore, EVENT_STORE_USAGE } from './bench/eventStore';
import { benchIdle, IDLE_USAGE } from './bench/idle';
import { benchIngestion, INGESTION_USAGE } from './bench/ingestion';
import { benchLimits, LIMITS_USAGE } from './bench/limits';
import { benchReplay, REPLAY_USAGE } from './bench/replay';
import { runSubcommand } from './lib/subcommands';

/**
 * `npm run bench -- <name> [options]`: benchmarks print their figures (and, where a peer exists, the
 * peer measured in the same run) and write a JSON report and charts under reports/. Results worth
 * keeping go to docs/benchmarks.md with the machine and date.
 */
runSubcommand('bench', {
  e2e: { usage: E2E_USAGE, run: benchE2e },
  delivery: { usage: DELIVERY_USAGE, run: benchDelivery },
  limits: { usage: LIMITS_USAGE, run: benchLimits },
  ingestion: { usage: INGESTION_USAGE, run: benchIngestion },
  'event-store': { usage: EVENT_STORE_USAGE, run: benchEventStore },
  replay: { usage: REPLAY_USAGE, run: benchReplay },
  idle: { usage: IDLE_USAGE, run: benchIdle },
  enqueue: { usage: ENQUEUE_USAGE, run: benchEnqueue },
});
