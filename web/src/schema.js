// The editor's extensions: the node and mark names here are the document format the server reads
// and writes (server/src/postmortem/yjs.rs), so they stay Tiptap's defaults.

import StarterKit from '@tiptap/starter-kit'
import { TaskList, TaskItem } from '@tiptap/extension-list'
import { TableKit } from '@tiptap/extension-table'
import { Collaboration } from './collaboration.js'
import { Extension } from '@tiptap/core'
import { Plugin } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'

// What to write in each section of the template, shown in its empty first paragraph.
const HINTS = {
  summary: 'What happened, for how long, and who was affected.',
  impact: 'Who and what was affected, and how much.',
  timeline: 'Key moments with times (UTC), from first signal to resolution.',
  'contributing factors': 'The conditions that made this possible: systems, signals, decisions.',
  detection: 'How did we find out? What would have told us sooner?',
  resolution: 'What stopped the impact, and what fixed it for good?',
  'what went well': 'Practices, tools and instincts that helped.',
  'where we got lucky': 'What limited the damage by chance, and might not next time.',
  'action items': 'An action, its owner and a due date',
  'lessons learned': 'What we will carry forward.'
}

/** The empty paragraph a section starts with, if any: right after the heading, or opening the
 *  first item of a list right after it. Returns its position. */
function emptyStart (node, pos) {
  if (node.type.name === 'paragraph') return node.content.size === 0 ? pos : null
  if (node.type.name.endsWith('List')) {
    const paragraph = node.firstChild?.firstChild
    return paragraph?.type.name === 'paragraph' && paragraph.content.size === 0 ? pos + 2 : null
  }
  return null
}

/** Shows each template section's hint in its empty first paragraph, and one in an empty doc. */
const SectionHints = Extension.create({
  name: 'sectionHints',
  addProseMirrorPlugins () {
    return [new Plugin({
      props: {
        decorations ({ doc }) {
          const decorations = []
          const hintAt = (pos, text) => {
            const node = doc.nodeAt(pos)
            decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: 'is-empty', 'data-placeholder': text }))
          }
          if (doc.childCount === 1 && doc.firstChild.type.name === 'paragraph' && doc.firstChild.content.size === 0) {
            hintAt(0, 'Start writing…')
          }
          let previous = null
          doc.forEach((node, offset) => {
            const hint = previous?.type.name === 'heading' && HINTS[previous.textContent.trim().toLowerCase()]
            const at = hint ? emptyStart(node, offset) : null
            if (at !== null) hintAt(at, hint)
            previous = node
          })
          return DecorationSet.create(doc, decorations)
        }
      }
    })]
  }
})

export function extensions ({ doc, provider, user }) {
  return [
    StarterKit.configure({
      undoRedo: false, // Collaboration brings its own undo, which undoes only your edits.
      underline: false, // Markdown has no underline.
      trailingNode: false, // Each peer would add its own trailing paragraph; the gap cursor does the job.
      link: { openOnClick: false, autolink: true, defaultProtocol: 'https' }
    }),
    TaskList,
    TaskItem.configure({ nested: true }),
    TableKit.configure({ table: { resizable: false } }),
    Collaboration.configure({ fragment: doc.getXmlFragment('body'), awareness: provider.awareness, user }),
    SectionHints
  ]
}
