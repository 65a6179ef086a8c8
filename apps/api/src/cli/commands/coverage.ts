/**
 * `tongcun coverage --ruleset <id|file> [--admin <code>] --format geojson|csv|xlsx --out <file>
 * [--network <n>] [--lang zh|en]`: coverage of every village (GeoJSON) or the gap list (CSV/XLSX)
 * from the configured database. `--ruleset` is a stored/built-in id or a rule-set JSON file
 * (validated; not stored). Prints a one-line summary per network on stderr.
 */
import fs from 'node:fs'
import type { Command } from 'commander'
import { COVERAGE_NETWORKS, DomainError, parseRuleSet } from '@tongcun/domain'
import type { CoverageNetwork, CoverageSummary, RuleSet } from '@tongcun/domain'
import { listGapRows, stringifyCoverageGeoJson, type CoverageTable } from '@tongcun/coverage'
import { getCoverage, getCoverageTable } from '../../db/queries/coverage'
import { formatGapCsv, formatGapXlsx } from '../../routes/coverage/gap-export'
import { readJsonFile, withDatabase } from '../context'

interface CoverageCommandOptions {
  ruleset: string
  admin?: string
  format: string
  out: string
  network?: string
  lang: string
}

/**
 * Writes `chunks` to `file`, pulling the next chunk only as the file takes them (so the whole text
 * never sits in memory), through two reused 1 MB buffers: one is written while the next is filled,
 * and a `Buffer` per chunk (an external allocation) is avoided — V8 answered a stream of them with
 * full collections (the 1.9 GB national GeoJSON spent most of its time in them). Resolves once the
 * file is written and closed. If anything fails, the file it opened is removed, so a failed run
 * leaves no half-written output; the error names the file.
 */
export async function writeChunksToFile(file: string, chunks: Iterable<string>): Promise<void> {
  // Opened first: a file that cannot be opened was not created, so there is nothing to remove.
  const handle = await fs.promises.open(file, 'w')
  const writeAll = async (data: Buffer, length: number) => {
    for (let done = 0; done < length;) {
      const { bytesWritten } = await handle.write(data, done, length - done)
      done += bytesWritten
    }
  }
  let pending: Promise<void> = Promise.resolve()
  // A write in flight is awaited later; marked handled now, so that its failure waits for that await
  // instead of ending the process as an unhandled rejection.
  const start = (data: Buffer, length: number) => {
    pending = writeAll(data, length)
    pending.catch(() => undefined)
  }
  try {
    const buffers = [Buffer.allocUnsafe(2 ** 20), Buffer.allocUnsafe(2 ** 20)]
    let current = 0
    let used = 0
    // Hands the filled buffer to the disk and goes on filling the other one.
    const flush = async () => {
      await pending
      const full = buffers[current] as Buffer
      const length = used
      start(full, length)
      current = 1 - current
      used = 0
    }
    const size = (buffers[0] as Buffer).length
    for (const chunk of chunks) {
      // A UTF-16 code unit takes at most 3 bytes in UTF-8: with that much room left the chunk fits,
      // and its exact byte length (a second pass over the text) is only needed when it may not.
      if (used + 3 * chunk.length > size) {
        const bytes = Buffer.byteLength(chunk)
        if (used + bytes > size && used > 0) await flush()
        if (bytes > size) {
          await pending
          start(Buffer.from(chunk), bytes)
          continue
        }
      }
      used += (buffers[current] as Buffer).write(chunk, used)
    }
    if (used > 0) await flush()
    await pending
    await handle.close()
  } catch (error) {
    await pending.catch(() => undefined)
    try {
      await handle.close()
    } catch {
      // Already closed (the error came from close itself): the file is removed below either way.
    } finally {
      fs.rmSync(file, { force: true })
    }
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(`cannot write ${file}: ${message}`, { cause: error })
  }
}

/** Reads a rule set from a JSON file; errors name the file. */
export function readRulesetFile(file: string): RuleSet {
  return parseRuleSet(readJsonFile(file, 'rule set', 'invalid-ruleset'), file)
}

