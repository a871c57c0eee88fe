import { create } from 'zustand'
import type { LoadedWorkflow } from './loaded-workflow'
import { loadRememberedForm, rememberForm } from './remembered-form'
import type { SubmitForm } from './submit-form'

interface FormStore {
  readonly form: SubmitForm
  /** A ComfyUI workflow of the user's, used instead of the built-in one while set (not remembered: it can be large). */
  readonly workflow: LoadedWorkflow | null
  update(patch: Partial<SubmitForm>): void
  /** Replaces the whole form ("Use these settings again"). */
  replace(form: SubmitForm): void
  setWorkflow(workflow: LoadedWorkflow | null): void
}

/** The submit form, remembered in localStorage as it is edited: the next run starts from the last settings. */
export const useFormStore = create<FormStore>()((set, get) => {
  const save = (form: SubmitForm) => {
    set({ form })
    rememberForm(form)
  }
  return {
    form: loadRememberedForm(),
    workflow: null,
    update: (patch) => save({ ...get().form, ...patch }),
    replace: save,
    setWorkflow: (workflow) => set({ workflow })
  }
})
