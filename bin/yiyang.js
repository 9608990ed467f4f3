#!/usr/bin/env node
'use strict';
// The command line is bundled by `npm run build`; this shim only finds it.
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist-electron', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('yiyang: 尚未构建，请先运行 npm run build（the command line is not built yet: run `npm run build`）\n');
  process.exit(1);
}
require(cli).main();
