/**
 * Coverage routes (thin: validate → `getCoverage` (cached) → shape the reply):
 * - `GET /coverage?admin=&ruleset=` — FeatureCollection (`application/geo+json`, streamed), one
 *   feature per village with `properties.coverage.<network>` and `properties.fullyCovered`; `bbox`
 *   (of all villages); `properties.summary`.
 * - `GET /coverage/rollup?admin=&level=&ruleset=&max_gaps=` — per unit of `level`.
 * - `GET /coverage/gaps.csv|.xlsx|.geojson?admin=&ruleset=&network=&lang=zh|en&planned=` — gap list.
 * - `GET /coverage/joint-cost?admin=&ruleset=&network=` — separate spurs vs a shared tree, per county.
 * Also registers the `coverage` status provider for village tiles (`?ruleset=` on tile URLs).
 */
import { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type Static } from 'typebox'
import { ADMIN_LEVELS, COVERAGE_NETWORKS, adminLevelOfCode } from '@tongcun/domain'
import type { AdminLevel, CoverageNetwork, JointCost } from '@tongcun/domain'
import {
  estimateJointCost,
  findCoverageBbox,
  listGapRows,
  rollUpCoverage,
  stringifyCoverageGeoJson,
} from '@tongcun/coverage'
import { DEFAULT_RULESET_ID, getCoverage, listAdminUnitNames } from '../../db/queries/coverage'
import { COVERAGE_TILE_FIELDS, registerVillageStatusProvider } from '../../tiles/index'
import { AdminCodeParam, RulesetIdParam } from '../region-query'
import { formatGapCsv, formatGapXlsx } from './gap-export'

const NetworkParam = Type.Union(COVERAGE_NETWORKS.map((n) => Type.Literal(n)))
const BuiltNetworkParam = Type.Union(
  ['road', 'water', 'power', 'broadband'].map((n) => Type.Literal(n)),
)
const LevelParam = Type.Union(ADMIN_LEVELS.map((level) => Type.Literal(level)))
const CoverageQuery = Type.Object({
  admin: Type.Optional(AdminCodeParam),
  ruleset: Type.Optional(RulesetIdParam),
})
const GapQuery = Type.Object({
  admin: Type.Optional(AdminCodeParam),
  ruleset: Type.Optional(RulesetIdParam),
  network: Type.Optional(NetworkParam),
  lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')])),
  planned: Type.Optional(
    Type.Boolean({ description: 'include covered-when-planned rows (default true)' }),
  ),
})

/** The level below `code`'s own (villages stop at village). */
function childLevel(code: string): AdminLevel {
  const level = adminLevelOfCode(code.padEnd(12, '0'))
  return (
    ADMIN_LEVELS[Math.min(ADMIN_LEVELS.indexOf(level) + 1, ADMIN_LEVELS.length - 1)] ?? 'village'
  )
}

registerVillageStatusProvider({
  name: 'coverage',
  fields: COVERAGE_TILE_FIELDS,
  async load(database, { rulesetId }) {
    const { result } = await getCoverage(database, { rulesetId })
    return new Map(
      result.villages.map((village) => [
        village.code,
        {
          ...Object.fromEntries(
            COVERAGE_NETWORKS.map((network) => {
              const status = village.coverage[network].status
              return [`cov_${network}`, status === 'not-assessed' ? null : status]
            }),
          ),
          fully_covered: village.fullyCovered ? 1 : 0,
        },
      ]),
    )
  },
})

