// Fails when src/gql/ differs from what `npm run codegen` would write now (stale generated files).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const committed = 'src/gql'
const fresh = mkdtempSync(join(tmpdir(), 'mentormatch-gql-'))
let stale = []
try {
  execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], {
    stdio: 'inherit',
    env: { ...process.env, CODEGEN_OUT: `${fresh}/` },
  })
  const names = new Set([...readdirSync(fresh), ...(existsSync(committed) ? readdirSync(committed) : [])])
  stale = [...names].filter((name) => {
    const a = join(fresh, name)
    const b = join(committed, name)
    return !existsSync(a) || !existsSync(b) || readFileSync(a, 'utf8') !== readFileSync(b, 'utf8')
  })
} finally {
  rmSync(fresh, { recursive: true, force: true })
}
if (stale.length > 0) {
  console.error(`src/gql is stale (${stale.join(', ')}): run \`make codegen\` (npm run codegen) and commit it.`)
  process.exitCode = 1
} else {
  console.log('src/gql is up to date with ../schema.graphql and the operations in src/.')
}
