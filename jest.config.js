/** Root jest config: every workspace package with a jest.config.js is a project. */
const fs = require('fs');
const path = require('path');
const roots = ['packages', 'test'];
const projects = roots.flatMap((r) => {
  const dir = path.join(__dirname, r);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((d) => path.join(dir, d))
    .filter((d) => fs.existsSync(path.join(d, 'jest.config.js')));
});
// testTimeout is a global option (ignored inside projects): tests against the sandbox seed real data, and
// the machine runs two cores, so the 5 s default is too tight under load. No test relies on this for timing.
module.exports = { projects, testTimeout: 60_000 };
