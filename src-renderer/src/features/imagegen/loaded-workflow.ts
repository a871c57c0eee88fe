import type { CustomWorkflow, WorkflowMapping } from '../../../../src-shared/imagegen'
import { cleanMapping, guessMapping, mappingProblems, parseWorkflow, type WorkflowGraph } from './workflow-mapping'

/** A workflow file the user loaded, and where the form's fields go in it as they typed it. */
export interface LoadedWorkflow {
  readonly name: string
  readonly text: string
  readonly graph: WorkflowGraph
  readonly mapping: WorkflowMapping
}

const maxText = 1_000_000

/** A file's name and text as a loaded workflow with the mapping guessed, or why it cannot be one. */
export function loadWorkflow(fileName: string, text: string): { readonly workflow: LoadedWorkflow } | { readonly problem: string } {
  if (text.length > maxText) return { problem: 'The workflow is larger than 1 MB.' }
  const parsed = parseWorkflow(text)
  if (!parsed.ok) return { problem: parsed.problem }
  const name = fileName.replace(/\.json$/i, '').trim().slice(0, 100) || 'workflow'
  return { workflow: { name, text, graph: parsed.graph, mapping: guessMapping(parsed.graph) } }
}

/** The workflow as the contract sends it, or the first problem of its mapping. */
export function workflowForSubmit(loaded: LoadedWorkflow): { readonly workflow: CustomWorkflow } | { readonly problem: string } {
  const mapping = cleanMapping(loaded.mapping)
  const problem = Object.values(mappingProblems(loaded.graph, mapping))[0]
  if (problem !== undefined) return { problem: `Workflow mapping: ${problem}` }
  return { workflow: { name: loaded.name, graph: loaded.text, mapping } }
}
