// The box a comment is written in. Review comments can blame too ("why didn't you …"), so the
// draft goes through the blame rules (`POST /api/lint`) while it is written; posting text with
// findings first shows them, and a second press posts it anyway. Ctrl/⌘+Enter posts, Escape
// cancels.

import { h } from './dom.js'
import { lintText } from './api.js'

/**
 * A draft box. `onSubmit(text)` gets the trimmed text (the box clears itself afterwards unless
 * it returns false); `onCancel` adds a Cancel button.
 */
export function draftBox ({ token, placeholder, submitLabel, value = '', onSubmit, onCancel = null, compact = false }) {
  const input = h('textarea', { class: 'draft-input', rows: compact ? 1 : 3, placeholder, 'aria-label': placeholder })
  input.value = value
  const warnings = h('ul', { class: 'draft-warnings', role: 'status', 'aria-live': 'polite', hidden: true })
  const submit = h('button', { type: 'submit', class: 'button small primary draft-submit', text: submitLabel })
  const form = h('form', { class: 'draft' + (compact ? ' compact' : '') },
    input, warnings,
    h('div', { class: 'draft-actions' },
      onCancel ? h('button', { type: 'button', class: 'button small', text: 'Cancel', onclick: () => onCancel() }) : null,
      submit))

  let checked = { text: null, findings: [] } // the latest lint answer
  let warnedFor = null // the text whose findings were shown when posting was tried
  let timer = null

  const text = () => input.value.trim()
  async function check () {
    const current = text()
    if (checked.text === current) return checked.findings
    let findings = []
    try {
      findings = current ? await lintText(current, token) : []
    } catch {
      findings = [] // the linter is advice: posting never depends on it
    }
    if (current === text()) {
      checked = { text: current, findings }
      show(findings)
    }
    return findings
  }

  function show (findings) {
    warnings.hidden = findings.length === 0
    warnings.replaceChildren(...findings.map((finding) => h('li', { class: 'draft-warning' },
      h('span', {}, h('mark', { text: finding.text }), ' ', finding.message),
      finding.suggestion ? h('span', { class: 'draft-suggestion', text: 'Try: ' + finding.suggestion }) : null,
      finding.replacement
        ? h('button', { type: 'button', class: 'link-button', text: `Use “${finding.replacement}”`, onclick: () => replace(finding) })
        : null)))
  }

  function replace (finding) {
    const current = input.value.trim()
    if (current.slice(finding.start, finding.end) !== finding.text) return
    input.value = current.slice(0, finding.start) + finding.replacement + current.slice(finding.end)
    changed()
    input.focus()
  }

  function changed () {
    form.classList.toggle('has-text', text() !== '')
    submit.textContent = submitLabel
    clearTimeout(timer)
    timer = setTimeout(check, 400)
  }

  input.addEventListener('input', changed)
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); form.requestSubmit() }
    if (event.key === 'Escape' && onCancel) { event.preventDefault(); onCancel() }
  })
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const current = text()
    if (!current) return
    clearTimeout(timer)
    submit.disabled = true
    const findings = await check()
    submit.disabled = false
    if (current !== text()) return
    if (findings.length > 0 && warnedFor !== current) {
      warnedFor = current
      submit.textContent = 'Post anyway'
      return
    }
    if (onSubmit(current) === false) return
    input.value = ''
    checked = { text: null, findings: [] }
    warnedFor = null
    show([])
    changed()
    clearTimeout(timer)
  })
  form.classList.toggle('has-text', text() !== '')

  return { element: form, focus: (options) => input.focus(options), destroy: () => clearTimeout(timer) }
}
