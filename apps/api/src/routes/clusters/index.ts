import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { toClusterCollection } from '@tongcun/clustering'
import { getCoverage } from '../../db/queries/coverage'
import { runClusters } from '../../db/queries/relocation'
import { bboxOfFeatures } from '../../geojson'
import { AdminCodeParam, RulesetIdParam } from '../region-query'

/**
 * `GET /clusters?admin=&eps_m=&min_points=&max_population=&distance=straight|network&only=candidates|all&ruleset=`
 * → FeatureCollection of the clustered villages with `cluster` (null for noise), `clusterCore`,
 * `clusterSpan`; collection `properties` carry parameters and cluster summaries; `outlines` holds the hulls.
 */
export const clusterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/clusters',
    {
      schema: {
        querystring: Type.Object({
          admin: Type.Optional(AdminCodeParam),
          eps_m: Type.Number({
            exclusiveMinimum: 0,
            maximum: 1_000_000,
            description: 'neighbourhood radius, metres',
          }),
          min_points: Type.Integer({ minimum: 1, maximum: 100_000 }),
          max_population: Type.Optional(Type.Integer({ minimum: 1 })),
          distance: Type.Optional(Type.Union([Type.Literal('straight'), Type.Literal('network')])),
          only: Type.Optional(Type.Union([Type.Literal('candidates'), Type.Literal('all')])),
          ruleset: Type.Optional(RulesetIdParam),
        }),
      },
    },
    async (request) => {
      const q = request.query
      const only = q.only ?? 'candidates'
      const run = await runClusters(app.database.db, {
        ...(q.admin !== undefined ? { adminCode: q.admin } : {}),
        epsM: q.eps_m,
        minPoints: q.min_points,
        maxPopulation: q.max_population ?? null,
        distance: q.distance ?? 'straight',
        only,
        rulesetId: q.ruleset ?? null,
        // Candidates need coverage: reuse the cached run instead of assessing it again.
        ...(only === 'candidates' && q.ruleset !== undefined
          ? {
              coverage: await getCoverage(app.database, {
                rulesetId: q.ruleset,
                adminCode: q.admin ?? null,
              }),
            }
          : {}),
      })
      const features = run.villages.map((v) => {
        const assessment = run.assessments.get(v.properties.code)
        return assessment
          ? {
              ...v,
              properties: {
                ...v.properties,
                recommendation: assessment.recommendation,
                score: assessment.score,
                decision: assessment.decision,
              },
            }
          : v
      })
      const collection = toClusterCollection(features, run.result, {
        only: run.only,
        ruleset: run.rulesetId,
        adminNames: Object.fromEntries(run.adminNames),
      })
      const bbox = bboxOfFeatures(collection.features)
      return bbox ? { ...collection, bbox } : collection
    },
  )
}
