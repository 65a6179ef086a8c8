/**
 * `tongcun clusters`: density clusters of relocation candidates (or all villages, or any point file)
 * across admin boundaries. Output GeoJSON keeps every input feature and adds `cluster`, `clusterCore`,
 * `clusterSpan`; collection properties carry the parameters and cluster summaries.
 */
import fs from 'node:fs'
import type { Command } from 'commander'
import type { Feature, FeatureCollection, LineString, MultiLineString } from 'geojson'
import { DomainError } from '@tongcun/domain'
import {
  clusterVillages,
  toClusterCollection,
  type AdminPolygonFeature,
  type ClusterCollection,
  type PointInput,
} from '@tongcun/clustering'
import { runClusters } from '../../db/queries/relocation'
import { readJsonFile, withDatabase } from '../context'

interface ClusterCommandOptions {
  epsM: string
  minPoints: string
  maxPopulation?: string
  distance: string
  admin?: string
  only: string
  ruleset?: string
  input?: string
  roads?: string
  adminLayer?: string
  outlines?: string
  out: string
}

/** Reads a GeoJSON FeatureCollection file; errors name the file. */
export function readFeatureCollection(file: string): FeatureCollection {
  const collection = readJsonFile(file, 'GeoJSON') as Partial<FeatureCollection>
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new DomainError('invalid-input', `${file} is not a GeoJSON FeatureCollection`, { file })
  }
  return collection as FeatureCollection
}

/** Checks every feature is a Point; errors name file, index and id. */
export function asPointFeatures(collection: FeatureCollection, file: string): PointInput[] {
  collection.features.forEach((feature, index) => {
    if (feature.geometry?.type !== 'Point') {
      throw new DomainError(
        'invalid-geometry',
        `${file}: feature ${index}${feature.id !== undefined ? ` (id ${String(feature.id)})` : ''} is a ${feature.geometry?.type ?? 'null geometry'}, expected a Point`,
        {
          file,
          row: index,
        },
      )
    }
  })
  return collection.features as PointInput[]
}

function parseNumber(value: string | undefined, flag: string, integer = false): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new DomainError(
      'invalid-input',
      `${flag} must be a positive ${integer ? 'integer' : 'number'}, got "${value}"`,
      { field: flag },
    )
  }
  return n
}

export function register(program: Command): void {
  program
    .command('clusters')
    .description(
      'cluster relocation candidates (or a point file) by distance across admin boundaries (DBSCAN)',
    )
    .requiredOption('--eps-m <m>', 'neighbourhood radius in metres')
    .requiredOption(
      '--min-points <n>',
      'minimum neighbourhood size of a core village (itself included)',
    )
    .option('--max-population <n>', 'split clusters above this population (site capacity)')
    .option('--distance <kind>', 'straight | network (along roads)', 'straight')
    .option('--admin <code>', 'admin unit to cluster (database mode)')
    .option('--only <which>', 'candidates | all villages (database mode)', 'candidates')
    .option('--ruleset <id>', 'rule set for the relocation assessment (database mode)')
    .option('--input <file>', 'cluster the points of this GeoJSON file instead of the database')
    .option('--roads <file>', 'road lines GeoJSON for --distance network with --input')
    .option(
      '--admin-layer <file>',
      'admin polygons (township/county/city) to find the units each cluster spans',
    )
    .option('--outlines <file>', 'also write the cluster outlines (hulls) to this GeoJSON file')
    .requiredOption('--out <file>', 'output GeoJSON file')
    .action(async (options: ClusterCommandOptions, command: Command) => {
      const epsM = parseNumber(options.epsM, '--eps-m') as number
      const minPoints = parseNumber(options.minPoints, '--min-points', true) as number
      const maxPopulation = parseNumber(options.maxPopulation, '--max-population') ?? null
      if (options.distance !== 'straight' && options.distance !== 'network') {
        throw new DomainError(
          'invalid-input',
          `--distance must be straight or network, got "${options.distance}"`,
        )
      }
      if (options.only !== 'candidates' && options.only !== 'all') {
        throw new DomainError(
          'invalid-input',
          `--only must be candidates or all, got "${options.only}"`,
        )
      }
      const distance = options.distance
      const adminUnits = options.adminLayer
        ? (readFeatureCollection(options.adminLayer).features as AdminPolygonFeature[])
        : undefined
      let collection: ClusterCollection
      if (options.input) {
        const features = asPointFeatures(readFeatureCollection(options.input), options.input)
        const roads = options.roads
          ? (readFeatureCollection(options.roads).features.filter(
              (f) => f.geometry?.type === 'LineString' || f.geometry?.type === 'MultiLineString',
            ) as Array<Feature<LineString | MultiLineString>>)
          : []
        const result = clusterVillages(features, {
          epsM,
          minPoints,
          maxPopulation,
          distance,
          roads,
          ...(adminUnits ? { adminUnits } : {}),
        })
        collection = toClusterCollection(features, result, { input: options.input })
      } else {
        collection = await withDatabase(command, async (database) => {
          const run = await runClusters(database.db, {
            ...(options.admin !== undefined ? { adminCode: options.admin } : {}),
            epsM,
            minPoints,
            maxPopulation,
            distance,
            only: options.only as 'candidates' | 'all',
            rulesetId: options.ruleset ?? null,
            ...(adminUnits ? { adminUnits } : {}),
          })
          return toClusterCollection(run.villages, run.result, {
            only: run.only,
            ruleset: run.rulesetId,
            adminNames: Object.fromEntries(run.adminNames),
          })
        })
      }
      fs.writeFileSync(options.out, JSON.stringify(collection))
      if (options.outlines) fs.writeFileSync(options.outlines, JSON.stringify(collection.outlines))
      const p = collection.properties
      console.log(
        `${collection.features.length} points, ${p.clusterCount} clusters (${p.crossingTownshipCount} cross a township line), ${p.noiseCount} noise; EPSG:${p.params.epsg}; wrote ${options.out}`,
      )
    })
}
