/** The i-th line's colour: theme variables of health.css, so both themes read well. */
export function lineColor(index: number): string {
  return `var(--chart-${(index % 6) + 1})`
}
