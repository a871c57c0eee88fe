import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { PlayerActionForm } from './PlayerActionForm'
import { TpsFigures } from './TpsFigures'

describe('TpsFigures', () => {
  it('blames a missing tps command only when RCON answers', () => {
    expect(renderToStaticMarkup(<TpsFigures tps={null} rconAnswers />)).toContain('the server has no tps command')
    expect(renderToStaticMarkup(<TpsFigures tps={null} rconAnswers={false} />)).toContain('not read: it comes over RCON')
  })
})

describe('PlayerActionForm', () => {
  it('makes its first action the submit button, so Enter in the kick form’s two fields kicks', () => {
    const html = renderToStaticMarkup(
      <PlayerActionForm serverId="pi/mc" legend="Kick" playerLabel="Player to kick" listId="players" reasonLabel="Reason" actions={[{ action: 'kick', label: 'Kick…' }]} disabled={false} />
    )
    expect(html).toContain('<button type="submit">Kick…</button>')
    expect(html.match(/<input/g)).toHaveLength(2)
  })
})
