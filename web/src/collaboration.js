// Binds the editor to the postmortem's Yjs body with y-prosemirror: the document itself, the
// others' carets and selections (name and colour from their awareness `user`), and an undo
// history that holds only your own edits.
//
// (Tiptap's own Collaboration extension wraps a fork of y-prosemirror whose selection recovery
// moves a caret in an empty paragraph into the next empty paragraph when someone else types,
// which the postmortem template, full of empty sections, triggers all the time.)

import { Extension } from '@tiptap/core'
import { Plugin } from '@tiptap/pm/state'
import { ySyncPlugin, ySyncPluginKey, yCursorPlugin, yUndoPlugin, yUndoPluginKey, undo, redo } from 'y-prosemirror'

/** A collaborator's caret: a thin bar in their colour with their name above it. */
function caret (user) {
  const bar = document.createElement('span')
  bar.className = 'collaboration-carets__caret'
  bar.style.borderColor = user.color
  const label = document.createElement('div')
  label.className = 'collaboration-carets__label'
  label.style.backgroundColor = user.color
  label.textContent = user.name
  bar.append(label)
  return bar
}

/**
 * Changes that come from the Yjs document (others' edits, undo, the first load) are not typing:
 * autolinking them would make every peer rewrite them, and opening a document would edit it.
 */
const remoteChangesStayAsTheyAre = new Plugin({
  filterTransaction (tr) {
    if (tr.getMeta(ySyncPluginKey)?.isChangeOrigin) tr.setMeta('preventAutolink', true)
    return true
  }
})

/** An undo or redo command over the y-prosemirror undo manager. */
const history = (stack, run) => () => ({ tr, state, dispatch }) => {
  tr.setMeta('preventDispatch', true)
  const manager = yUndoPluginKey.getState(state)?.undoManager
  if (!manager || manager[stack].length === 0) return false
  return dispatch ? run(state) : true
}

export const Collaboration = Extension.create({
  name: 'collaboration',
  priority: 1000,

  addOptions () {
    return { fragment: null, awareness: null, user: { name: '', color: '#475569' } }
  },

  addCommands () {
    return {
      undo: history('undoStack', undo),
      redo: history('redoStack', redo),
      updateUser: (user) => () => {
        this.options.awareness.setLocalStateField('user', user)
        return true
      }
    }
  },

  addKeyboardShortcuts () {
    return {
      'Mod-z': () => this.editor.commands.undo(),
      'Mod-y': () => this.editor.commands.redo(),
      'Shift-Mod-z': () => this.editor.commands.redo()
    }
  },

  addProseMirrorPlugins () {
    const { fragment, awareness, user } = this.options
    awareness.setLocalStateField('user', user)
    return [
      ySyncPlugin(fragment),
      yCursorPlugin(awareness, { cursorBuilder: caret }),
      yUndoPlugin(),
      remoteChangesStayAsTheyAre
    ]
  }
})
