import { useId } from 'react'
import type { MinecraftServerInfo } from '../../../../src-shared/minecraft'

interface ServerPickerProps {
  readonly servers: readonly MinecraftServerInfo[]
  readonly value: string
  readonly onChange: (serverId: string) => void
}

/** Which server the section shows, when the inventory has more than one. */
export function ServerPicker({ servers, value, onChange }: ServerPickerProps) {
  const id = useId()
  return (
    <div className="field mc-picker">
      <label htmlFor={id}>Server</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {servers.map((server) => (
          <option key={server.id} value={server.id}>
            {server.name}
          </option>
        ))}
      </select>
    </div>
  )
}
