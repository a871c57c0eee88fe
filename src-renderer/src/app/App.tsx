import { useEffect } from 'react'
import { CommandPalette } from '../components/CommandPalette'
import { Sidebar } from '../components/Sidebar'
import { Toasts } from '../components/Toasts'
import { DashboardView } from '../features/health/DashboardView'
import { useHealthStore } from '../features/health/health-store'
import { ImagesView } from '../features/imagegen/ImagesView'
import { startImages } from '../features/imagegen/start-images'
import { ProblemBanner } from '../features/inventory/ProblemBanner'
import { useInventoryStore } from '../features/inventory/inventory-store'
import { MinecraftView } from '../features/minecraft/MinecraftView'
import { Onboarding } from '../features/onboarding/Onboarding'
import { PlaygroundView } from '../features/playground/PlaygroundView'
import { startPlayground } from '../features/playground/start-playground'
import { SettingsView } from '../features/settings/SettingsView'
import { TerminalsView } from '../features/terminals/TerminalsView'
import { useTerminalsStore } from '../features/terminals/terminals-store'
import { AuthDialog } from '../features/ssh/AuthDialog'
import { HostKeyDialog } from '../features/ssh/HostKeyDialog'
import { SshImportDialog } from '../features/ssh/SshImportDialog'
import { useSshStore } from '../features/ssh/ssh-store'
import { TopologyView } from '../features/topology/TopologyView'
import { useNavigationStore } from './navigation-store'
import { useShortcuts } from './use-shortcuts'

export function App() {
  const section = useNavigationStore((store) => store.section)
  const loaded = useInventoryStore((store) => store.state !== null)
  useShortcuts()
  useEffect(() => useInventoryStore.getState().start(), [])
  // Terminals live on while other sections are shown: their events are handled from the start.
  useEffect(() => useTerminalsStore.getState().start(), [])
  useEffect(() => useSshStore.getState().start(), [])
  // Status shows on the map and in toasts whatever section is open.
  useEffect(() => useHealthStore.getState().start(), [])
  // Answers stream on and pulls progress while other sections are shown.
  useEffect(() => startPlayground(), [])
  // Queues run on and new images land in the gallery while other sections are shown.
  useEffect(() => startImages(), [])

  return (
    <div className="app">
      <Sidebar />
      <main className="content">
        <ProblemBanner />
        {!loaded ? (
          <p className="loading" role="status">
            Loading the inventory…
          </p>
        ) : section === 'topology' ? (
          <>
            <Onboarding />
            <TopologyView />
          </>
        ) : section === 'terminals' ? (
          <TerminalsView />
        ) : section === 'dashboard' ? (
          <DashboardView />
        ) : section === 'playground' ? (
          <PlaygroundView />
        ) : section === 'minecraft' ? (
          <MinecraftView />
        ) : section === 'images' ? (
          <ImagesView />
        ) : (
          <SettingsView />
        )}
      </main>
      <CommandPalette />
      <SshImportDialog />
      <HostKeyDialog />
      <AuthDialog />
      <Toasts />
    </div>
  )
}
