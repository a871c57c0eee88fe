import { useId, useMemo, useState, type KeyboardEvent } from 'react'
import type { MinecraftServerInfo } from '../../../../src-shared/minecraft'
import { historyBack, historyForward, mergeHistory, newCursor } from './command-history'
import { complete } from './completion'
import { useConsoleStore } from './console-store'
import { parseFormatted } from './text-component'
import { plainText } from './text-style'

interface CommandBoxProps {
  readonly server: MinecraftServerInfo
  readonly players: readonly string[]
}

interface Candidates {
  /** The input they were listed for: a second Tab there moves focus on, as Tab should. */
  readonly input: string
  readonly words: readonly string[]
}

/** How much of a reply a screen reader is given; the whole reply is in the log. */
const announcedChars = 300

function announcement(command: string, reply: string): string {
  const text = plainText(parseFormatted(reply)).trim()
  const short = text.length > announcedChars ? `${text.slice(0, announcedChars)}…` : text
  return `Reply to ${command}: ${short === '' ? 'no text' : short}`
}

/**
 * The command line under the log: Enter sends over RCON, ↑/↓ walk the history (saved and this
 * session's), Tab completes commands and player names. The text stays until the server answers.
 */
export function CommandBox({ server, players }: CommandBoxProps) {
  const id = useId()
  const savedHistory = useConsoleStore((store) => store.savedHistory)
  const sessionHistory = useConsoleStore((store) => store.sessionHistory)
  const history = useMemo(() => mergeHistory(savedHistory, sessionHistory), [savedHistory, sessionHistory])
  const [text, setText] = useState('')
  const [cursor, setCursor] = useState(newCursor)
  const [candidates, setCandidates] = useState<Candidates | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const [announced, setAnnounced] = useState('')

  const send = async () => {
    if (sending) return
    const command = text.trim()
    setSending(true)
    const result = await useConsoleStore.getState().send(server.id, text)
    setSending(false)
    setCandidates(null)
    if (result.outcome === 'invalid') {
      setProblem(result.problem)
      return
    }
    setProblem(null)
    setCursor(newCursor)
    if (result.outcome === 'answered') {
      setText('')
      setAnnounced(announcement(command, result.reply))
    } else {
      setAnnounced(`${command} failed: ${result.problem}`)
    }
  }

  const showStep = (step: ReturnType<typeof historyForward>, event: KeyboardEvent) => {
    if (step === null) return
    event.preventDefault()
    setText(step.text)
    setCursor(step.cursor)
    setCandidates(null)
  }

  const onTab = (event: KeyboardEvent<HTMLInputElement>) => {
    if (text.trim() === '') return
    const completion = complete(text, players)
    const listed = completion.candidates.length > 0 ? { input: completion.text, words: completion.candidates } : null
    if (completion.text !== text || (listed !== null && candidates?.input !== text)) {
      event.preventDefault()
      setText(completion.text)
      setCandidates(listed)
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // While a command is on its way the box keeps it (readOnly stops typing, not ↑ or Tab): it stays there if it fails.
    if (sending || event.nativeEvent.isComposing || event.altKey || event.ctrlKey || event.metaKey) return
    if (event.key === 'ArrowUp') showStep(historyBack(history, cursor, text), event)
    else if (event.key === 'ArrowDown') showStep(historyForward(history, cursor), event)
    else if (event.key === 'Tab' && !event.shiftKey) onTab(event)
    else if (event.key === 'Escape' && candidates !== null) {
      event.preventDefault()
      setCandidates(null)
    }
  }

  const described = [`${id}-hint`, candidates && `${id}-candidates`, problem && `${id}-problem`].filter(Boolean).join(' ')

  return (
    <form
      className="mc-command-box"
      aria-busy={sending}
      onSubmit={(event) => {
        event.preventDefault()
        void send()
      }}
    >
      <label htmlFor={`${id}-input`}>Command</label>
      <div className="mc-command-row">
        <span className="mc-prompt" aria-hidden="true">
          ›
        </span>
        <input
          id={`${id}-input`}
          className="mono"
          value={text}
          readOnly={sending}
          disabled={!server.rcon}
          autoComplete="off"
          spellCheck={false}
          placeholder={server.rcon ? 'e.g. list' : ''}
          aria-describedby={described}
          aria-invalid={problem ? true : undefined}
          onChange={(event) => {
            setText(event.target.value)
            setCandidates(null)
            setProblem(null)
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="primary" disabled={!server.rcon || sending || text.trim() === ''}>
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
      {candidates && (
        <p id={`${id}-candidates`} className="mc-candidates mono">
          {candidates.words.join('  ')}
        </p>
      )}
      {problem && (
        <p id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </p>
      )}
      <p id={`${id}-hint`} className="mc-hint muted">
        {server.rcon
          ? 'Enter sends over RCON · ↑/↓ history · Tab completes commands and player names'
          : 'Commands need RCON: add rcon: { port, password } to the service in the inventory and enable-rcon=true in server.properties.'}
      </p>
      <p className="visually-hidden" role="status">
        {announced}
      </p>
    </form>
  )
}
