import { create } from 'zustand'
import type { ConnectionState } from '../api/transport'

export const useConnectionStore = create<{ readonly state: ConnectionState }>()(() => ({ state: 'connecting' }))
