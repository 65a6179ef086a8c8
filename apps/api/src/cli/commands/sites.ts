import fs from 'node:fs'
import type { Command } from 'commander'
import { DomainError } from '@tongcun/domain'
import { solveSites } from '@tongcun/siting'
import { readJsonFile } from '../context'

/** `tongcun sites solve <problem.json> [--time-limit <s>] [--seed <n>] [--method …] --out <result.json>` (no database). */
export function register(program: Command): void {
  const sites = program
    .command('sites')
    .description('resettlement-site choice (p-median, mclp, lscp, p-center)')
  sites
    .command('solve')
    .description(
      'solve a siting problem file (format: packages/siting/README.md) and write the result JSON',
    )
    .argument('<problem>', 'problem JSON file')
    .requiredOption('--out <file>', 'result JSON file')
    .option('--time-limit <seconds>', 'time limit in seconds', '60')
    .option('--seed <n>', 'PRNG seed of the heuristics', '1')
    .option('--method <method>', 'exact | heuristic | auto', 'auto')
    .action(
      async (
        file: string,
        options: { out: string; timeLimit: string; seed: string; method: string },
      ) => {
        const timeLimitSeconds = Number(options.timeLimit)
        const seed = Number(options.seed)
        if (!(timeLimitSeconds > 0))
          throw new DomainError(
            'invalid-input',
            `--time-limit: expected seconds > 0, got ${options.timeLimit}`,
          )
        if (!Number.isInteger(seed))
          throw new DomainError('invalid-input', `--seed: expected an integer, got ${options.seed}`)
        if (!['exact', 'heuristic', 'auto'].includes(options.method)) {
          throw new DomainError(
            'invalid-input',
            `--method: expected exact, heuristic or auto, got ${options.method}`,
          )
        }
        const input = readJsonFile(file, 'siting problem')
        let result
        try {
          result = await solveSites(input, {
            timeLimitSeconds,
            seed,
            method: options.method as 'exact' | 'heuristic' | 'auto',
            clock: () => performance.now(),
            onProgress: (progress, message) =>
              process.stderr.write(`${Math.round(progress * 100)}% ${message}\n`),
          })
        } catch (error) {
          if (error instanceof DomainError)
            throw new DomainError(error.code, `${file}: ${error.message}`, error.details)
          throw error
        }
        fs.writeFileSync(options.out, `${JSON.stringify(result, null, 2)}\n`)
        const gap = result.gap === null ? '' : `, gap ${(result.gap * 100).toFixed(3)}%`
        console.log(
          `${result.status} (${result.method}): objective ${result.objective ?? '-'}${gap}, ${result.open.length} sites open, ${result.uncovered.length} uncovered, ${result.seconds.toFixed(2)} s${result.reason ? ` — ${result.reason}` : ''}`,
        )
        console.log(`wrote ${options.out}`)
      },
    )
}
