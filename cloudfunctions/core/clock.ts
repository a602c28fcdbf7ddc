/** The one clock use cases read (`ctx.now`); tests replace it to move time. */
let current: () => Date = () => new Date()

export const now = (): Date => current()

export function setClock(clock: () => Date): () => void {
  const previous = current
  current = clock
  return () => {
    current = previous
  }
}
