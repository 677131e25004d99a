// The connection and save indicators in the top bar: always visible, and honest (see sync.js).
// A postmortem is several rooms (body, comments); the bar shows them as one: live only when every
// room is, and "All changes saved" only while every room is live and the server has confirmed
// every local change in each. Offline it never says saved, even with nothing to send. When the
// server ends the postmortem's rooms for good (a revoked or expired share link, a sign-out or an
// expired sign-in), it says so and why, and whether anything local was left unsent.

import { h } from './dom.js'

const CONNECTION_TEXT = { connecting: 'Connecting…', live: 'Live', offline: 'Offline', ended: 'No access' }

/** What the page says when the server ended its rooms for `reason` (a close or refusal reason). */
export const endedText = (reason) =>
  /signed out/i.test(reason) ? 'You signed out'
    : /sign-in expired/i.test(reason) ? 'Your sign-in has expired'
      : /revoked/i.test(reason) ? 'This link was revoked'
        : /expired/i.test(reason) ? 'This link has expired' : 'This link no longer works'

/**
 * The indicators. `room(name)` registers a room and returns the `onState({connection, saved,
 * reason})` callback to give its `openRoom`; `isSaved()` tells whether nothing local awaits the
 * server. `onEnded(reason)` runs once, when the first room ends (sync.js).
 */
export function syncStatus ({ onEnded } = {}) {
  let ended = null
  const rooms = new Map() // name → {connection, saved}
  const text = h('span', { class: 'connection-text', text: CONNECTION_TEXT.connecting })
  const connection = h('span', { class: 'connection', id: 'connection', role: 'status', dataset: { state: 'connecting' } },
    h('span', { class: 'dot', 'aria-hidden': 'true' }), text)
  const save = h('span', { class: 'save-status', id: 'save-status', role: 'status', 'aria-live': 'polite', dataset: { saved: 'false' } })

  const isSaved = () => [...rooms.values()].every((r) => r.saved)
  const show = () => {
    const states = [...rooms.values()].map((r) => r.connection)
    const state = ended !== null ? 'ended' : states.includes('offline') ? 'offline' : states.includes('connecting') ? 'connecting' : 'live'
    const saved = isSaved()
    connection.dataset.state = state
    text.textContent = CONNECTION_TEXT[state]
    save.dataset.saved = String(saved && state === 'live')
    save.textContent = state === 'ended'
      ? endedText(ended) + (saved ? '' : ': unsent changes were not saved')
      : state === 'live'
        ? (saved ? 'All changes saved' : 'Saving…')
        : state === 'offline'
          ? (saved ? 'Changes will sync when back online' : 'Unsaved changes will sync when back online')
          : (saved ? '' : 'Saving…')
  }
  const room = (name) => {
    rooms.set(name, { connection: 'connecting', saved: true })
    return (state) => {
      rooms.set(name, state)
      if (state.connection === 'ended' && ended === null) {
        ended = state.reason
        onEnded?.(ended)
      }
      show()
    }
  }
  return { element: h('div', { class: 'topbar-status' }, connection, save), room, isSaved }
}
