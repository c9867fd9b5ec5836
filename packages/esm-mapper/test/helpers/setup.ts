import { createMapperHandler, type MapperLogger } from '../../src';
import { FakeLambda } from './FakeLambda';
import { fakeClock } from './fakeClock';
import { ResponseServer } from './ResponseServer';

/** A logger that keeps every line, to check what was (and was not) logged. */
export const memoryLogger = () => {
  const lines: Array<{ level: string; message: string; attributes: Record<string, unknown> }> = [];
  const log = (level: string) => (message: string, attributes: Record<string, unknown>) =>
    lines.push({ level, message, attributes });
  const logger: MapperLogger = { info: log('info'), warn: log('warn'), error: log('error') };
  return { logger, lines };
};

/** A handler wired to a fake Lambda API, a fake clock and a real local ResponseURL server. */
export const setup = async (options: { random?: () => number; safetyMarginMs?: number } = {}) => {
  const lambda = new FakeLambda();
  const clock = fakeClock();
  const server = await ResponseServer.start();
  const { logger, lines } = memoryLogger();
  const handler = createMapperHandler({
    lambda: () => lambda,
    logger,
    clock,
    random: options.random ?? (() => 0.5),
    safetyMarginMs: options.safetyMarginMs ?? 20_000,
    stabilizePollMs: 1_000,
  });
  return { lambda, clock, server, handler, lines };
};
