import {
  GetEventSourceMappingCommand,
  InvokeCommand,
  ListEventSourceMappingsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { System } from './helpers/system';

describe('the local Lambda API of the whole system', () => {
  const system = System.shared();

  it('is where the published environment points the Lambda client', () => {
    expect(system.coordinates.env.AWS_ENDPOINT_URL_LAMBDA).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('lists the mappings provisioned from the templates, Enabled, as the engine runs them', async () => {
    const running = await system.mappings();
    const { EventSourceMappings = [] } = await system.clients.lambda.send(
      new ListEventSourceMappingsCommand({}),
    );

    expect(running.length).toBeGreaterThan(0);
    expect(EventSourceMappings.map((mapping) => mapping.UUID).sort()).toEqual(
      running.map((mapping) => mapping.uuid).sort(),
    );
    for (const stats of running) {
      const mapping = await system.clients.lambda.send(
        new GetEventSourceMappingCommand({ UUID: stats.uuid }),
      );
      expect(mapping).toMatchObject({
        State: stats.state,
        BatchSize: stats.batchSize,
        EventSourceArn: stats.eventSourceArn,
        FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${stats.functionName}`,
      });
    }
  });

  it("invokes the system's functions (DryRun) and refuses unknown ones", async () => {
    const [first] = await system.mappings();
    const dryRun = await system.clients.lambda.send(
      new InvokeCommand({ FunctionName: first?.functionName, InvocationType: 'DryRun' }),
    );
    expect(dryRun.StatusCode).toBe(204);
    await expect(
      system.clients.lambda.send(new InvokeCommand({ FunctionName: 'kes-local-no-such-function' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
