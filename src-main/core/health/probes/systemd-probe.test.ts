import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../create-core'
import { startSshLab, type SshLab } from '../../../testing/ssh-lab'
import type { NodeExec } from './node-command'
import { judgeSystemctlShow, parseSystemctlShow } from './parse-systemctl'
import { systemctlShowCommand, systemdProbe } from './systemd-probe'

let ssh: SshLab
let core: Core

beforeAll(async () => {
  ssh = await startSshLab({ sshPort: 2282, exporterPort: 9182, healthPort: 8082 })
  core = (await ssh.startCore()).core
}, 60_000)

afterAll(async () => {
  await ssh?.stop()
})

const poolExec: NodeExec = (nodeId, command, options) => core.ssh.pool.exec(nodeId, command, options)

function probe(unit: string, exec: NodeExec = poolExec) {
  return systemdProbe({ id: `lab-pi/${unit}`, nodeId: 'lab-pi', unit, intervalMs: 10_000, timeoutMs: 10_000, exec })
}

describe('the systemd probe, running the real systemctl 252 on a lab node over SSH', () => {
  // The lab machine runs systemctl but was not booted with systemd, so this is its real answer.
  it('is understood by systemctl (no option error) and reports that the node was not booted with systemd', async () => {
    const raw = await poolExec('lab-pi', systemctlShowCommand('nginx'), { timeoutMs: 10_000 })
    expect(raw.stderr).not.toMatch(/unrecognized|invalid option/i)
    expect(raw.stderr).toContain('System has not been booted with systemd')
    const result = await probe('nginx').run(new AbortController().signal)
    expect(result).toEqual({ status: 'down', reason: 'the node was not booted with systemd, so it has no units to check', latencyMs: expect.any(Number) })
  })

  // systemctl reads its options before it looks for systemd, so the answer above means they passed.
  it('would tell a command systemctl rejects apart from a node without systemd', async () => {
    const withBadOption = systemctlShowCommand('nginx').replace('systemctl show', 'systemctl show --no-such-option')
    const rejected = await poolExec('lab-pi', withBadOption, { timeoutMs: 10_000 })
    expect(judgeSystemctlShow('nginx', rejected)).toEqual({ status: 'down', reason: "systemctl failed: systemctl: unrecognized option '--no-such-option'" })
  })

  it('says systemctl is missing when the node’s shell cannot find it (PATH emptied by the test)', async () => {
    const withoutSystemctl: NodeExec = (nodeId, command, options) => poolExec(nodeId, `PATH=/nonexistent; ${command}`, options)
    expect(await probe('nginx', withoutSystemctl).run(new AbortController().signal)).toMatchObject({
      status: 'down',
      reason: 'systemctl is not installed on the node (it does not use systemd)'
    })
  })
})

describe('the systemd probe before and around the command', () => {
  it('never sends a unit name that is not one, and quotes systemd’s escapes as they are', async () => {
    const sent: string[] = []
    const recording: NodeExec = async (_nodeId, command) => {
      sent.push(command)
      return { code: 0, stdout: '', stderr: '' }
    }
    expect(await probe("nginx'; reboot; '", recording).run(new AbortController().signal)).toEqual({
      status: 'down',
      reason: `"nginx'; reboot; '" is not a valid systemd unit name`
    })
    expect(sent).toEqual([])
    expect(systemctlShowCommand('mnt-data\\x2dpool.mount')).toBe(
      "systemctl show --no-pager --property=Id,Description,LoadState,LoadError,ActiveState,SubState,Result,ExecMainStatus,StateChangeTimestamp,ActiveEnterTimestamp -- 'mnt-data\\x2dpool.mount'"
    )
  })

  it('stops at once when the scheduler aborts it', async () => {
    const hanging: NodeExec = () => new Promise(() => undefined)
    const controller = new AbortController()
    const run = probe('nginx', hanging).run(controller.signal)
    controller.abort()
    expect(await run).toEqual({ status: 'down', reason: 'timeout' })
  })

  it('gives the SSH failure as its reason', async () => {
    const unreachable: NodeExec = () => Promise.reject(new Error('the connection was refused (is sshd running on that port?)'))
    expect(await probe('nginx', unreachable).run(new AbortController().signal)).toEqual({
      status: 'down',
      reason: 'no SSH connection: the connection was refused (is sshd running on that port?)'
    })
  })
})

/**
 * Output of systemd 252's `systemctl show --property=… -- <unit>` (as systemctlShowCommand runs it),
 * written from systemd's print format: service properties come before unit properties (D-Bus
 * order), timestamps in the local zone, unset ones empty.
 */
