import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
const t = performance.now()
const pg = await PGlite.create({ dataDir: '/tmp/probe/q1', extensions: { postgis } })
console.log('pglite open', ((performance.now() - t) / 1000).toFixed(2))
await pg.close()
