interface PlayerInputProps {
  readonly id: string
  readonly label: string
  /** The id of the datalist holding the names of the players online. */
  readonly listId: string
  readonly value: string
  readonly problemId?: string
  readonly invalid: boolean
  readonly onChange: (value: string) => void
}

/** A player's name: picked from those online or typed (someone offline, for the whitelist). */
export function PlayerInput({ id, label, listId, value, problemId, invalid, onChange }: PlayerInputProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        list={listId}
        value={value}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={invalid ? problemId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  )
}
