import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildProgram } from '../../src/cli/index'

describe('tongcun sites solve (no database)', () => {
  it('writes the result file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongcun-sites-'))
    const problemFile = path.join(dir, 'problem.json')
    const outFile = path.join(dir, 'result.json')
    fs.writeFileSync(
      problemFile,
      JSON.stringify({
        objective: 'p-median',
        p: 2,
        maxCost: 5000,
        demand: [
          { id: 'v1', weight: 120, size: 40 },
          { id: 'v2', weight: 80, size: 30 },
          { id: 'v3', weight: 50, size: 20 },
        ],
        candidates: [
          { id: 's1', capacity: 60 },
          { id: 's2', capacity: 50 },
          { id: 's3', open: 'forbidden' },
        ],
        costs: {
          v1: { s1: 1520.5, s2: 3000, s3: 10 },
          v2: { s1: 2500, s2: 800, s3: 10 },
          v3: { s1: 1200, s2: 1300, s3: 10 },
        },
      }),
    )
    const log = console.log
    const stderr = process.stderr.write
    console.log = () => undefined
    process.stderr.write = (() => true) as typeof process.stderr.write
    try {
      await (
        await buildProgram()
      ).parseAsync([
        'node',
        'tongcun',
        'sites',
        'solve',
        problemFile,
        '--out',
        outFile,
        '--seed',
        '3',
      ])
    } finally {
      console.log = log
      process.stderr.write = stderr
    }
    const result = JSON.parse(fs.readFileSync(outFile, 'utf8'))
    // s3 is forbidden, so s1 and s2 open; every village's cheapest site fits the capacities
    // (s1: 40 + 20 = 60, s2: 30), so the optimum is 120·1520.5 + 80·800 + 50·1200.
    expect(result).toMatchObject({
      status: 'optimal',
      objective: 120 * 1520.5 + 80 * 800 + 50 * 1200,
      open: ['s1', 's2'],
      assignment: { v1: 's1', v2: 's2', v3: 's1' },
      uncovered: [],
    })
  })
})
