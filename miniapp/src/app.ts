import type { PropsWithChildren } from 'react'
import './app.scss'

function App({ children }: PropsWithChildren) {
  // children are the pages being rendered
  return children
}

export default App
