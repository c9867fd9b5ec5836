import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paramArgs, readCompose } from '../../src/provision/readCompose';
import { removeTempDirs, tempDir } from '../helpers/tempDirs';

afterEach(removeTempDirs);

/** A repository root holding this serverless-compose.yml. */
const rootWith = (compose: string): string => {
  const root = tempDir();
  writeFileSync(join(root, 'serverless-compose.yml'), compose);
  return root;
};

const keysOf = (root: string): string[] => readCompose(root).map((service) => service.key);

describe('readCompose', () => {
  it('reads each service with its path and dependencies', () => {
    const root = rootWith(`
services:
  members:
    path: services/members
  posts:
    path: services/posts
    dependsOn: members
`);

    expect(readCompose(root)).toEqual([
      { key: 'members', path: 'services/members', dependsOn: [], params: {} },
      { key: 'posts', path: 'services/posts', dependsOn: ['members'], params: {} },
    ]);
  });

  it("reads each entry's params as strings, for `--param name=value` (one path, several entries)", () => {
    const root = rootWith(`
services:
  ingestion-acme:
    path: services/ingestion
    params:
      provider: acme
      maxBatchSize: 10
  ingestion-globex:
    path: services/ingestion
    params: { provider: globex }
`);

    const [acme, globex] = readCompose(root);
    expect(acme?.params).toEqual({ provider: 'acme', maxBatchSize: '10' });
    expect(globex?.params).toEqual({ provider: 'globex' });
    expect(paramArgs(acme?.params)).toEqual(['--param', 'provider=acme', '--param', 'maxBatchSize=10']);
  });

  it('normalises each path: entries of one folder spell it differently (compose refuses equal strings)', () => {
    const root = rootWith(`
services:
  ingestion-acme: { path: services/ingestion }
  ingestion-globex: { path: ./services/ingestion, dependsOn: ingestion-acme }
  ingestion-initech: { path: services/ingestion/, dependsOn: ingestion-globex }
`);

    expect(readCompose(root).map((service) => service.path)).toEqual([
      'services/ingestion',
      'services/ingestion',
      'services/ingestion',
    ]);
  });

  it('orders services after what they depend on, whatever order the file lists them in', () => {
    const root = rootWith(`
services:
  claps:
    path: services/claps
    dependsOn: [posts, members]
  posts:
    path: services/posts
    dependsOn:
      - members
  members:
    path: services/members
`);

    expect(keysOf(root)).toEqual(['members', 'posts', 'claps']);
  });

  it('lists a shared dependency once', () => {
    const root = rootWith(`
services:
  a: { path: a, dependsOn: [b, c] }
  b: { path: b, dependsOn: d }
  c: { path: c, dependsOn: d }
  d: { path: d }
`);

    expect(keysOf(root)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('keeps the file order between independent services', () => {
    const root = rootWith(`
services:
  posts: { path: services/posts }
  members: { path: services/members }
`);

    expect(keysOf(root)).toEqual(['posts', 'members']);
  });

  it('reads a file without services as no services', () => {
    expect(readCompose(rootWith('state: {}\n'))).toEqual([]);
  });

  it('rejects a dependency cycle, naming a service in it', () => {
    const root = rootWith(`
services:
  posts: { path: services/posts, dependsOn: claps }
  claps: { path: services/claps, dependsOn: posts }
`);

    expect(() => readCompose(root)).toThrow('serverless-compose.yml: dependency cycle at posts');
  });

  it('rejects a service that depends on itself', () => {
    const root = rootWith('services:\n  posts: { path: p, dependsOn: posts }\n');

    expect(() => readCompose(root)).toThrow('dependency cycle at posts');
  });

  it('rejects a dependency on a service the file does not declare', () => {
    const root = rootWith('services:\n  posts: { path: services/posts, dependsOn: [members] }\n');

    expect(() => readCompose(root)).toThrow('serverless-compose.yml: posts depends on unknown members');
  });

  it('fails when there is no serverless-compose.yml', () => {
    expect(() => readCompose(tempDir())).toThrow(/serverless-compose\.yml/);
  });
});
