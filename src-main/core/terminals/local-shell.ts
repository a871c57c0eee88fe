import { spawn } from '@lydell/node-pty'
import { homedir } from 'node:os'
import type { ShellHandlers, ShellSession, ShellSize } from './shell-session'

/** The user's own shell on this PC, in a PTY. */
export function openLocalShell(size: ShellSize, handlers: ShellHandlers, env: NodeJS.ProcessEnv = process.env): ShellSession {
  const shell = process.platform === 'win32' ? (env.COMSPEC?.toLowerCase().includes('powershell') ? env.COMSPEC : 'powershell.exe') : (env.SHELL ?? '/bin/bash')
  const pty = spawn(shell, [], {
    name: 'xterm-256color',
    cols: size.cols,
    rows: size.rows,
    cwd: homedir(),
    env: { ...env, TERM: 'xterm-256color' } as Record<string, string>
  })
  pty.onData((text) => handlers.onData(text))
  pty.onExit(({ exitCode, signal }) =>
    handlers.onEnd({ exited: true, message: signal ? `The shell was ended by signal ${signal}` : `The shell exited with code ${exitCode}` })
  )
  return {
    write: (data) => pty.write(data),
    resize: (cols, rows) => pty.resize(cols, rows),
    pause: () => pty.pause(),
    resume: () => pty.resume(),
    close: () => pty.kill()
  }
}
