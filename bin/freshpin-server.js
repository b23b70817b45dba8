#!/usr/bin/env node
// The freshpin server. `npm start` and the image's CMD run it through bin/run-node.sh, which
// holds the server's V8 flags (docs/operations.md).
import { importEntry, requireNode24 } from './require-node.js';

requireNode24('freshpin server');
const { main } = await importEntry('freshpin server', '#server');
await main(process.argv.slice(2));
