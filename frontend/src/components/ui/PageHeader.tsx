import { useEffect, type ReactNode } from 'react'

/** Sets the document title to "<screen> · mentormatch". */
export function useDocumentTitle(screen: string) {
  useEffect(() => {
    document.title = `${screen} · mentormatch`
  }, [screen])
}

/** A screen's one `<h1>`, which also names the browser tab. */
export function PageHeader({ title, documentTitle, children }: { title: string; documentTitle?: string; children?: ReactNode }) {
  useDocumentTitle(documentTitle ?? title)
  return (
    <header className="page-header">
      <h1 className="page-header__title">{title}</h1>
      {children && <div className="page-header__intro">{children}</div>}
    </header>
  )
}
