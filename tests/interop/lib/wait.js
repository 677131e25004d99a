// Waiting for conditions instead of sleeping: tests poll what they expect and fail with a clear
// message when it does not happen in time.

const DEFAULT_TIMEOUT_MS = 10000
const POLL_MS = 10

/**
 * Resolves with the first truthy value of `check()` (sync or async). Rejects after `timeout` ms
 * with `message` and, if given, `describe()`: what was seen instead.
 */
export async function waitFor (check, { timeout = DEFAULT_TIMEOUT_MS, message = 'condition', describe } = {}) {
  const deadline = Date.now() + timeout
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() >= deadline) {
      const seen = describe ? `\nlast seen: ${describe()}` : ''
      throw new Error(`timed out after ${timeout} ms waiting for ${message}${seen}`)
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

/** Resolves with the arguments of the next `event` of `emitter` (`on`/`off` style), or rejects. */
export function nextEvent (emitter, event, { timeout = DEFAULT_TIMEOUT_MS, filter = () => true } = {}) {
  return new Promise((resolve, reject) => {
    const handler = (...args) => {
      if (!filter(...args)) return
      clearTimeout(timer)
      emitter.off(event, handler)
      resolve(args)
    }
    const timer = setTimeout(() => {
      emitter.off(event, handler)
      reject(new Error(`timed out after ${timeout} ms waiting for event '${event}'`))
    }, timeout)
    emitter.on(event, handler)
  })
}
