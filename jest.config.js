/** Root jest config: every workspace package with a jest.config.js is a project. */
const fs = require('fs');
const path = require('path');
const roots = ['packages', 'test'];
const projects = roots.flatMap((r) => {
  const dir = path.join(__dirname, r);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir)
    .map((d) => path.join(dir, d))
    .filter((d) => fs.existsSync(path.join(d, 'jest.config.js')));
});
module.exports = { projects };
