import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { runReplayEventSchema } from '../../api/schemas';
import { replayRunner, startRunner, yieldMarginMs } from '../../deps';
import { runReplay } from './runReplay';

const logger = new Logger();

export const handler = (event: unknown, context: Context) =>
  runReplay({
    runnerFor: replayRunner,
    startRunner: startRunner(),
    marginMs: yieldMarginMs(),
    log: (message, fields) => logger.info(message, fields),
  })(runReplayEventSchema.parse(event), context);
