import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { restoreConfirmed } from './restore-confirm'
import { RestoreDialog } from './RestoreDialog'

const file = 'world-2025-06-01T04-00-00.tar.gz'

describe('restoreConfirmed', () => {
  it('waits for the archive’s name, typed exactly', () => {
    expect(restoreConfirmed('', file)).toBe(false)
    expect(restoreConfirmed('world-2025-06-01', file)).toBe(false)
    expect(restoreConfirmed(file.toUpperCase(), file)).toBe(false)
    expect(restoreConfirmed(`${file}x`, file)).toBe(false)
    expect(restoreConfirmed(file, file)).toBe(true)
    expect(restoreConfirmed(`  ${file} `, file)).toBe(true)
    expect(restoreConfirmed('', '')).toBe(false)
  })
})

describe('RestoreDialog', () => {
  it('opens with Restore disabled, the warning that the server stops, and the name to type', () => {
    const html = renderToStaticMarkup(<RestoreDialog serverId="pi-primary/minecraft" serverName="Pi Primary › Minecraft" file={file} onClose={() => undefined} />)
    expect(html).toMatch(/<button type="submit" class="danger" disabled="">Restore<\/button>/)
    expect(html).toContain('Pi Primary › Minecraft will be stopped')
    expect(html).toContain(`Type <code>${file}</code> to confirm`)
  })
})
