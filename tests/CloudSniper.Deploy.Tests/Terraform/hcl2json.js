// Parses Terraform files with @cdktf/hcl2json from the repository's node_modules and prints one JSON object
// mapping each file (as given) to its JSON form. Usage: node hcl2json.js REPO_ROOT FILE...
'use strict';
const fs = require('fs');
const path = require('path');

const [root, ...files] = process.argv.slice(2);
const { parse } = require(path.join(root, 'node_modules', '@cdktf', 'hcl2json'));

(async () => {
  const result = {};
  for (const file of files) {
    result[file] = await parse(path.basename(file), fs.readFileSync(file, 'utf8'));
  }
  process.stdout.write(JSON.stringify(result));
})().catch(error => {
  process.stderr.write(String(error && error.stack || error) + '\n');
  process.exit(1);
});
