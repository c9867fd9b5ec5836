import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { oneAtATimePerFolder, paramArgs, readCompose } from '@kes/local-cloud';

const USAGE = `Usage: npm run package -- [--stage dev]

Every compose entry's CloudFormation template, offline (no credentials): serverless package with the
entry's params into .serverless/packages/<entry>/. Entries of one folder (one ingestion deployment per
provider) one after another, the others at once: osls compose's own \`serverless package\` runs every
entry at once, dependsOn or not, and the entries of one folder would share its .serverless/ and esbuild
folders (and keep only the last template).`;

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: { stage: { type: 'string', default: 'dev' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const root = join(__dirname, '..');
  const services = readCompose(root);
  const failed: string[] = [];
  await oneAtATimePerFolder(
    services,
    (service) => join(root, service.path),
    (service) =>
      new Promise<void>((resolve) => {
        const output = join(root, '.serverless', 'packages', service.key);
        const workFolder = `.esbuild-package-${service.key}`;
        process.stdout.write(`▸ ${service.key} (${service.path})\n`);
        execFile(
          join(root, 'node_modules', '.bin', 'serverless'),
          ['package', '--stage', values.stage, '--package', output, ...paramArgs(service.params)],
          { cwd: join(root, service.path), env: { ...process.env, KES_ESBUILD_WORK_FOLDER: workFolder } },
          (error, stdout, stderr) => {
            rmSync(join(root, service.path, workFolder), { recursive: true, force: true });
            if (error) {
              failed.push(service.key);
              process.stdout.write(`✖ ${service.key}:\n${stdout}${stderr}\n`);
            } else process.stdout.write(`✔ ${service.key} → ${output}\n`);
            resolve();
          },
        );
      }),
  );
  if (failed.length > 0) throw new Error(`packaging failed: ${failed.join(', ')}`);
};

main().catch((error: Error) => {
  process.stderr.write(`\n✖ ${error.message}\n`);
  process.exit(1);
});
