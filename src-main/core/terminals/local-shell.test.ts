import { describe, expect, it } from 'vitest'
import { openLocalShell } from './local-shell'

describe('the local shell of This PC', () => {
  it('runs the user’s shell in a PTY of the asked size and reports its exit', async () => {
    let output = ''
    const ended = new Promise<{ exited: boolean; message: string }>((resolve) => {
      const shell = openLocalShell(
        { cols: 77, rows: 19 },
        { onData: (text) => (output += text), onEnd: resolve },
        { ...process.env, SHELL: '/bin/sh' }
      )
      shell.write('stty size; echo local-$((5*5)); exit 3\r')
    })
    expect(await ended).toEqual({ exited: true, message: 'The shell exited with code 3' })
    expect(output).toContain('19 77')
    expect(output).toContain('local-25')
  })
})
