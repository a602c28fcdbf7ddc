import { useState } from 'react'

/** Messages by field, and `_form` for one about the form as a whole. */
export type FormErrors<Field extends string> = Partial<Record<Field | '_form', string>>

/**
 * A form's text values and their messages: editing a field clears its own message and the
 * form's. `bind(field)` gives a NutUI Input or TextArea its name, value and onChange.
 */
export function useFormFields<Field extends string>(initial: Record<Field, string>) {
  const [values, setValues] = useState(initial)
  const [errors, setErrors] = useState<FormErrors<Field>>({})

  const setField = (field: Field, value: string) => {
    setValues((current) => ({ ...current, [field]: value }))
    setErrors((current) => (current[field] || current._form ? { ...current, [field]: undefined, _form: undefined } : current))
  }

  const bind = (field: Field) => ({ name: field, value: values[field], onChange: (value: string) => setField(field, value) })

  return { values, errors, setErrors, setField, bind }
}
