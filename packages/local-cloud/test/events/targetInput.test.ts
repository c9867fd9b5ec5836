import { scheduledEvent } from '../../src/events/scheduledEvent';
import { selectPath, targetPayload, transformInput } from '../../src/events/targetInput';
import type { ScheduleTarget } from '../../src/events/types';

const RULE_ARN =
  'arn:aws:events:us-east-1:000000000000:rule/kes-ingestion-acme-local-TickEventsRuleSchedule1-ABC';
const rule = {
  kind: 'rule' as const,
  arn: RULE_ARN,
  name: 'kes-ingestion-acme-local-TickEventsRuleSchedule1-ABC',
};
const where = { account: '000000000000', region: 'us-east-1' };
const event = scheduledEvent(rule, Date.parse('2026-11-22T10:15:00.250Z'), 'id-1', where);
const target = (extra: Partial<ScheduleTarget> = {}): ScheduleTarget => ({
  id: 'tickSchedule',
  functionName: 'kes-ingestion-acme-local-tick',
  functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:kes-ingestion-acme-local-tick',
  ...extra,
});

describe('scheduledEvent', () => {
  it('is the "Scheduled Event" EventBridge sends, the time to the second', () => {
    expect(event).toEqual({
      version: '0',
      id: 'id-1',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: '2026-11-22T10:15:00Z',
      region: 'us-east-1',
      resources: [RULE_ARN],
      detail: {},
    });
  });

  it('is EventBridge Scheduler’s default payload for a schedule: source aws.scheduler, detail the string "{}"', () => {
    const schedule = {
      kind: 'scheduler' as const,
      arn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/default/s',
    };
    expect(scheduledEvent(schedule, 0, 'id-2', where)).toMatchObject({
      source: 'aws.scheduler',
      'detail-type': 'Scheduled Event',
      resources: [schedule.arn],
      detail: '{}',
    });
  });
});

describe('targetPayload', () => {
  it('is the event itself without Input, InputPath or InputTransformer', () => {
    expect(targetPayload(target(), event, rule)).toBe(event);
  });

  it('is the constant Input, parsed', () => {
    expect(targetPayload(target({ input: '{"mode":"probe","limit":5}' }), event, rule)).toEqual({
      mode: 'probe',
      limit: 5,
    });
  });

  it('is the part of the event InputPath selects', () => {
    expect(targetPayload(target({ inputPath: '$.detail' }), event, rule)).toEqual({});
    expect(targetPayload(target({ inputPath: '$.resources[0]' }), event, rule)).toBe(RULE_ARN);
    expect(targetPayload(target({ inputPath: "$['detail-type']" }), event, rule)).toBe('Scheduled Event');
    expect(targetPayload(target({ inputPath: '$.nothing.here' }), event, rule)).toBeNull();
  });

  it('is the InputTransformer’s template filled with the picked values, as JSON', () => {
    const transformer = {
      inputPathsMap: { time: '$.time', resources: '$.resources' },
      inputTemplate:
        '{"at": <time>, "note": "fired at <time> by <aws.events.rule-name>", "arns": <resources>}',
    };
    expect(targetPayload(target({ inputTransformer: transformer }), event, rule)).toEqual({
      at: '2026-11-22T10:15:00Z',
      note: `fired at 2026-11-22T10:15:00Z by ${rule.name}`,
      arns: [RULE_ARN],
    });
  });

  it('fails, saying so, when a transformer’s output is not JSON', () => {
    const transformer = { inputPathsMap: { time: '$.time' }, inputTemplate: 'at <time>' };
    expect(() => targetPayload(target({ inputTransformer: transformer }), event, rule)).toThrow(
      "target tickSchedule: the InputTransformer's output is not JSON",
    );
  });
});

describe('transformInput and selectPath', () => {
  it('puts a non-string value inside a string as its JSON text, escaped', () => {
    expect(
      transformInput({ inputPathsMap: { r: '$.resources' }, inputTemplate: '"r=<r>"' }, event, rule),
    ).toBe(`"r=[\\"${RULE_ARN}\\"]"`);
  });

  it('leaves unknown placeholders and escaped quotes alone', () => {
    expect(transformInput({ inputPathsMap: {}, inputTemplate: '{"a": "\\"<x>\\""}' }, event, rule)).toBe(
      '{"a": "\\"<x>\\""}',
    );
  });

  it('selects nothing for a path that does not start at the root', () => {
    expect(selectPath(event, 'detail')).toBeUndefined();
    expect(selectPath(event, '$')).toBe(event);
  });
});
