import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { SshConfigPreview } from '../../../../src-shared/ssh'
import { ModalDialog } from '../../components/ModalDialog'
import { chosenAliases } from './ssh-model'
import { useSshStore } from './ssh-store'

/** Import from ~/.ssh/config: what each host would become, the user picks, the core writes. */
export function SshImportDialog() {
  const open = useSshStore((store) => store.importOpen)
  return open ? <ImportDialog /> : null
}

function ImportDialog() {
  const preview = useSshStore((store) => store.importPreview)
  const error = useSshStore((store) => store.importError)
  const busy = useSshStore((store) => store.importBusy)
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(() => new Set())
  const cancelButton = useRef<HTMLButtonElement>(null)
  const importButton = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  const chosen = preview ? chosenAliases(preview.candidates, unchecked) : []

  // Once the preview is in, Enter should import: move focus from Cancel to the import button.
  const ready = preview !== null && chosen.length > 0
  useEffect(() => {
    if (ready && document.activeElement === cancelButton.current) importButton.current?.focus()
  }, [ready])

  const close = () => useSshStore.getState().closeImport()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (chosen.length > 0 && !busy) void useSshStore.getState().applyImport(chosen)
  }
  const toggle = (alias: string, checked: boolean) => {
    const next = new Set(unchecked)
    if (checked) next.delete(alias)
    else next.add(alias)
    setUnchecked(next)
  }

  return (
    <ModalDialog labelledBy={titleId} onEscape={close} initialFocus={cancelButton} className="ssh-import-dialog">
      <form onSubmit={submit}>
        <h2 id={titleId}>Import hosts from ~/.ssh/config</h2>
        {preview ? (
          <p>
            Hosts in <code>{preview.path}</code>. Each becomes a node you can then edit in the inventory file.
          </p>
        ) : (
          !error && (
            <p role="status" className="muted">
              Reading your SSH config…
            </p>
          )
        )}
        {error && (
          <div role="alert" className="dialog-error">
            <p>{error}</p>
            {!preview && (
              <button type="button" disabled={busy} onClick={() => void useSshStore.getState().loadImportPreview()}>
                Try again
              </button>
            )}
          </div>
        )}
        {preview && <CandidateTable preview={preview} unchecked={unchecked} toggle={toggle} setUnchecked={setUnchecked} />}
        {preview && preview.problems.length > 0 && (
          <div className="import-problems">
            <h3>Not imported from the file</h3>
            <ul>
              {preview.problems.map((problem, index) => (
                <li key={index}>{problem}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" ref={cancelButton} onClick={close}>
            Cancel
          </button>
          <button type="submit" ref={importButton} className="primary" disabled={chosen.length === 0 || busy}>
            Import {chosen.length} host{chosen.length === 1 ? '' : 's'}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}

interface CandidateTableProps {
  readonly preview: SshConfigPreview
  readonly unchecked: ReadonlySet<string>
  readonly toggle: (alias: string, checked: boolean) => void
  readonly setUnchecked: (unchecked: ReadonlySet<string>) => void
}

function CandidateTable({ preview, unchecked, toggle, setUnchecked }: CandidateTableProps) {
  const all = useRef<HTMLInputElement>(null)
  const importable = preview.candidates.filter((candidate) => !candidate.exists)
  const chosenCount = chosenAliases(preview.candidates, unchecked).length
  const mixed = chosenCount > 0 && chosenCount < importable.length

  useEffect(() => {
    if (all.current) all.current.indeterminate = mixed
  }, [mixed])

  if (preview.candidates.length === 0) return <p className="muted">The file names no hosts to import (wildcard patterns are skipped).</p>
  return (
    <div className="import-table-wrap">
      <table className="import-table">
        <thead>
          <tr>
            <th scope="col">
              <input
                ref={all}
                type="checkbox"
                aria-label="Select every host"
                disabled={importable.length === 0}
                checked={importable.length > 0 && chosenCount === importable.length}
                onChange={(event) => setUnchecked(event.target.checked ? new Set() : new Set(importable.map((candidate) => candidate.alias)))}
              />
            </th>
            <th scope="col">Alias</th>
            <th scope="col">Host</th>
            <th scope="col">User</th>
            <th scope="col">Port</th>
            <th scope="col">Jump</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {preview.candidates.map(({ alias, node, exists, notes }) => (
            <tr key={alias} className={exists ? 'is-existing' : undefined}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Import ${alias}`}
                  disabled={exists}
                  checked={!exists && !unchecked.has(alias)}
                  onChange={(event) => toggle(alias, event.target.checked)}
                />
              </td>
              <th scope="row">{alias}</th>
              <td className="mono">{node.host}</td>
              <td>{node.ssh?.user ?? <span className="muted">default</span>}</td>
              <td>{node.ssh?.port ?? 22}</td>
              <td>{node.ssh?.jump ?? <span className="muted">—</span>}</td>
              <td>
                {exists && <span className="muted">already in inventory</span>}
                {exists && notes.length > 0 && '; '}
                {notes.join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
