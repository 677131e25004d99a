// The formatting toolbar. Every button has a keyboard shortcut (shown in its tooltip), the toolbar
// itself is one tab stop with arrow-key navigation, and buttons show whether their format is on.

import { h } from './dom.js'
import { askText } from './dialog.js'

const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+'

async function editLink (editor) {
  const current = editor.getAttributes('link').href || ''
  const href = await askText({ title: current ? 'Edit link' : 'Add link', label: 'Address', value: current, placeholder: 'https://…', confirm: 'Apply', required: false })
  const chain = editor.chain().focus()
  if (href === null) return chain.run()
  if (!href) return chain.extendMarkRange('link').unsetLink().run()
  if (editor.state.selection.empty && !editor.isActive('link')) {
    return chain.insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] }).run()
  }
  return chain.extendMarkRange('link').setLink({ href }).run()
}

/** Each entry: [label, tooltip, run, isActive?, isEnabled?]; null separates groups. */
function buttons (editor) {
  const c = () => editor.chain().focus()
  return [
    ['Undo', `Undo your last edit (${mod}Z)`, () => c().undo().run(), null, () => editor.can().undo()],
    ['Redo', `Redo (${mod}Shift+Z)`, () => c().redo().run(), null, () => editor.can().redo()],
    null,
    ['H1', `Heading 1 (${mod}Alt+1)`, () => c().toggleHeading({ level: 1 }).run(), () => editor.isActive('heading', { level: 1 })],
    ['H2', `Heading 2 (${mod}Alt+2)`, () => c().toggleHeading({ level: 2 }).run(), () => editor.isActive('heading', { level: 2 })],
    ['H3', `Heading 3 (${mod}Alt+3)`, () => c().toggleHeading({ level: 3 }).run(), () => editor.isActive('heading', { level: 3 })],
    null,
    ['B', `Bold (${mod}B)`, () => c().toggleBold().run(), () => editor.isActive('bold')],
    ['I', `Italic (${mod}I)`, () => c().toggleItalic().run(), () => editor.isActive('italic')],
    ['S', `Strikethrough (${mod}Shift+S)`, () => c().toggleStrike().run(), () => editor.isActive('strike')],
    ['</>', `Code (${mod}E)`, () => c().toggleCode().run(), () => editor.isActive('code')],
    ['Link', `Link (${mod}K)`, () => editLink(editor), () => editor.isActive('link')],
    null,
    ['• List', `Bulleted list (${mod}Shift+8)`, () => c().toggleBulletList().run(), () => editor.isActive('bulletList')],
    ['1. List', `Numbered list (${mod}Shift+7)`, () => c().toggleOrderedList().run(), () => editor.isActive('orderedList')],
    ['☐ Tasks', `Task list (${mod}Shift+9)`, () => c().toggleTaskList().run(), () => editor.isActive('taskList')],
    ['Quote', `Quote (${mod}Shift+B)`, () => c().toggleBlockquote().run(), () => editor.isActive('blockquote')],
    ['{ }', `Code block (${mod}Alt+C)`, () => c().toggleCodeBlock().run(), () => editor.isActive('codeBlock')],
    ['Table', 'Insert a table', () => c().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(), null, () => !editor.isActive('table')]
  ]
}

/** Table edits, enabled while the cursor is in a table. */
function tableButtons (editor) {
  const c = () => editor.chain().focus()
  const inTable = () => editor.isActive('table')
  return [
    ['+Row', 'Add a row below', () => c().addRowAfter().run(), null, inTable],
    ['+Col', 'Add a column to the right', () => c().addColumnAfter().run(), null, inTable],
    ['−Row', 'Delete this row', () => c().deleteRow().run(), null, inTable],
    ['−Col', 'Delete this column', () => c().deleteColumn().run(), null, inTable],
    ['×Table', 'Delete the table', () => c().deleteTable().run(), null, inTable]
  ]
}

function group (entries, label) {
  const groups = [[]]
  for (const entry of entries) {
    if (entry === null) groups.push([])
    else groups[groups.length - 1].push(entry)
  }
  return groups.map((items) => h('div', { class: 'toolbar-group', role: 'group', 'aria-label': label },
    items.map(([text, title, run, active, enabled]) => {
      const button = h('button', { type: 'button', class: 'tool', text, title, 'aria-label': title, tabindex: -1 })
      button.addEventListener('mousedown', (event) => event.preventDefault()) // keep the editor's selection
      button.addEventListener('click', () => { if (button.getAttribute('aria-disabled') !== 'true') run() })
      button._active = active
      button._enabled = enabled
      return button
    })))
}

export function toolbar (editor) {
  // The toolbar never changes size, so clicking into the text never shifts it under the pointer.
  const bar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Formatting', 'aria-controls': 'editor' },
    group(buttons(editor), 'Formatting'), group(tableButtons(editor), 'Table'))
  const all = () => [...bar.querySelectorAll('button.tool')]

  const refresh = () => {
    for (const button of bar.querySelectorAll('button.tool')) {
      if (button._active) {
        const on = button._active()
        button.classList.toggle('on', on)
        button.setAttribute('aria-pressed', String(on))
      }
      // aria-disabled rather than disabled: the button stays reachable with the arrow keys.
      if (button._enabled) button.setAttribute('aria-disabled', String(!editor.isEditable || !button._enabled()))
    }
  }
  editor.on('transaction', refresh)
  editor.on('update', refresh) // also sent when the editor becomes editable
  editor.on('focus', refresh)
  refresh()

  // Roving tab stop: Tab enters on the first button, arrows move, Escape returns to the text.
  let current = 0
  const focusAt = (i) => {
    const list = all()
    current = (i + list.length) % list.length
    list.forEach((b, j) => { b.tabIndex = j === current ? 0 : -1 })
    list[current].focus()
  }
  all()[0].tabIndex = 0
  bar.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowRight') focusAt(current + 1)
    else if (event.key === 'ArrowLeft') focusAt(current - 1)
    else if (event.key === 'Home') focusAt(0)
    else if (event.key === 'End') focusAt(all().length - 1)
    else if (event.key === 'Escape') editor.commands.focus()
    else return
    event.preventDefault()
  })
  editor.view.dom.addEventListener('keydown', (event) => {
    if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 'k') {
      event.preventDefault()
      editLink(editor)
    }
  })
  return bar
}
