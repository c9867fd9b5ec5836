'use strict';
// Serverless Framework plugin used only by the local cloud, and a no-op everywhere else.
//
// CloudFormation resolves a function's environment (Ref, Fn::GetAtt, Fn::ImportValue, Fn::Sub...)
// at deploy time; serverless-offline cannot, and would hand "[object Object]" to the handler. The
// local cloud resolves the packaged template's AWS::Lambda::Function environments against the
// resources it provisioned and writes them to the file named by KES_LOCAL_FUNCTION_ENV; before
// serverless-offline builds its functions, this plugin swaps them in. Handler code therefore sees
// exactly the variables it would see on AWS.
//
// serverless-offline also runs `schedule` events itself (node-schedule, in-process): rate(1 minute) at
// every :00 rather than a minute after creation, EventBridge cron read as Unix cron (day-of-week 1 =
// Monday instead of Sunday), no retries, and in every local cloud, tests and benchmarks included. The
// local cloud runs the templates' schedules itself (decision 0031), so this plugin takes the schedule
// events away from serverless-offline; the packaged template, built before, still has its rules.
const { readFileSync } = require('node:fs');
const { dirname } = require('node:path');

class KesLocalCloudPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'before:offline:start:init': () => {
        this.applyResolvedEnvironment();
        this.removeScheduleEvents();
        this.stopEsbuildService();
      },
      'before:offline:start': () => {
        this.applyResolvedEnvironment();
        this.removeScheduleEvents();
        this.stopEsbuildService();
      },
    };
  }

  // serverless-esbuild (listed before this plugin) has bundled the functions by now. esbuild's service
  // process would stay alive, holding the ~650 MB the build took, for as long as serverless-offline
  // runs; stop it (a rebuild on a file change starts it again).
  stopEsbuildService() {
    if (!process.env.KES_LOCAL_FUNCTION_ENV) return;
    try {
      const esbuildPath = require.resolve('esbuild', {
        paths: [dirname(require.resolve('serverless-esbuild'))],
      });
      require(esbuildPath).stop();
    } catch {
      // Not bundled with esbuild: nothing to stop.
    }
  }

  removeScheduleEvents() {
    if (!process.env.KES_LOCAL_FUNCTION_ENV) return;
    for (const fn of Object.values(this.serverless.service.functions ?? {})) {
      if (Array.isArray(fn.events)) fn.events = fn.events.filter((event) => !event.schedule);
    }
  }

  applyResolvedEnvironment() {
    const file = process.env.KES_LOCAL_FUNCTION_ENV;
    if (!file) return;
    const resolved = JSON.parse(readFileSync(file, 'utf8'));
    const service = this.serverless.service;
    // The template's environments already merge provider and function variables.
    service.provider.environment = {};
    for (const [name, fn] of Object.entries(service.functions ?? {})) {
      const environment = resolved[name];
      if (!environment) {
        throw new Error(`The local cloud resolved no environment for function "${name}" (${file})`);
      }
      fn.environment = environment;
    }
  }
}

module.exports = KesLocalCloudPlugin;
