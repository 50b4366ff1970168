import { flushSync } from 'react-dom'

/**
 * ReactDOM.flushSync in the shape RouterProvider takes (what react-router/dom passes it): a navigation
 * made with `flushSync: true` renders at once instead of in a transition a busy page may defer.
 */
export function routerFlushSync(update: () => unknown): undefined {
  flushSync(update)
}
