import { experimentPriorities, PRIORITIES_USAGE } from './experiments/priorities';
import { runSubcommand } from './lib/subcommands';

/**
 * `npm run experiment -- <name> [options]`: experiments reproduce a finding (of the source articles or
 * our own) in the local cloud and write their data as CSV/JSON and charts under reports/.
 */
runSubcommand('experiment', {
  priorities: { usage: PRIORITIES_USAGE, run: experimentPriorities },
});
