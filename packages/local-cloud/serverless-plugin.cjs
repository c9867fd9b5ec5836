'use strict';
// Serverless Framework plugin used only by the local cloud, and a no-op everywhere else.
//
// CloudFormation resolves a function's environment (Ref, Fn::GetAtt, Fn::ImportValue, Fn::Sub...)
// at deploy time; serverless-offline cannot, and would hand "[object Object]" to the handler. The
// local cloud resolves the packaged template's AWS::Lambda::Function environments against the
// resources it provisioned and writes them to the file named by KES_LOCAL_FUNCTION_ENV; before
// serverless-offline builds its functions, this plugin swaps them in. Handler code therefore sees
// exactly the variables it would see on AWS.
const { readFileSync } = require('node:fs');

class KesLocalCloudPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'before:offline:start:init': () => this.applyResolvedEnvironment(),
      'before:offline:start': () => this.applyResolvedEnvironment(),
    };
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
