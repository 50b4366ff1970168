import type { CodegenConfig } from '@graphql-codegen/cli'

// Reads the committed SDL, so no running server is needed. `npm run codegen` writes src/gql/;
// `npm run codegen:check` (scripts/codegen-check.mjs) fails when src/gql/ is stale.
// CODEGEN_OUT lets the check generate elsewhere and compare, without touching src/gql/ or needing git.
const out = process.env.CODEGEN_OUT ?? 'src/gql/'

const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*', '!src/**/*.test.{ts,tsx}', '!src/testing/**/*'],
  ignoreNoDocuments: true,
  generates: {
    [out]: {
      preset: 'client',
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', Date: 'string' },
        skipTypename: false,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      },
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'useFragment' } },
    },
  },
}

export default config