export const coverageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The cached coverage run and its gap rows, as the three gap exports ask for them. */
  async function loadGapRows(q: Static<typeof GapQuery>) {
    const run = await getCoverage(app.database, {
      rulesetId: q.ruleset ?? DEFAULT_RULESET_ID,
      adminCode: q.admin ?? null,
    })
    const rows = listGapRows(run.result, {
      ...(q.network ? { network: q.network } : {}),
      includePlanned: q.planned ?? true,
    })
    return { run, rows }
  }

  app.get('/coverage', { schema: { querystring: CoverageQuery } }, async (request, reply) => {
    const { admin, ruleset } = request.query
    const run = await getCoverage(app.database, {
      rulesetId: ruleset ?? DEFAULT_RULESET_ID,
      adminCode: admin ?? null,
    })
    // Streamed in pieces: the national set is longer than one JavaScript string can be. Errors
    // (unknown rule set or unit) are thrown above, before any byte is sent.
    return reply
      .type('application/geo+json; charset=utf-8')
      .send(Readable.from(stringifyCoverageGeoJson(run.result)))
  })

  app.get(
    '/coverage/rollup',
    {
      schema: {
        querystring: Type.Object({
          admin: Type.Optional(AdminCodeParam),
          ruleset: Type.Optional(RulesetIdParam),
          level: Type.Optional(LevelParam),
          max_gaps: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
        }),
      },
    },
    async (request) => {
      const { admin, ruleset, level, max_gaps: maxGaps } = request.query
      const run = await getCoverage(app.database, {
        rulesetId: ruleset ?? DEFAULT_RULESET_ID,
        adminCode: admin ?? null,
      })
      const rollLevel = level ?? (admin ? childLevel(admin) : 'county')
      const units = rollUpCoverage(
        run.result,
        await listAdminUnitNames(app.database.db),
        rollLevel,
        {
          maxGaps: maxGaps ?? 20,
        },
      )
      return {
        ruleset: run.result.ruleset,
        admin: admin ?? null,
        level: rollLevel,
        summary: run.result.summary,
        units,
      }
    },
  )

  app.get('/coverage/gaps.csv', { schema: { querystring: GapQuery } }, async (request, reply) => {
    const q = request.query
    const { run, rows } = await loadGapRows(q)
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="gaps-${run.result.ruleset.id}-${q.admin ?? 'all'}.csv"`,
      )
      .send(formatGapCsv(rows, q.lang ?? 'zh'))
  })

  app.get('/coverage/gaps.xlsx', { schema: { querystring: GapQuery } }, async (request, reply) => {
    const q = request.query
    const { run, rows } = await loadGapRows(q)
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header(
        'content-disposition',
        `attachment; filename="gaps-${run.result.ruleset.id}-${q.admin ?? 'all'}.xlsx"`,
      )
      .send(await formatGapXlsx(rows, q.lang ?? 'zh'))
  })

  app.get(
    '/coverage/gaps.geojson',
    { schema: { querystring: GapQuery } },
    async (request, reply) => {
      const q = request.query
      const { run, rows } = await loadGapRows(q)
      const bbox = findCoverageBbox(run.result)
      const features = rows.map(({ position, ...properties }) => ({
        type: 'Feature' as const,
        id: `village:${properties.code}:${properties.network}`,
        geometry: { type: 'Point' as const, coordinates: position },
        properties,
      }))
      return reply.type('application/geo+json').send({
        type: 'FeatureCollection',
        ...(bbox ? { bbox } : {}),
        properties: {
          ruleset: run.result.ruleset,
          network: q.network ?? null,
          count: features.length,
        },
        features,
      })
    },
  )

  app.get(
    '/coverage/joint-cost',
    {
      schema: {
        querystring: Type.Object({
          admin: Type.Optional(AdminCodeParam),
          ruleset: Type.Optional(RulesetIdParam),
          network: Type.Optional(BuiltNetworkParam),
        }),
      },
    },
    async (request) => {
      const q = request.query
      const network = (q.network ?? 'road') as Exclude<CoverageNetwork, 'bus'>
      const run = await getCoverage(app.database, {
        rulesetId: q.ruleset ?? DEFAULT_RULESET_ID,
        adminCode: q.admin ?? null,
      })
      const names = new Map(
        (await listAdminUnitNames(app.database.db)).map((unit) => [unit.code, unit.name]),
      )
      const counties = [...new Set(run.result.villages.map((v) => v.county_code))].sort()
      const units: (JointCost & { code: string; name: string })[] = counties.map((code) => ({
        code,
        name: names.get(code) ?? code,
        ...estimateJointCost(
          run.result.villages.filter((v) => v.county_code === code),
          run.ruleset,
          network,
        ),
      }))
      return {
        ruleset: run.result.ruleset,
        admin: q.admin ?? null,
        network,
        separateSpursCost: units.reduce((sum, u) => sum + u.separateSpursCost, 0),
        jointTreeCost: units.reduce((sum, u) => sum + u.jointTreeCost, 0),
        counties: units,
      }
    },
  )
}
