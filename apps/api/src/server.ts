/** Reads config from the environment and serves. Run: `node --import tsx apps/api/src/server.ts`. */
import { loadConfig } from './config'
import { closeOnSignals, startServer } from './start-server'

const server = await startServer(loadConfig())
closeOnSignals(server)
