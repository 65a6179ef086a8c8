#!/usr/bin/env node
// `npx tongcun <command>`: runs the TypeScript CLI (apps/api/src/cli/index.ts) through tsx.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/index.ts')
await main(process.argv)
