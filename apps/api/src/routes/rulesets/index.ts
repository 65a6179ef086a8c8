/**
 * Rule set routes: `GET /rulesets` (ids, names, versions), `GET /rulesets/:id?version=` (the rule
 * set JSON), `POST /rulesets` (validated; stored as a new version, never overwriting: 201, or 409
 * when the version is not higher than the latest, 422 with `errors` when invalid).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { createRuleset, getRuleset, listRulesets } from '../../db/queries/rulesets'
import { RulesetIdParam } from '../region-query'

export const rulesetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/rulesets', async () => ({ rulesets: await listRulesets(app.database.db) }))

  app.get(
    '/rulesets/:id',
    {
      schema: {
        params: Type.Object({ id: RulesetIdParam }),
        querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (request) => getRuleset(app.database.db, request.params.id, request.query.version),
  )

  app.post('/rulesets', { schema: { body: Type.Unknown() } }, async (request, reply) => {
    const ruleset = await createRuleset(app.database.db, request.body)
    return reply
      .code(201)
      .header('location', `/api/rulesets/${ruleset.id}?version=${ruleset.version}`)
      .send(ruleset)
  })
}
