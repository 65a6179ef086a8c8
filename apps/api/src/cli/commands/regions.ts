/**
 * `tongcun regions`: contiguous planning areas across admin lines (SKATER with --k, max-p with --floor).
 * Output GeoJSON keeps every input feature and adds `region` and `regionSpan`; collection properties
 * carry the parameters, the objective (total within-area SSD) and per-area stats.
 */
import fs from 'node:fs'
import type { Command } from 'commander'
import type { MultiPolygon, Point, Polygon } from 'geojson'
import { DomainError } from '@tongcun/domain'
import {
  addDerivedAttributes,
  regionalizeVillages,
  toRegionCollection,
  type RegionCollection,
  type RegionInput,
} from '@tongcun/clustering'
import { runRegions } from '../../db/queries/relocation'
import { parseAttributes, parseFloor } from '../../routes/regions/index'
import { withDatabase } from '../context'
import { readFeatureCollection } from './clusters'

interface RegionCommandOptions {
  attributes: string
  k?: string
  floor?: string
  seed: string
  maxEdgeM?: string
  admin?: string
  ruleset?: string
  input?: string
  outlines?: string
  out: string
}

export function register(program: Command): void {
  program
    .command('regions')
    .description(
      'partition villages into contiguous planning areas (SKATER with --k, max-p with --floor)',
    )
    .requiredOption(
      '--attributes <list>',
      'comma-separated numeric fields to make areas homogeneous in',
    )
    .option('--k <n>', 'number of areas')
    .option('--floor <field:n>', 'every area has at least n of field, e.g. poor_households:200')
    .option('--seed <n>', 'seed for the max-p growth', '1')
    .option(
      '--max-edge-m <m>',
      'drop Delaunay neighbour links longer than this (parts are bridged)',
    )
    .option('--admin <code>', 'admin unit to partition (database mode)')
    .option('--ruleset <id>', 'rule set for the derived attribute coverage_gaps (database mode)')
    .option('--input <file>', 'partition the features (points or polygons) of this GeoJSON file')
    .option('--outlines <file>', 'also write the area outlines to this GeoJSON file')
    .requiredOption('--out <file>', 'output GeoJSON file')
    .action(async (options: RegionCommandOptions, command: Command) => {
      if (options.k === undefined && options.floor === undefined)
        throw new DomainError('invalid-input', 'give --k <n> or --floor <field>:<n>')
      const k = options.k !== undefined ? Number(options.k) : null
      if (k !== null && (!Number.isInteger(k) || k < 1))
        throw new DomainError('invalid-input', `--k must be a positive integer, got "${options.k}"`)
      const seed = Number(options.seed)
      if (!Number.isInteger(seed))
        throw new DomainError('invalid-input', `--seed must be an integer, got "${options.seed}"`)
      const maxEdgeM = options.maxEdgeM !== undefined ? Number(options.maxEdgeM) : null
      if (maxEdgeM !== null && !(maxEdgeM > 0))
        throw new DomainError(
          'invalid-input',
          `--max-edge-m must be positive, got "${options.maxEdgeM}"`,
        )
      const attributes = parseAttributes(options.attributes)
      const floor = options.floor !== undefined ? parseFloor(options.floor, '--floor') : null
      let collection: RegionCollection
      if (options.input) {
        const input = readFeatureCollection(options.input)
        input.features.forEach((feature, index) => {
          const type = feature.geometry?.type
          if (type !== 'Point' && type !== 'Polygon' && type !== 'MultiPolygon') {
            throw new DomainError(
              'invalid-geometry',
              `${options.input}: feature ${index} is a ${type ?? 'null geometry'}, expected a Point or Polygon`,
              { file: options.input, row: index },
            )
          }
        })
        const features = addDerivedAttributes(
          input.features as Array<RegionInput & { geometry: Point | Polygon | MultiPolygon }>,
        )
        const result = regionalizeVillages(features, { attributes, k, floor, seed, maxEdgeM })
        collection = toRegionCollection(features, result, { input: options.input })
      } else {
        collection = await withDatabase(command, async (database) => {
          const run = await runRegions(database.db, {
            ...(options.admin !== undefined ? { adminCode: options.admin } : {}),
            attributes,
            k,
            floor,
            seed,
            maxEdgeM,
            rulesetId: options.ruleset ?? null,
          })
          return toRegionCollection(run.villages, run.result, {
            adminNames: Object.fromEntries(run.adminNames),
          })
        })
      }
      fs.writeFileSync(options.out, JSON.stringify(collection))
      if (options.outlines) fs.writeFileSync(options.outlines, JSON.stringify(collection.outlines))
      const p = collection.properties
      console.log(
        `${collection.features.length} features, ${p.areaCount} areas (${p.params.method}), objective ${p.objective.toFixed(3)}${p.floorMet ? '' : ' — floor NOT met'}; wrote ${options.out}`,
      )
    })
}
