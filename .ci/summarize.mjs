// Reads Vitest's JSON report and prints the closing line CI reads: `N passed, N failed`.
// Skipped or todo tests count as failures here: in CI every test must run.
import { readFileSync } from 'node:fs'

const [file, vitestStatus] = process.argv.slice(2)
let report
try {
  report = JSON.parse(readFileSync(file, 'utf8'))
} catch (error) {
  console.error(`cannot read the Vitest report ${file}: ${error.message}`)
  console.log('0 passed, 1 failed')
  process.exit(1)
}
const passed = report.numPassedTests
const skipped = report.numPendingTests + report.numTodoTests
const failedSuites = report.testResults.filter(
  (r) => r.status === 'failed' && r.assertionResults.every((a) => a.status !== 'failed'),
)
for (const suite of failedSuites)
  console.error(`suite failed to run: ${suite.name}\n${suite.message}`)
for (const suite of report.testResults) {
  for (const test of suite.assertionResults) {
    if (test.status === 'pending' || test.status === 'skipped' || test.status === 'todo') {
      console.error(`skipped in CI (not allowed): ${suite.name} > ${test.fullName}`)
    }
  }
}
let failed = report.numFailedTests + skipped + failedSuites.length + (passed === 0 ? 1 : 0)
if (passed === 0) console.error('no test ran')
if (failed === 0 && vitestStatus !== '0') {
  console.error(
    `vitest exited with ${vitestStatus} (unhandled error or type error): counted as a failure`,
  )
  failed = 1
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 || vitestStatus !== '0' ? 1 : 0)
