import type { Command } from 'commander'
import { loadConfig } from '../../config'
import { closeOnSignals, startServer } from '../../start-server'

export function register(program: Command): void {
  program
    .command('serve')
    .description('start the API (and the built web app) on PORT (default 8600)')
    .option('--port <port>', 'port to listen on (env PORT, default 8600)')
    .option('--host <host>', 'interface to listen on (env HOST, default 127.0.0.1)')
    .option('--no-seed', 'do not load the sample region into an empty embedded database')
    .action(async (options: { port?: string; host?: string; seed: boolean }, command: Command) => {
      const { dataDir } = command.optsWithGlobals<{ dataDir?: string }>()
      const env = {
        ...process.env,
        ...(options.port ? { PORT: options.port } : {}),
        ...(options.host ? { HOST: options.host } : {}),
      }
      const server = await startServer(loadConfig({ env, ...(dataDir ? { dataDir } : {}) }), {
        seed: options.seed,
      })
      closeOnSignals(server)
      // Keep the process alive until a signal closes the server.
      await new Promise(() => {})
    })
}
