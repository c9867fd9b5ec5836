import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { eventsTableDefinition } from '../../src/store/eventsTableDefinition';

interface TableResource {
  Properties: Record<string, unknown>;
}

describe('eventsTableDefinition', () => {
  it('declares the keys and indexes serverless.yml declares', () => {
    const yml = load(readFileSync(join(__dirname, '..', '..', 'serverless.yml'), 'utf8')) as {
      resources: { Resources: { EventsTable: TableResource } };
    };
    const declared = yml.resources.Resources.EventsTable.Properties;
    const definition = eventsTableDefinition('events');

    expect(definition.KeySchema).toEqual(declared.KeySchema);
    expect(definition.AttributeDefinitions).toEqual(declared.AttributeDefinitions);
    expect(definition.LocalSecondaryIndexes).toEqual(declared.LocalSecondaryIndexes);
    expect(definition.GlobalSecondaryIndexes).toEqual(declared.GlobalSecondaryIndexes);
  });
});
