import { useEffect, useState } from 'react'
import { graphqlRequest } from './api.ts'

const SERVER_INFO_QUERY = '{ serverInfo { version } }'

interface ServerInfoResult {
  serverInfo: { version: string }
}

type ApiStatus = { kind: 'checking' } | { kind: 'ok'; version: string } | { kind: 'unreachable' }

function useApiStatus(): ApiStatus {
  const [status, setStatus] = useState<ApiStatus>({ kind: 'checking' })

  useEffect(() => {
    let active = true
    graphqlRequest<ServerInfoResult>(SERVER_INFO_QUERY)
      .then((data) => {
        if (active) setStatus({ kind: 'ok', version: data.serverInfo.version })
      })
      .catch(() => {
        if (active) setStatus({ kind: 'unreachable' })
      })
    return () => {
      active = false
    }
  }, [])

  return status
}

function StatusLine({ status }: { status: ApiStatus }) {
  switch (status.kind) {
    case 'checking':
      return <span className="status status--checking">Checking API…</span>
    case 'ok':
      return <span className="status status--ok">API version {status.version}</span>
    case 'unreachable':
      return <span className="status status--error">API unreachable</span>
  }
}

export default function App() {
  const status = useApiStatus()

  return (
    <main className="landing">
      <h1 className="landing__title">mentormatch</h1>
      <p className="landing__tagline">
        Reverse mentorship matching: find the mentor who can teach what you want to learn
      </p>
      <footer className="landing__footer" role="status" aria-live="polite">
        <StatusLine status={status} />
      </footer>
    </main>
  )
}
