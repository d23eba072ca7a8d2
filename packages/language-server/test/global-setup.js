// Protocol tests drive the real bundle, so it is rebuilt once before any test file runs.
const { execFileSync } = require('child_process');
const path = require('path');

module.exports = async function buildServerBundle() {
  execFileSync(process.execPath, [path.join(__dirname, '..', 'build.mjs')], { stdio: 'inherit' });
};
