import '@testing-library/jest-dom/vitest'
import { cleanup, configure } from '@testing-library/react'
import { afterEach } from 'vitest'

// findBy*/waitFor wait up to 5 s (not 1 s): on a loaded machine (CI, two cores) a screen's first render
// can take longer than a second, and a wait that times out there proves nothing about the screen.
configure({ asyncUtilTimeout: 5000 })

afterEach(() => {
  cleanup()
})
