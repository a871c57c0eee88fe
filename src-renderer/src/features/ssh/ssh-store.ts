import { create } from 'zustand'
import type { SshConfigPreview, SshConnectionState } from '../../../../src-shared/ssh'
import { api } from '../../api/api'
import { RequestFailure } from '../../api/client'
import { messageOf } from '../../api/failures'
import { useToastStore } from '../../app/toast-store'
import { useInventoryStore } from '../inventory/inventory-store'
import { applyState, mergeStates, questionKey, type SshStates } from './ssh-model'

interface SshStore {
  /** The core's connection state per node id, kept current by `ssh.state` events. */
  readonly states: SshStates
  /** Questions the user refused or cancelled, by `questionKey`: each stays away until the user asks for its node again. */
  readonly dismissed: ReadonlySet<string>
  /**
   * Nodes the user asked to reach (a terminal, Connect, Review): only their prompts are put up.
   * Health polling meets unknown keys too; those wait on the node's card and details, not in a dialog.
   */
  readonly asked: ReadonlySet<string>
  /** Node ids with a request under way, so their buttons wait. */
  readonly busy: Readonly<Record<string, true>>
  readonly importOpen: boolean
  readonly importPreview: SshConfigPreview | null
  readonly importError: string | null
  readonly importBusy: boolean
  start(): () => void
  /** Fetches every state again, e.g. after the transport was down and events were missed. */
  refresh(): Promise<void>
  connect(nodeId: string): Promise<boolean>
  /** Trusts the key shown on first sight; the core connects with it and replies once that settles. */
  acceptHostKey(nodeId: string, fingerprint: string): Promise<boolean>
  /** Replaces a changed known key (then connects): only ever from its own deliberate confirmation. */
  replaceHostKey(nodeId: string, fingerprint: string): Promise<boolean>
  /** The secret passes straight to the core; it is never kept here. */
  authenticate(nodeId: string, secret: string, remember: boolean): Promise<boolean>
  dismiss(state: SshConnectionState): void
  /** Asks again a prompt of this node that was dismissed, or that polling met. */
  reopen(nodeId: string): void
  /** The user is reaching this node: its prompts may be put up. */
  ask(nodeId: string): void
  openImport(): void
  closeImport(): void
  loadImportPreview(): Promise<void>
  applyImport(aliases: readonly string[]): Promise<boolean>
}


function nodeName(nodeId: string): string {
  return useInventoryStore.getState().state?.inventory.nodes.find((node) => node.id === nodeId)?.name ?? nodeId
}

const none: ReadonlySet<string> = new Set()

/** The SSH connections the core keeps, the prompts they wait on, and the ~/.ssh/config import. */
export const useSshStore = create<SshStore>()((set, get) => {
  const apply = (state: SshConnectionState) => set({ states: applyState(get().states, state) })

  const setBusy = (nodeId: string, busy: boolean) => {
    const { [nodeId]: _was, ...rest } = get().busy
    set({ busy: busy ? { ...rest, [nodeId]: true } : rest })
  }

  /** Runs one request for a node; a failure becomes a toast that names the node. */
  const run = async (nodeId: string, failure: string, work: () => Promise<SshConnectionState>): Promise<boolean> => {
    setBusy(nodeId, true)
    try {
      apply(await work())
      return true
    } catch (error) {
      useToastStore.getState().show(`${failure} ${nodeName(nodeId)}: ${messageOf(error)}`)
      return false
    } finally {
      setBusy(nodeId, false)
    }
  }

  return {
    states: {},
    dismissed: none,
    asked: none,
    busy: {},
    importOpen: false,
    importPreview: null,
    importError: null,
    importBusy: false,

    start() {
      const unsubscribe = api().on('ssh.state', apply)
      void get().refresh()
      return unsubscribe
    },

    async refresh() {
      try {
        const listed = await api().request('ssh.connections', {})
        const states = mergeStates(get().states, listed)
        const current = new Set(Object.values(states).map(questionKey))
        set({ states, dismissed: new Set([...get().dismissed].filter((key) => current.has(key))) })
      } catch (error) {
        // A core without SSH yet is not the user's problem; anything else is.
        if (error instanceof RequestFailure && error.detail.code === 'unknown-request') return
        useToastStore.getState().show(`Could not load the SSH connections: ${messageOf(error)}`)
      }
    },

    connect: (nodeId) => {
      get().ask(nodeId)
      return run(nodeId, 'Could not connect to', () => api().request('ssh.connect', { nodeId }))
    },

    acceptHostKey: (nodeId, fingerprint) =>
      run(nodeId, 'Could not trust the host key of', () => api().request('ssh.acceptHostKey', { nodeId, fingerprint })),

    replaceHostKey: (nodeId, fingerprint) =>
      run(nodeId, 'Could not replace the host key of', () => api().request('ssh.replaceHostKey', { nodeId, fingerprint })),

    authenticate: (nodeId, secret, remember) =>
      run(nodeId, 'Could not log in to', () => api().request('ssh.authenticate', { nodeId, secret, remember })),

    dismiss: (state) => set({ dismissed: new Set([...get().dismissed, questionKey(state)]) }),

    reopen(nodeId) {
      const prefix = `${nodeId}|`
      get().ask(nodeId)
      set({ dismissed: new Set([...get().dismissed].filter((key) => !key.startsWith(prefix))) })
    },

    ask(nodeId) {
      if (!get().asked.has(nodeId)) set({ asked: new Set([...get().asked, nodeId]) })
    },

    openImport() {
      set({ importOpen: true, importPreview: null, importError: null })
      void get().loadImportPreview()
    },

    closeImport: () => set({ importOpen: false, importPreview: null, importError: null }),

    async loadImportPreview() {
      set({ importBusy: true, importError: null })
      try {
        const preview = await api().request('ssh.importConfig.preview', {})
        if (get().importOpen) set({ importPreview: preview })
      } catch (error) {
        set({ importError: `Could not read the SSH config: ${messageOf(error)}` })
      } finally {
        set({ importBusy: false })
      }
    },

    async applyImport(aliases) {
      if (aliases.length === 0) return false
      set({ importBusy: true, importError: null })
      try {
        const state = await api().request('ssh.importConfig.apply', { aliases: [...aliases] })
        useInventoryStore.setState({ state, error: null })
        useToastStore.getState().show(`Imported ${aliases.length} host${aliases.length === 1 ? '' : 's'}`, 'good')
        get().closeImport()
        return true
      } catch (error) {
        set({ importError: `The hosts were not imported: ${messageOf(error)}` })
        return false
      } finally {
        set({ importBusy: false })
      }
    }
  }
})
