import type { HostKey } from '../../../../src-shared/ssh'
import { keyTypeLabel } from './ssh-model'

/** A host key as ssh-keygen -l prints it: the fingerprint, then the type. */
export function KeyFingerprint({ hostKey, label }: { readonly hostKey: HostKey; readonly label?: string }) {
  return (
    <div className="key-fingerprint" role="group" aria-label={label ?? `${keyTypeLabel(hostKey.algorithm)} key fingerprint`}>
      <span className="key-type">
        {keyTypeLabel(hostKey.algorithm)}
        {keyTypeLabel(hostKey.algorithm) !== hostKey.algorithm && <span className="muted"> ({hostKey.algorithm})</span>}
      </span>
      <code className="fingerprint">{hostKey.fingerprint}</code>
    </div>
  )
}
