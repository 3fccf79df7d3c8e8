import { useCallback, useState } from 'react';
import type { FieldErrors } from '../lib/numbers';

/** Form text state plus per-field errors; a field's error clears as soon as it is edited. */
export function useForm<F extends object, K extends string = Extract<keyof F, string>>(
  initial: () => F,
) {
  const [form, setForm] = useState<F>(initial);
  const [errors, setErrors] = useState<FieldErrors<K>>({});
  const set = useCallback(<P extends keyof F>(field: P, value: F[P]) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => {
      if (!(field in e)) return e;
      const copy = { ...e };
      delete copy[field as unknown as K];
      return copy;
    });
  }, []);
  return { form, setForm, set, errors, setErrors };
}
