import { useMemo, useRef } from 'react'
import { createIdempotencyKey, isCloudError } from '../services/cloud'

/**
 * One idempotency key per distinct request: retrying the same input reuses its key, so a call
 * whose reply was lost is not carried out twice; a different input, or an answer from the
 * server, starts afresh.
 */
export function useIdempotencyKey() {
  const last = useRef<{ body: string; key: string } | null>(null)
  return useMemo(
    () => ({
      /** The key to send with `input`: the previous one while the input is unchanged. */
      keyFor(input: unknown): string {
        const body = JSON.stringify(input)
        if (last.current?.body !== body) last.current = { body, key: createIdempotencyKey() }
        return last.current.key
      },
      /** The server carried the request out: the next one gets a new key. */
      forget() {
        last.current = null
      },
      /** A definite answer ends this attempt; only a lost call (INTERNAL, or no cloud answer at all) keeps its key for the retry. */
      forgetUnlessLost(error: unknown) {
        if (isCloudError(error) && error.code !== 'INTERNAL') last.current = null
      },
    }),
    [],
  )
}
