// The header above the body: title, incident date and severity, each bound to the document's
// `meta` map so every change reaches everyone (last writer wins per field), and the status, which
// only the server writes (the review steps, workflow.js).

import { h } from './dom.js'
import { SEVERITIES, statusLabel } from './labels.js'

/**
 * The header fields for `meta`; disabled until `enable()` (and again after `disable()`). `onEnter`
 * runs on Enter in the title.
 */
export function headerFields (meta, { onEnter }) {
  // A one-line text area, so that a long title wraps between words and the field grows with it
  // (CSS `field-sizing: content`); Enter moves to the body and pasted line breaks become spaces.
  const title = h('textarea', { class: 'title-input', id: 'title', rows: 1, 'aria-label': 'Title', placeholder: 'Untitled postmortem', autocomplete: 'off', disabled: true })
  const incidentDate = h('input', { type: 'date', id: 'incident-date', disabled: true })
  const severity = h('select', { id: 'severity', disabled: true },
    h('option', { value: '', text: 'Not set' }), SEVERITIES.map((s) => h('option', { value: s, text: s })))
  const status = h('span', { class: 'status-badge', id: 'status' })
  const fields = { title, incidentDate, severity }

  title.addEventListener('input', () => {
    if (!/[\r\n]/.test(title.value)) return
    const at = title.selectionStart
    title.value = title.value.replace(/\r?\n|\r/g, ' ')
    title.setSelectionRange(at, at)
  })
  for (const [key, input] of Object.entries(fields)) {
    input.addEventListener(input.tagName === 'SELECT' ? 'change' : 'input', () => {
      if (input.value) meta.set(key, input.value)
      else meta.delete(key)
    })
  }
  title.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { event.preventDefault(); onEnter() }
  })

  const show = () => {
    for (const [key, input] of Object.entries(fields)) {
      const value = meta.get(key) ?? ''

      if (input.value === value) continue
      // Keep the caret where it was when someone else changes the title being typed in.
      const caret = document.activeElement === input && input.setSelectionRange
        ? [input.selectionStart, input.selectionEnd]
        : null
      input.value = value
      if (caret) input.setSelectionRange(...caret)
    }
    status.dataset.status = meta.get('status') || 'draft'
    status.textContent = statusLabel(meta.get('status'))
    document.title = (title.value || 'Untitled postmortem') + ' · Debrief'
  }
  meta.observe(show)

  const field = (label, input) => h('label', { class: 'field' }, h('span', { class: 'field-label', text: label }), input)
  return {
    element: h('div', { class: 'header-fields' },
      title,
      h('div', { class: 'meta-row' },
        field('Incident date', incidentDate), field('Severity', severity), field('Status', status))),
    title,
    enable () {
      show()
      Object.values(fields).forEach((input) => { input.disabled = false })
    },
    disable () {
      Object.values(fields).forEach((input) => { input.disabled = true })
    },
    destroy: () => meta.unobserve(show)
  }
}
