/**
 * The browser build's (H5) one HTTP call: a JSON POST to the local stack, on the browser's own
 * `fetch`. Taro.request would do the same, but brings its polyfills (whatwg-fetch, an
 * AbortController, JSONP; ~40 KB the first screen parsed and ran) into the entry. `fetch` is in every
 * browser of the build's list (config/index.ts) from iOS 10.3 and Chrome 42 on; the mini-program
 * never comes here (weapp calls wx.cloud). Shaped like Taro.request's reply: callers read `statusCode` and `data`.
 */

export interface HttpReply {
  statusCode: number
  /** the body parsed as JSON; null when it is not JSON */
  data: unknown
}

export interface JsonPost {
  url: string
  data: unknown
  header?: Record<string, string>
}

/** POSTs `data` as JSON. Rejects only when no reply arrives (offline, refused, aborted). */
export async function postJson({ url, data, header = {} }: JsonPost): Promise<HttpReply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...header },
    body: JSON.stringify(data),
  })
  const text = await response.text()
  let body: unknown = null
  try {
    body = JSON.parse(text)
  } catch {
    body = null
  }
  return { statusCode: response.status, data: body }
}
