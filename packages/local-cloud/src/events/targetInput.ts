import type { ScheduledEvent } from './scheduledEvent';
import type { InputTransformer, ScheduleDefinition, ScheduleTarget } from './types';

/** A value of `event` at a simple JSONPath: `$`, `$.detail.state`, `$.resources[0]`, `$['detail-type']`. */
export const selectPath = (event: unknown, path: string): unknown => {
  if (!path.startsWith('$')) return undefined;
  const segments = [...path.slice(1).matchAll(/\.([^.[\]]+)|\[(\d+)\]|\['([^']+)'\]/g)].map(
    (match) => match[1] ?? match[3] ?? Number(match[2]),
  );
  let value: unknown = event;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
};

/**
 * EventBridge's input transformation: each `<name>` of the template becomes the value its path picks
 * (or a predefined `aws.events.*` variable). Inside a JSON string the value goes in as text; elsewhere as
 * JSON (a string with its quotes), so `{"state": <state>}` and `"state is <state>"` both stay valid JSON.
 */
export const transformInput = (
  transformer: InputTransformer,
  event: ScheduledEvent,
  rule: Pick<ScheduleDefinition, 'arn' | 'name'>,
): string => {
  const values = new Map<string, unknown>(
    Object.entries(transformer.inputPathsMap).map(([name, path]) => [name, selectPath(event, path)]),
  );
  values.set('aws.events.rule-arn', rule.arn);
  values.set('aws.events.rule-name', rule.name);
  values.set('aws.events.event.ingestion-time', event.time);
  values.set('aws.events.event', event);
  values.set('aws.events.event.json', event);
  let output = '';
  let inString = false;
  const template = transformer.inputTemplate;
  for (let index = 0; index < template.length; index++) {
    const char = template[index] as string;
    if (char === '"' && template[index - 1] !== '\\') inString = !inString;
    const placeholder = char === '<' ? /^<([A-Za-z0-9_.-]+)>/.exec(template.slice(index)) : null;
    if (placeholder?.[1] && values.has(placeholder[1])) {
      const value = values.get(placeholder[1]) ?? null;
      const json = JSON.stringify(value);
      output += inString
        ? typeof value === 'string'
          ? json.slice(1, -1)
          : JSON.stringify(json).slice(1, -1)
        : json;
      index += placeholder[0].length - 1;
    } else output += char;
  }
  return output;
};

/** Thrown when a target's transformed input is not JSON (a Lambda function only takes JSON). */
export class TargetInputError extends Error {
  public readonly code = 'INVALID_TARGET_INPUT';

  public constructor(message: string) {
    super(message);
    this.name = 'TargetInputError';
  }
}

/**
 * What `target` receives for `event`: its constant `Input`, the part `InputPath` selects, its
 * `InputTransformer`'s output, or else the event itself.
 *
 * @example
 * targetPayload({ id: 't', functionName: 'f', functionArn: arn, inputPath: '$.time' }, event, rule); // '2026-11-22T10:15:00Z'
 */
export const targetPayload = (
  target: ScheduleTarget,
  event: ScheduledEvent,
  schedule: Pick<ScheduleDefinition, 'arn' | 'name'>,
): unknown => {
  if (target.input !== undefined) return JSON.parse(target.input);
  if (target.inputPath !== undefined) return selectPath(event, target.inputPath) ?? null;
  if (target.inputTransformer) {
    const text = transformInput(target.inputTransformer, event, schedule);
    try {
      return JSON.parse(text);
    } catch {
      throw new TargetInputError(`target ${target.id}: the InputTransformer's output is not JSON: ${text}`);
    }
  }
  return event;
};
