import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { api, setApi } from './api/api'
import { connect } from './api/connect'
import { onReconnect } from './api/on-reconnect'
import { App } from './app/App'
import { useConnectionStore } from './app/connection-store'
import { useHealthStore } from './features/health/health-store'
import { useInventoryStore } from './features/inventory/inventory-store'
import { useSshStore } from './features/ssh/ssh-store'
import { useTerminalsStore } from './features/terminals/terminals-store'
import './styles.css'

setApi(connect())
api().onConnectionChange((state) => useConnectionStore.setState({ state }))
onReconnect(() => {
  void useInventoryStore.getState().refresh()
  void useSshStore.getState().refresh()
  void useTerminalsStore.getState().refresh()
  void useHealthStore.getState().refresh()
})

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>
)
