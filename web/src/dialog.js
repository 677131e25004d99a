// A small modal that asks for one line of text (a name, a link). Enter confirms, Escape cancels.

import { h } from './dom.js'

/** Resolves to the trimmed text (empty if allowed and left empty), or null when cancelled. */
export function askText ({ title, label, value = '', placeholder = '', confirm = 'OK', type = 'text', required = true, cancellable = true }) {
  return new Promise((resolve) => {
    const input = h('input', { type, value, placeholder, required, autocomplete: 'off', spellcheck: false, id: 'ask-input' })
    const form = h('form', { method: 'dialog', class: 'ask' },
      h('h2', { text: title }),
      h('label', { for: 'ask-input', text: label }),
      input,
      h('div', { class: 'ask-actions' },
        cancellable ? h('button', { type: 'button', class: 'button', text: 'Cancel', onclick: () => dialog.close('') }) : null,
        h('button', { type: 'submit', class: 'button primary', text: confirm })
      )
    )
    const dialog = h('dialog', { class: 'modal' }, form)
    let answer = null
    form.addEventListener('submit', () => { answer = input.value.trim() })
    dialog.addEventListener('cancel', (event) => { if (!cancellable) event.preventDefault() })
    dialog.addEventListener('close', () => {
      dialog.remove()
      resolve(answer)
    })
    document.body.append(dialog)
    dialog.showModal()
    input.select()
  })
}
