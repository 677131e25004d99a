// The connection and save indicators in the top bar: always visible, and honest (see sync.js).

import { h } from './dom.js'

const CONNECTION_TEXT = { connecting: 'Connecting…', live: 'Live', offline: 'Offline' }

/** The indicators, and `show({connection, saved})` to update them. */
export function syncStatus () {
  const text = h('span', { class: 'connection-text', text: CONNECTION_TEXT.connecting })
  const connection = h('span', { class: 'connection', id: 'connection', role: 'status', dataset: { state: 'connecting' } },
    h('span', { class: 'dot', 'aria-hidden': 'true' }), text)
  const save = h('span', { class: 'save-status', id: 'save-status', role: 'status', 'aria-live': 'polite', dataset: { saved: 'true' } })
  const show = ({ connection: state, saved }) => {
    connection.dataset.state = state
    text.textContent = CONNECTION_TEXT[state]
    save.dataset.saved = String(saved)
    save.textContent = saved
      ? 'All changes saved'
      : state === 'live' ? 'Saving…' : 'Unsaved changes will sync when back online'
  }
  return { element: h('div', { class: 'topbar-status' }, connection, save), show, isSaved: () => save.dataset.saved === 'true' }
}
