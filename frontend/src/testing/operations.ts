import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql'
import { CombinedError } from 'urql'
import { concat, fromValue, never, type Source } from 'wonka'
import { mockClient } from './render'

export type Variables = Record<string, unknown>

/** What the client's execute* are given: the operation's document and its variables. */
export interface OperationRequest {
  query: DocumentNode
  variables: Variables
}

/** Answers one operation from its variables: its data, a CombinedError, or a whole wonka source. */
export type Handler = (variables: Variables) => unknown

/** Handlers keyed by operation name, e.g. `{ MentorProfile: ({ id }) => ({ profile }) }`. */
export type Handlers = Record<string, Handler>

export interface MockApi {
  /** When given, the `Viewer` query answers `{ me }` (unless `queries` answers it). */
  me?: unknown
  queries?: Handlers
  mutations?: Handlers
}

export type MockClient = ReturnType<typeof mockClient>

/** The name of a request's operation, e.g. 'Viewer' for `query Viewer { … }`. */
export function operationName(request: { query: DocumentNode }): string {
  const isOperation = (d: DocumentNode['definitions'][number]): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION
  return request.query.definitions.find(isOperation)?.name?.value ?? ''
}

/** A result that stays open like a real one: urql forgets an error when its source ends. */
export function stayOpen(result: object) {
  return concat([fromValue(result), never])
}

/** `{ data }`, staying open. */
export function answer(data: unknown) {
  return stayOpen({ data })
}

/** A handler's result as a result object: a CombinedError as `{ error }`, anything else as `{ data }`. */
function result(value: unknown): object {
  return value instanceof CombinedError ? { error: value } : { data: value }
}

/** A source of what a handler returned: a source as it is, else its result, once (or staying open). */
function respond(value: unknown, open: boolean): Source<unknown> {
  if (typeof value === 'function') return value as Source<unknown>
  return open ? stayOpen(result(value)) : fromValue(result(value))
}

/**
 * A mock urql client answering by operation name: queries stay open, mutations answer once, and
 * an operation without a handler never answers.
 */
export function mockApi({ me, queries = {}, mutations = {} }: MockApi = {}): MockClient {
  const queryHandlers: Handlers = me === undefined ? queries : { Viewer: () => ({ me }), ...queries }
  return mockClient({
    executeQuery: ((request: OperationRequest) => {
      const handler = queryHandlers[operationName(request)]
      return handler ? respond(handler(request.variables), true) : never
    }) as never,
    executeMutation: ((request: OperationRequest) => {
      const handler = mutations[operationName(request)]
      return handler ? respond(handler(request.variables), false) : never
    }) as never,
  })
}

function variablesOfCalls(calls: unknown[][], name: string): Variables[] {
  return calls
    .map(([request]) => request as OperationRequest)
    .filter((request) => operationName(request) === name)
    .map((request) => request.variables)
}

/** The variables of each query `name` the client was asked, in order. */
export function queryVariables(client: MockClient, name: string): Variables[] {
  return variablesOfCalls(client.executeQuery.mock.calls, name)
}

/** The variables of each mutation `name` the client was asked, in order. */
export function mutationVariables(client: MockClient, name: string): Variables[] {
  return variablesOfCalls(client.executeMutation.mock.calls, name)
}
