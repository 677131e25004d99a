// The server-owned room `P.insights` (docs/rooms.md): the annotations, dismissals and action
// items the server derives from the body as people write. The browser only reads it; positions in
// it are Yjs relative positions into the body, resolved here to editor positions.

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { Selection, TextSelection } from '@tiptap/pm/state'
import { ySyncPluginKey, relativePositionToAbsolutePosition } from 'y-prosemirror'

/** Opens the insights room of postmortem `id` (read-only; with a share-link `token` if any). */
export function openInsights (id, token) {
  const doc = new Y.Doc()
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const provider = new WebsocketProvider(`${scheme}//${location.host}/ws`, id + '.insights', doc, {
    maxBackoffTime: 2500,
    params: token ? { token } : {}
  })
  provider.awareness.setLocalState(null) // nobody is "here" in a derived room
  return {
    doc,
    annotations: doc.getMap('annotations'),
    dismissed: doc.getMap('dismissed'),
    actionItems: doc.getMap('actionItems'),
    /** Stops reconnecting (the link that opened it no longer works); what it holds stays. */
    stop: () => provider.disconnect(),
    destroy () {
      provider.destroy()
      doc.destroy()
    }
  }
}

/**
 * The editor position of an encoded relative position into the body, or null while its text is
 * not (or no longer) in the editor.
 */
export function resolvePosition (editor, encoded) {
  const sync = ySyncPluginKey.getState(editor.state)
  if (!sync?.binding || !(encoded instanceof Uint8Array)) return null
  try {
    return relativePositionToAbsolutePosition(sync.doc, sync.type, Y.decodeRelativePosition(encoded), sync.binding.mapping)
  } catch {
    return null // a node the editor has not rendered yet
  }
}

/**
 * Calls `fn` once after the current burst of changes to the body, to `insights` or to whether the
 * editor is editable (coalesced, and after y-prosemirror has brought the editor up to date), and
 * at once. Returns a cleanup.
 */
export function onInsightsChange (editor, insights, fn) {
  let timer = null
  const schedule = () => {
    if (timer === null) timer = setTimeout(() => { timer = null; if (!editor.isDestroyed) fn() }, 0)
  }
  const body = ySyncPluginKey.getState(editor.state).doc
  body.on('update', schedule)
  insights.doc.on('update', schedule)
  editor.on('update', schedule)
  schedule()
  return () => {
    clearTimeout(timer)
    body.off('update', schedule)
    insights.doc.off('update', schedule)
    editor.off('update', schedule)
  }
}

/** Selects `from`–`to` (or the nearest text position to `from`) and scrolls it to mid-window. */
export function revealRange (editor, from, to = from) {
  const { state, view } = editor
  const size = state.doc.content.size
  const clamp = (pos) => Math.max(0, Math.min(pos, size))
  const selection = from === to
    ? Selection.near(state.doc.resolve(clamp(from)))
    : TextSelection.create(state.doc, clamp(from), clamp(to))
  view.dispatch(state.tr.setSelection(selection))
  view.focus()
  const { top } = view.coordsAtPos(selection.from)
  window.scrollBy({ top: top - window.innerHeight / 2, behavior: 'smooth' })
}
