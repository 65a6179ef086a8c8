#!/usr/bin/env -S node --max-semi-space-size=64
// `npx tongcun <command>`: runs the TypeScript CLI (apps/api/src/cli/index.ts) through tsx.
// A 64 MB young generation (V8's default is 16 MB): the coverage engine and its GeoJSON writer make
// short-lived objects by the gigabyte, and with the small default each of thousands of scavenges also
// paid for a large heap — the national run took 54 s instead of 31 s (see packages/coverage/README).
// On Linux it runs with huge pages for malloc'd memory (./huge-pages.js).
import { register } from 'tsx/esm/api'
import { restartWithHugePages } from './huge-pages.js'

await restartWithHugePages()
register()
const { main } = await import('../src/cli/index.ts')
await main(process.argv)
