// The outline in the side column: the document's headings, each a button that jumps there.

import { h } from './dom.js'

export function outline (editor) {
  const list = h('ol', { class: 'outline', id: 'outline' })
  const show = () => {
    const items = []
    editor.state.doc.forEach((node, offset) => {
      if (node.type.name !== 'heading' || !node.textContent.trim()) return
      items.push(h('li', { class: `level-${node.attrs.level}` },
        h('button', {
          type: 'button',
          text: node.textContent,
          onclick: () => editor.chain().focus().setTextSelection(offset + 1).scrollIntoView().run()
        })))
    })
    list.replaceChildren(...items)
  }
  editor.on('update', show)
  show()
  return list
}
