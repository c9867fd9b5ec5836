import type { ComposeService } from '../../src/provision/readCompose';
import { selectServices } from '../../src/provision/selectServices';

const entry = (key: string, path: string, dependsOn: string[] = []): ComposeService => ({
  key,
  path,
  dependsOn,
  params: {},
});

/** serverless-compose.yml as it is: three ingestion providers in one folder, chained for compose. */
const COMPOSE = [
  entry('platform', 'services/platform'),
  entry('posts', 'services/posts', ['platform']),
  entry('ingestion-acme', 'services/ingestion', ['platform']),
  entry('ingestion-globex', 'services/ingestion', ['platform', 'ingestion-acme']),
  entry('ingestion-initech', 'services/ingestion', ['platform', 'ingestion-globex']),
];
const keys = (services: ComposeService[]) => services.map((service) => service.key);

describe('selectServices', () => {
  it('runs every entry but only the first of a shared folder by default, and says which it left out', () => {
    const selection = selectServices(COMPOSE, undefined, false);

    expect(keys(selection.services)).toEqual(['platform', 'posts', 'ingestion-acme']);
    expect(keys(selection.skipped)).toEqual(['ingestion-globex', 'ingestion-initech']);
  });

  it('runs every entry with allEntries', () => {
    const selection = selectServices(COMPOSE, undefined, true);

    expect(keys(selection.services)).toEqual(keys(COMPOSE));
    expect(selection.skipped).toEqual([]);
  });

  it('runs what is asked for and its dependencies, in deploy order', () => {
    expect(keys(selectServices(COMPOSE, ['posts'], false).services)).toEqual(['platform', 'posts']);
  });

  it('does not pull in entries of the same folder that a wanted entry depends on only for ordering', () => {
    expect(keys(selectServices(COMPOSE, ['ingestion-initech'], false).services)).toEqual([
      'platform',
      'ingestion-initech',
    ]);
    expect(keys(selectServices(COMPOSE, ['ingestion-acme', 'ingestion-initech'], false).services)).toEqual([
      'platform',
      'ingestion-acme',
      'ingestion-initech',
    ]);
  });

  it('rejects an unknown name, listing the known ones', () => {
    expect(() => selectServices(COMPOSE, ['nope'], false)).toThrow(
      'Unknown service "nope" (serverless-compose.yml has platform, posts, ingestion-acme, ingestion-globex, ingestion-initech)',
    );
  });
});
