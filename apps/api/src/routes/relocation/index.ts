import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { getCoverage } from '../../db/queries/coverage'
import { getDecision, putDecision, runRelocationAssessment } from '../../db/queries/relocation'
import { toFeatureCollection } from '../../geojson'
import { invalidateTiles, registerVillageStatusProvider } from '../../tiles/index'
import { AdminCodeParam, RulesetIdParam } from '../region-query'

// Village tiles requested with `?ruleset=` carry the recommendation and the planner's decision.
registerVillageStatusProvider({
  name: 'relocation',
  fields: { relocation: 'String', decision: 'String' },
  async load(database, { rulesetId }) {
    // Reuse the cached coverage run (the coverage provider asks for the same one) instead of
    // loading the region and assessing coverage a second time.
    const coverage = await getCoverage(database, { rulesetId })
    const run = await runRelocationAssessment(database.db, { rulesetId, coverage })
    return new Map(
      run.assessments.map((a) => [a.code, { relocation: a.recommendation, decision: a.decision }]),
    )
  },
})

const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) })

/**
 * `GET /relocation/candidates?admin=&ruleset=&only=all|candidates` — one feature per village with
 * `properties.relocation` (recommendation, score, sub-scores, reasons in English and Chinese, decision,
 * isCandidate); `PUT /villages/:code/decision` {decision, note}; `GET /villages/:code/decision`.
 */
export const relocationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/relocation/candidates',
    {
      schema: {
        querystring: Type.Object({
          admin: Type.Optional(AdminCodeParam),
          ruleset: Type.Optional(RulesetIdParam),
          only: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('candidates')])),
        }),
      },
    },
    async (request) => {
      const { admin, ruleset, only } = request.query
      const run = await runRelocationAssessment(app.database.db, {
        ...(admin !== undefined ? { adminCode: admin } : {}),
        rulesetId: ruleset ?? null,
        ...(ruleset !== undefined
          ? {
              coverage: await getCoverage(app.database, {
                rulesetId: ruleset,
                adminCode: admin ?? null,
              }),
            }
          : {}),
      })
      const byCode = new Map(run.assessments.map((a) => [a.code, a]))
      const features = run.region.villages
        .filter((v) => only !== 'candidates' || byCode.get(v.properties.code)?.isCandidate)
        .map((v) => {
          const relocation = byCode.get(v.properties.code)
          const record = run.decisions.get(v.properties.code)
          return {
            ...v,
            properties: {
              ...v.properties,
              relocation: { ...relocation, decisionNote: record?.note ?? null },
            },
          }
        })
      const count = (r: string) => run.assessments.filter((a) => a.recommendation === r).length
      return {
        ...toFeatureCollection(features),
        properties: {
          kind: 'relocation-candidates',
          ruleset: run.rulesetId,
          rulesetVersion: run.rulesetVersion,
          params: run.params,
          summary: {
            villages: run.assessments.length,
            relocate: count('relocate'),
            review: count('review'),
            inSitu: count('in-situ'),
            candidates: run.assessments.filter((a) => a.isCandidate).length,
          },
        },
      }
    },
  )

  app.get('/villages/:code/decision', { schema: { params: CodeParams } }, async (request) => {
    const { village, decision } = await getDecision(app.database.db, request.params.code)
    return { villageCode: village.properties.code, decision }
  })

  app.put(
    '/villages/:code/decision',
    {
      schema: {
        params: CodeParams,
        body: Type.Object(
          {
            decision: Type.Union([
              Type.Literal('confirmed'),
              Type.Literal('declined'),
              Type.Literal('pending'),
            ]),
            note: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const record = await putDecision(
        app.database.db,
        request.params.code,
        request.body.decision,
        request.body.note ?? null,
      )
      // Decisions are not in the tile data fingerprint: drop cached tiles now.
      invalidateTiles(app.database)
      return { villageCode: record.villageCode, decision: record }
    },
  )
}
