import { Fragment } from 'react'
import type { NodeHealth } from '../../../../src-shared/health'
import { keyFigures } from './key-figures'

/** The node's key figures and what its metrics source told (OS, kernel …), as a definition list. */
export function NodeFigures({ health }: { readonly health: NodeHealth | undefined }) {
  if (!health) return null
  const figures = [...keyFigures(health.samples), ...health.facts]
  if (figures.length === 0) return null
  return (
    <dl className="facts">
      {figures.map((figure, index) => (
        <Fragment key={`${index}-${figure.label}`}>
          <dt>{figure.label}</dt>
          <dd>{figure.value}</dd>
        </Fragment>
      ))}
    </dl>
  )
}
