/**
 * Builds the Fastify instance: error handling, every route plugin (registered explicitly, under
 * `/api`), and the built web app as static files with an SPA fallback.
 *
 * Adding routes: add ONE import line under `// routes: imports` and ONE `api.register(...)` line
 * under `// routes: register`. Route plugins read the database from `app.database`.
 */
import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Database } from './db/client'
import { registerProblemHandling, routeNotFound } from './errors/index'
// routes: imports (one line per plugin)
import { healthRoutes } from './routes/health/index'
import { adminRoutes } from './routes/admin/index'
import { villageRoutes } from './routes/villages/index'
import { layerRoutes } from './routes/layers/index'
import { tileRoutes } from './routes/tiles/index'
import { importRoutes } from './routes/imports/index'
import { siteRoutes } from './routes/sites/index'
import { jobRoutes } from './routes/jobs/index'
import { relocationRoutes } from './routes/relocation/index'
import { clusterRoutes } from './routes/clusters/index'
import { regionRoutes } from './routes/regions/index'
import { coverageRoutes } from './routes/coverage/index'
import { rulesetRoutes } from './routes/rulesets/index'
// routes: imports end

declare module 'fastify' {
  interface FastifyInstance {
    /** The open database (both engines); routes call query functions with `app.database.db`. */
    database: Database
  }
}

export interface BuildAppOptions {
  database: Database
  /** Directory of the built web app; served when it contains index.html. Omit for API only. */
  webRoot?: string | null
  /** Fastify logger option; default off (tests), the server passes its own. */
  logger?: FastifyServerOptions['logger']
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Large imports arrive as multipart; JSON bodies (rulesets, solve requests) stay small.
    bodyLimit: 10 * 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.decorate('database', options.database)
  registerProblemHandling(app)

  await app.register(
    async (api) => {
      // routes: register (one line per plugin)
      await api.register(healthRoutes)
      await api.register(adminRoutes)
      await api.register(villageRoutes)
      await api.register(layerRoutes)
      await api.register(tileRoutes)
      await api.register(importRoutes)
      await api.register(siteRoutes)
      await api.register(jobRoutes)
      await api.register(relocationRoutes)
      await api.register(clusterRoutes)
      await api.register(regionRoutes)
      await api.register(coverageRoutes)
      await api.register(rulesetRoutes)
      // routes: register end
      api.setNotFoundHandler(routeNotFound)
    },
    { prefix: '/api' },
  )

  const webRoot = options.webRoot
  const hasWeb = !!webRoot && fs.existsSync(path.join(webRoot, 'index.html'))
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true })
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/api')
    // SPA fallback: client-side routes get index.html; anything else is a problem+json 404.
    if (hasWeb && isPage && !path.extname(request.url.split('?')[0] ?? '')) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html')
    }
    return routeNotFound(request, reply)
  })
  return app
}
