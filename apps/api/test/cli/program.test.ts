/**
 * The CLI's program: every command for help, only the named one for a run (its module alone is
 * imported), and which argument names the command.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildProgram, commandNamed } from '../../src/cli/index'

const ALL = ['serve', 'db', 'info', 'import', 'sites', 'clusters', 'regions', 'coverage']
const BIN = fileURLToPath(new URL('../../bin/tongcun.js', import.meta.url))

describe('the tongcun program', () => {
  it('finds the command past the global options', () => {
    expect(commandNamed(['coverage', '--out', 'x.geojson'])).toBe('coverage')
    // A data dir named like a command is the option's value, not the command.
    expect(commandNamed(['--data-dir', 'coverage', 'info'])).toBe('info')
    expect(commandNamed(['--data-dir=coverage', 'info', '--json'])).toBe('info')
    expect(commandNamed(['--help'])).toBeNull()
    expect(commandNamed(['help', 'coverage'])).toBeNull()
    expect(commandNamed(['nonsense'])).toBeNull()
    expect(commandNamed(['toString'])).toBeNull()
    expect(commandNamed([])).toBeNull()
  })

  it('registers every command in help order, or only the one a run names', async () => {
    expect((await buildProgram()).commands.map((command) => command.name())).toEqual(ALL)
    expect((await buildProgram(['help'])).commands.map((command) => command.name())).toEqual(ALL)
    const one = await buildProgram(['--data-dir', 'd', 'sites', 'choose'])
    expect(one.commands.map((command) => command.name())).toEqual(['sites'])
  })

  it('lists every command in the help of the installed bin, and one command its options', () => {
    const help = execFileSync(BIN, ['--help'], { encoding: 'utf8' })
    for (const name of ALL) expect(help).toMatch(new RegExp(`^  ${name}\\b`, 'm'))
    const coverage = execFileSync(BIN, ['coverage', '--help'], { encoding: 'utf8' })
    expect(coverage).toContain('--ruleset <id|file>')
    expect(coverage).toContain('--format <format>')
  }, 60_000)
})