const show = (lines: readonly string[]) => ({ code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' })

const activeNginx = show([
  'Result=success',
  'ExecMainStatus=0',
  'Id=nginx.service',
  'Description=A high performance web server and a reverse proxy server',
  'LoadState=loaded',
  'ActiveState=active',
  'SubState=running',
  'StateChangeTimestamp=Mon 2025-06-02 08:00:03 CEST',
  'ActiveEnterTimestamp=Mon 2025-06-02 08:00:03 CEST',
  'LoadError='
])

const failedNginx = show([
  'Result=exit-code',
  'ExecMainStatus=1',
  'Id=nginx.service',
  'Description=A high performance web server and a reverse proxy server',
  'LoadState=loaded',
  'ActiveState=failed',
  'SubState=failed',
  'StateChangeTimestamp=Tue 2025-06-03 09:41:12 CEST',
  'ActiveEnterTimestamp=Mon 2025-06-02 08:00:03 CEST',
  'LoadError='
])

const stoppedBackup = show([
  'Result=success',
  'ExecMainStatus=0',
  'Id=backup.service',
  'Description=Nightly backup',
  'LoadState=loaded',
  'ActiveState=inactive',
  'SubState=dead',
  'StateChangeTimestamp=Tue 2025-06-03 03:00:41 CEST',
  'ActiveEnterTimestamp=Tue 2025-06-03 03:00:02 CEST',
  'LoadError='
])

const restartingMinecraft = show([
  'Result=exit-code',
  'ExecMainStatus=1',
  'Id=minecraft.service',
  'Description=Minecraft server',
  'LoadState=loaded',
  'ActiveState=activating',
  'SubState=auto-restart',
  'StateChangeTimestamp=Tue 2025-06-03 10:12:55 CEST',
  'ActiveEnterTimestamp=Tue 2025-06-03 10:12:40 CEST',
  'LoadError='
])

const missingUnit = show([
  'Result=success',
  'ExecMainStatus=0',
  'Id=plex.service',
  'Description=plex.service',
  'LoadState=not-found',
  'ActiveState=inactive',
  'SubState=dead',
  'StateChangeTimestamp=',
  'ActiveEnterTimestamp=',
  'LoadError=org.freedesktop.systemd1.NoSuchUnit "Unit plex.service not found."'
])

const brokenUnit = show([
  'Result=success',
  'Id=app.service',
  'Description=app.service',
  'LoadState=bad-setting',
  'ActiveState=inactive',
  'SubState=dead',
  'StateChangeTimestamp=',
  'ActiveEnterTimestamp=',
  'LoadError=org.freedesktop.systemd1.BadUnitSetting "Unit app.service has a bad unit file setting."'
])

describe('reading systemctl show output (systemd 252 format)', () => {
  it('reads Name=value lines by name, in any order', () => {
    const properties = parseSystemctlShow(missingUnit.stdout)
    expect(properties.get('LoadState')).toBe('not-found')
    expect(properties.get('LoadError')).toBe('org.freedesktop.systemd1.NoSuchUnit "Unit plex.service not found."')
    expect(properties.get('StateChangeTimestamp')).toBe('')
  })

  it('calls an active unit up, with its state, since when and description', () => {
    expect(judgeSystemctlShow('nginx', activeNginx)).toEqual({
      status: 'up',
      facts: [
        { label: 'state', value: 'active (running)' },
        { label: 'since', value: 'Mon 2025-06-02 08:00:03 CEST' },
        { label: 'description', value: 'A high performance web server and a reverse proxy server' }
      ]
    })
  })

  it.each([
    ['nginx', failedNginx, 'down', 'failed (exit-code, status 1) since Tue 2025-06-03 09:41:12 CEST'],
    ['backup', stoppedBackup, 'down', 'inactive (dead) since Tue 2025-06-03 03:00:41 CEST'],
    ['minecraft', restartingMinecraft, 'degraded', 'activating (auto-restart)'],
    ['plex', missingUnit, 'down', 'no unit named plex'],
    ['app', brokenUnit, 'down', 'app did not load: Unit app.service has a bad unit file setting.']
  ])('judges %s %s', (unit, output, status, reason) => {
    expect(judgeSystemctlShow(unit, output)).toMatchObject({ status, reason })
  })

  it('gives a reason, not a crash, for failures and garbage', () => {
    const notBooted = "System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n"
    expect(judgeSystemctlShow('nginx', { code: 1, stdout: '', stderr: notBooted }).reason).toBe('the node was not booted with systemd, so it has no units to check')
    expect(judgeSystemctlShow('nginx', { code: 127, stdout: '', stderr: 'bash: line 1: systemctl: command not found\n' }).reason).toBe(
      'systemctl is not installed on the node (it does not use systemd)'
    )
    expect(judgeSystemctlShow('nginx', { code: 1, stdout: '', stderr: 'Failed to connect to bus: Permission denied\n' }).reason).toBe(
      'systemctl cannot reach systemd: Failed to connect to bus: Permission denied'
    )
    expect(judgeSystemctlShow('nginx', { code: 0, stdout: '<html>\x00\x01 not systemctl\n', stderr: '' })).toEqual({ status: 'down', reason: 'systemctl gave no unit state' })
  })
})
