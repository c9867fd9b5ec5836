import { parseEventsRule } from '../../src/events/parseEventsRule';
import { parseSchedulerSchedule } from '../../src/events/parseSchedulerSchedule';
import { isProvisioningError } from '../../src/provision/errors';

const TICK_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:kes-ingestion-acme-local-tick';
const context = (logicalId: string, notices: string[] = []) => ({
  stackName: 'kes-ingestion-acme-local',
  logicalId,
  name: `kes-ingestion-acme-local-${logicalId}-ABC`,
  arn: `arn:aws:events:us-east-1:000000000000:rule/kes-ingestion-acme-local-${logicalId}-ABC`,
  notice: (message: string) => notices.push(message),
});

describe('parseEventsRule', () => {
  it('reads the rule osls compiles from `schedule: rate(1 minute)` (properties resolved)', () => {
    const rule = parseEventsRule(
      {
        ScheduleExpression: 'rate(1 minute)',
        State: 'ENABLED',
        Targets: [{ Arn: TICK_ARN, Id: 'tickSchedule' }],
      },
      context('TickEventsRuleSchedule1'),
    );
    expect(rule).toMatchObject({
      kind: 'rule',
      name: 'kes-ingestion-acme-local-TickEventsRuleSchedule1-ABC',
      enabled: true,
      targets: [{ id: 'tickSchedule', functionName: 'kes-ingestion-acme-local-tick', functionArn: TICK_ARN }],
    });
    expect(rule?.expression.text).toBe('rate(1 minute)');
  });

  it('reads State DISABLED, Input, InputPath and InputTransformer', () => {
    const rule = parseEventsRule(
      {
        ScheduleExpression: 'cron(0 2 * * ? *)',
        State: 'DISABLED',
        Targets: [
          { Arn: TICK_ARN, Id: 'a', Input: '{"mode":"full"}' },
          { Arn: `${TICK_ARN}:live`, Id: 'b', InputPath: '$.detail' },
          {
            Arn: TICK_ARN,
            Id: 'c',
            InputTransformer: { InputPathsMap: { t: '$.time' }, InputTemplate: '{"at":<t>}' },
          },
        ],
      },
      context('Nightly'),
    );
    expect(rule?.enabled).toBe(false);
    expect(rule?.targets).toEqual([
      expect.objectContaining({ id: 'a', input: '{"mode":"full"}' }),
      expect.objectContaining({
        id: 'b',
        functionName: 'kes-ingestion-acme-local-tick',
        inputPath: '$.detail',
      }),
      expect.objectContaining({
        id: 'c',
        inputTransformer: { inputPathsMap: { t: '$.time' }, inputTemplate: '{"at":<t>}' },
      }),
    ]);
  });

  it('fails the stack, naming the rule, for an invalid expression (CloudFormation would refuse it)', () => {
    const parse = () =>
      parseEventsRule(
        { ScheduleExpression: 'cron(0 10 * * * *)', Targets: [] },
        context('TickEventsRuleSchedule1'),
      );
    expect(parse).toThrow(
      'kes-ingestion-acme-local: AWS::Events::Rule TickEventsRuleSchedule1: ScheduleExpression "cron(0 10 * * * *)" is not valid: day-of-month: exactly one of',
    );
    try {
      parse();
    } catch (error) {
      expect(isProvisioningError(error, 'INVALID_SCHEDULE_EXPRESSION')).toBe(true);
    }
  });

  it('refuses an Input that is not JSON and a target with two kinds of input', () => {
    expect(() =>
      parseEventsRule(
        { ScheduleExpression: 'rate(1 day)', Targets: [{ Arn: TICK_ARN, Id: 'a', Input: 'hello' }] },
        context('R'),
      ),
    ).toThrow('target a: Input is not valid JSON: hello');
    expect(() =>
      parseEventsRule(
        {
          ScheduleExpression: 'rate(1 day)',
          Targets: [{ Arn: TICK_ARN, Id: 'a', Input: '{}', InputPath: '$' }],
        },
        context('R'),
      ),
    ).toThrow('sets more than one of Input, InputPath and InputTransformer');
  });

  it('names what it does not run: event-pattern rules and targets that are not functions', () => {
    const notices: string[] = [];
    expect(
      parseEventsRule({ EventPattern: { source: ['aws.s3'] }, Targets: [] }, context('OnUpload', notices)),
    ).toBeUndefined();
    const rule = parseEventsRule(
      {
        ScheduleExpression: 'rate(1 day)',
        Targets: [{ Arn: 'arn:aws:sqs:us-east-1:000000000000:q', Id: 'q' }],
      },
      context('Daily', notices),
    );
    expect(rule?.targets).toEqual([]);
    expect(notices).toEqual([
      expect.stringContaining('event-pattern rules are not emulated locally'),
      expect.stringContaining('target q (arn:aws:sqs:us-east-1:000000000000:q) is not a Lambda function'),
    ]);
  });

  it('refuses a schedule on another event bus (EventBridge only schedules on the default bus)', () => {
    expect(() =>
      parseEventsRule(
        { ScheduleExpression: 'rate(1 day)', EventBusName: 'orders', Targets: [] },
        context('R'),
      ),
    ).toThrow('scheduled rules only run on the default event bus');
  });
});

describe('parseSchedulerSchedule', () => {
  it('reads the schedule osls compiles for `method: scheduler`, with its time zone and window', () => {
    const schedule = parseSchedulerSchedule(
      {
        ScheduleExpression: 'cron(0 9 ? * MON-FRI *)',
        ScheduleExpressionTimezone: 'Europe/Paris',
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
        StartDate: '2026-12-01T00:00:00Z',
        Target: { Arn: TICK_ARN, RoleArn: 'arn:aws:iam::000000000000:role/r', Input: '{"a":1}' },
      },
      context('TickSchedulerSchedule1'),
    );
    expect(schedule).toMatchObject({
      kind: 'scheduler',
      timeZone: 'Europe/Paris',
      flexibleWindowMinutes: 15,
      startMs: Date.parse('2026-12-01T00:00:00Z'),
      enabled: true,
      targets: [{ functionName: 'kes-ingestion-acme-local-tick', input: '{"a":1}' }],
    });
  });

  it('accepts at() and refuses an unknown time zone', () => {
    expect(
      parseSchedulerSchedule(
        { ScheduleExpression: 'at(2027-01-01T00:00:00)', Target: { Arn: TICK_ARN } },
        context('Once'),
      )?.expression.kind,
    ).toBe('at');
    expect(() =>
      parseSchedulerSchedule(
        {
          ScheduleExpression: 'rate(1 hour)',
          ScheduleExpressionTimezone: 'Mars/Olympus',
          Target: { Arn: TICK_ARN },
        },
        context('S'),
      ),
    ).toThrow('ScheduleExpressionTimezone "Mars/Olympus" is not a time zone');
  });
});
