/** Line icons per role; roles are free text, so the closest known word wins. */
const shapes: ReadonlyArray<readonly [RegExp, string]> = [
  [/pi\b|raspberry/, 'M5 4h14v16H5z M8 7h3v3H8z M13 7h3 M13 10h3 M8 14h8 M8 17h8'],
  [/proxmox|hypervisor/, 'M3 4h18v5H3z M3 10h18v5H3z M3 16h18v4H3z M6 6.5h.01 M6 12.5h.01'],
  [/container|lxc|\bvm\b/, 'M3 7l9-4 9 4v10l-9 4-9-4z M3 7l9 4 9-4 M12 11v10'],
  [/gpu|\bai\b|llm/, 'M6 6h12v12H6z M9 9h6v6H9z M9 3v3 M15 3v3 M9 18v3 M15 18v3 M3 9h3 M3 15h3 M18 9h3 M18 15h3'],
  [/database|\bdb\b|sql/, 'M4 6c0-3 16-3 16 0v12c0 3-16 3-16 0z M4 6c0 3 16 3 16 0 M4 12c0 3 16 3 16 0'],
  [/load ?balancer|\blb\b|proxy|nginx/, 'M3 12h6 M9 12l6-6h6 M9 12l6 6h6 M18 3l3 3-3 3 M18 15l3 3-3 3'],
  [/backup|nas|storage/, 'M4 5h16v14H4z M4 14h16 M8 17h.01 M12 8h4'],
  [/pc|desktop|workstation|laptop/, 'M3 4h18v12H3z M8 20h8 M12 16v4'],
  [/server/, 'M4 3h16v7H4z M4 14h16v7H4z M7 6.5h.01 M7 17.5h.01']
]
const fallback = 'M4 3h16v7H4z M4 14h16v7H4z M7 6.5h.01 M7 17.5h.01'

export function RoleIcon({ role }: { readonly role: string | undefined }) {
  const text = (role ?? '').toLowerCase()
  const path = shapes.find(([pattern]) => pattern.test(text))?.[1] ?? fallback
  return (
    <svg className="role-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={path} />
    </svg>
  )
}