export function register(program: Command): void {
  program
    .command('coverage')
    .description('coverage of every village (GeoJSON) or the gap list (CSV/XLSX) under a rule set')
    .requiredOption(
      '--ruleset <id|file>',
      'rule set id (e.g. policy-2015, rai-2km) or a rule-set JSON file',
    )
    .option('--admin <code>', 'admin unit (2-12 digit code); default: every village')
    .option('--format <format>', 'geojson | csv | xlsx', 'geojson')
    .option('--network <network>', `gap list for one network (${COVERAGE_NETWORKS.join(', ')})`)
    .option(
      '--lang <lang>',
      'CSV/XLSX headers and reasons: zh (Chinese + English header rows) or en',
      'zh',
    )
    .requiredOption('--out <file>', 'output file')
    .action(async (options: CoverageCommandOptions, command: Command) => {
      if (!['geojson', 'csv', 'xlsx'].includes(options.format)) {
        throw new DomainError(
          'invalid-input',
          `--format must be geojson, csv or xlsx, got "${options.format}"`,
          {
            field: '--format',
          },
        )
      }
      if (
        options.network !== undefined &&
        !COVERAGE_NETWORKS.includes(options.network as CoverageNetwork)
      ) {
        throw new DomainError(
          'invalid-input',
          `--network must be one of ${COVERAGE_NETWORKS.join(', ')}, got "${options.network}"`,
          {
            field: '--network',
          },
        )
      }
      if (options.lang !== 'zh' && options.lang !== 'en') {
        throw new DomainError('invalid-input', `--lang must be zh or en, got "${options.lang}"`, {
          field: '--lang',
        })
      }
      if (options.admin !== undefined && !/^\d{2,12}$/.test(options.admin)) {
        throw new DomainError(
          'invalid-input',
          `--admin must be a 2-12 digit code, got "${options.admin}"`,
          { field: '--admin' },
        )
      }
      const fromFile = options.ruleset.endsWith('.json') || fs.existsSync(options.ruleset)
      const ruleset = fromFile ? readRulesetFile(options.ruleset) : undefined
      await withDatabase(command, async (database) => {
        const source = {
          ...(ruleset ? { ruleset } : { rulesetId: options.ruleset }),
          adminCode: options.admin ?? null,
        }
        let summary: CoverageSummary
        let described: CoverageTable['ruleset']
        if (options.format === 'geojson') {
          // From the columns, each village described as it is written, in pieces: the national
          // set is longer than one JavaScript string can be, and its 700k described villages would
          // not fit the default heap.
          const { table } = await getCoverageTable(database, source)
          await writeChunksToFile(
            options.out,
            (function* () {
              yield* stringifyCoverageGeoJson(table)
              yield '\n'
            })(),
          )
          summary = table.summary
          described = table.ruleset
        } else {
          const { result } = await getCoverage(database, source)
          const lang = options.lang as 'zh' | 'en'
          const rows = listGapRows(
            result,
            options.network ? { network: options.network as CoverageNetwork } : {},
          )
          fs.writeFileSync(
            options.out,
            options.format === 'csv' ? formatGapCsv(rows, lang) : await formatGapXlsx(rows, lang),
          )
          summary = result.summary
          described = result.ruleset
        }
        process.stderr.write(
          `${described.id} v${described.version}: ${summary.villages} villages, ${summary.fullyCovered} fully covered (${summary.fullyCoveredPct}%)\n`,
        )
        for (const network of COVERAGE_NETWORKS) {
          const n = summary.networks[network]
          process.stderr.write(
            `  ${network}: covered ${n.covered}, gap ${n.gap}, covered-when-planned ${n.coveredWhenPlanned}, not assessed ${n.notAssessed}\n`,
          )
        }
        if (summary.villages === 0) {
          process.stderr.write(
            `warning: no villages ${options.admin ? `in admin unit ${options.admin}` : 'in the database'}: ` +
              'import them (tongcun import villages <file>) or load the sample region (tongcun db seed)\n',
          )
        }
        process.stderr.write(`wrote ${options.out}\n`)
      })
    })
}
