// Middy v7 ships ESM only ("exports" has just an `import` condition); Jest resolves with the
// `require` condition, so ask for `import` for @middy/* and let the swc transform turn it into CJS.
module.exports = (request, options) => {
  if (request.startsWith('@middy/')) {
    return options.defaultResolver(request, { ...options, conditions: ['import', 'node', 'default'] });
  }
  return options.defaultResolver(request, options);
};
