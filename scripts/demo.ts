import { demoIngestion, INGESTION_DEMO_USAGE } from './demos/ingestion';
import { rebuildPosts } from './demos/rebuildPosts';
import { runSubcommand } from './lib/subcommands';

/**
 * `npm run demo -- <name> [options]`: demos run a story end to end in the local cloud (the one `npm start`
 * starts, or their own), print what happens as it happens, write charts under reports/ and end with a
 * check of the outcome (exit 1 when it fails).
 */
runSubcommand('demo', {
  // Each demo registers here: name → { usage, run } from scripts/demos/<name>.ts.
  ingestion: { usage: INGESTION_DEMO_USAGE, run: demoIngestion },
  'rebuild-posts': rebuildPosts,
});
