/**
 * Each function's time limit on CloudBase (`timeout` in cloudbaserc.json, seconds; a test keeps the
 * two equal). Work that must end before the platform kills the function plans with these.
 */
export const functionTimeoutSeconds: Record<string, number> = {
  user: 10,
  org: 10,
  activity: 20,
  wish: 10,
  stats: 20,
  aid: 20,
  ride: 20,
  message: 20,
  venture: 10,
  needs: 10,
}

/** The limit of a function not listed: CloudBase's default. */
export const DEFAULT_TIMEOUT_SECONDS = 3

export const timeLimitMs = (functionName: string) => (functionTimeoutSeconds[functionName] ?? DEFAULT_TIMEOUT_SECONDS) * 1000
