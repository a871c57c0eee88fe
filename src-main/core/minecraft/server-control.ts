import type { ServerControl } from '../../../src-shared/minecraft'
import { singleQuoted, type NodeCommandResult, type NodeExec } from '../health/probes/node-command'
import { describeInvalidName } from './remote-shell'

export type ControlAction = 'start' | 'stop' | 'restart'

/** A server saving a big world takes a while to stop; systemctl and docker wait for it. */
export const controlTimeoutMs = 180_000
/** Seconds docker gives the server to stop before it kills it (docker's own default is 10). */
const dockerStopSeconds = 60

/**
 * Starts, stops or restarts the server through its unit or container and waits for the command
 * to finish. systemctl is tried as the SSH user first, then with `sudo -n` when it asks for
 * authentication; throws the reason in words.
 */
export async function controlServer(exec: NodeExec, nodeId: string, control: ServerControl, action: ControlAction, timeoutMs = controlTimeoutMs): Promise<void> {
  const invalid = describeInvalidName(control.kind, control.name)
  if (invalid !== undefined) throw new Error(invalid)
  if (control.kind === 'docker') {
    const wait = action === 'start' ? '' : ` -t ${dockerStopSeconds}`
    const result = await exec(nodeId, `docker ${action}${wait} -- ${singleQuoted(control.name.replace(/^\//, ''))}`, { timeoutMs })
    if (result.code !== 0) throw new Error(describeDockerFailure(action, control.name, result))
    return
  }
  const command = `systemctl ${action} --no-ask-password -- ${singleQuoted(control.name)}`
  const plain = await exec(nodeId, command, { timeoutMs })
  if (plain.code === 0) return
  if (!needsPrivilege(plain.stderr)) throw new Error(describeSystemctlFailure(action, control.name, plain))
  const elevated = await exec(nodeId, `sudo -n ${command}`, { timeoutMs })
  if (elevated.code === 0) return
  if (sudoRefused(elevated)) {
    throw new Error(
      `systemctl needs root to ${action} ${control.name}: let the SSH user run "systemctl ${action} ${control.name}" with sudo without a password, or allow it with a polkit rule`
    )
  }
  throw new Error(describeSystemctlFailure(action, control.name, elevated))
}

function needsPrivilege(stderr: string): boolean {
  return /interactive authentication required|access denied|authentication is required|permission denied/i.test(stderr)
}

function sudoRefused({ code, stderr }: NodeCommandResult): boolean {
  return code === 127 || /a password is required|a terminal is required|not in the sudoers|may not run sudo|not allowed to execute|sudo: .*not found/i.test(stderr)
}

function describeSystemctlFailure(action: ControlAction, unit: string, { code, stderr }: NodeCommandResult): string {
  if (code === 127 || /systemctl: (command )?not found/i.test(stderr)) return 'systemctl is not installed on the node (it does not use systemd)'
  if (/has not been booted with systemd/i.test(stderr)) return 'the node was not booted with systemd, so it has no units to control'
  return `systemctl ${action} ${unit} failed: ${firstLine(stderr) || exitText(code)}`
}

function describeDockerFailure(action: ControlAction, container: string, { code, stderr }: NodeCommandResult): string {
  if (code === 127 || /docker: (command )?not found/i.test(stderr)) return 'docker is not installed on the node'
  if (/permission denied while trying to connect|connect: permission denied/i.test(stderr)) {
    return 'the SSH user may not use Docker: permission denied on the Docker socket (add the user to the "docker" group)'
  }
  if (/no such container/i.test(stderr)) return `there is no container named ${container.replace(/^\//, '')}`
  return `docker ${action} ${container} failed: ${firstLine(stderr) || exitText(code)}`
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? ''
}

function exitText(code: number | null): string {
  return code === null ? 'it ended without an exit status' : `exit code ${code}`
}
