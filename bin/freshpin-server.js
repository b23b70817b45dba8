#!/usr/bin/env node
// The freshpin server: `npm start`, and the image's command. Run it with the V8 flags of
// `npm start` (package.json), which the image's CMD repeats: they keep the heap near what the
// app holds live instead of letting it grow under a pass's garbage, without capping it (a
// large scan artifact still fits). See docs/operations.md.
import { prepareNode } from './prepare-node.js';

await prepareNode('freshpin server');
const { main } = await import('../src/app/main.ts');
await main(process.argv.slice(2));
