// The home page: every postmortem, newest first, a page at a time ("Show more"), with search, "New postmortem" (from the
// template) and Markdown import. It first asks the server who this browser is (`/api/session`):
// with a server key and no credential, it explains that a share link is needed instead.

import { h } from './dom.js'
import { getSession, listPage, firstPage, createPostmortem, importMarkdown } from './api.js'
import { navigate } from './router.js'
import { statusLabel, whenEdited, incidentDay } from './labels.js'
import { isAccessError, shareLinkNeeded } from './roles.js'

export function renderHome (root) {
  document.title = 'Postmortems · Debrief'
  let disposed = false
  let searchTimer = null
  let requestNumber = 0

  const search = h('input', { type: 'search', id: 'search', class: 'search', placeholder: 'Search titles and text', 'aria-label': 'Search postmortems', autocomplete: 'off' })
  const status = h('select', { id: 'filter-status', class: 'status-filter', 'aria-label': 'Status', onchange: () => load() },
    h('option', { value: '', text: 'Any status' }),
    ['draft', 'review', 'approved', 'published'].map((s) => h('option', { value: s, text: statusLabel(s) })))
  const list = h('div', { class: 'list', id: 'postmortems', 'aria-live': 'polite' })
  const notice = h('p', { class: 'notice', role: 'alert', hidden: true })
  const newButton = h('button', { type: 'button', class: 'button primary', id: 'new-postmortem', text: 'New postmortem' })
  const fileInput = h('input', { type: 'file', accept: '.md,.markdown,text/markdown,text/plain', hidden: true })
  const importButton = h('button', { type: 'button', class: 'button', id: 'import-markdown', text: 'Import Markdown…', onclick: () => fileInput.click() })

  const actions = h('div', { class: 'home-actions' },
    h('a', { href: '/action-items', 'data-nav': true, class: 'button', id: 'action-items-link', text: 'Action items' }),
    importButton, fileInput, newButton)
  const fail = (error) => { notice.textContent = error.message; notice.hidden = false }

  newButton.addEventListener('click', async () => {
    newButton.disabled = true
    try {
      const created = await createPostmortem()
      navigate(created.url)
    } catch (error) {
      fail(error)
      newButton.disabled = false
    }
  })
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files[0]
    if (!file) return
    try {
      const created = await importMarkdown(await file.text())
      navigate(created.url)
    } catch (error) {
      fail(new Error(`Could not import ${file.name}: ${error.message}`))
    }
  })

  const more = h('button', { type: 'button', class: 'button', id: 'show-more', text: 'Show more', hidden: true })
  let next = null
  // The first page (`path` null: a new search) or the next one, added below those shown.
  async function load (path = null) {
    const number = ++requestNumber
    more.disabled = true
    try {
      const page = await listPage(path || firstPage(search.value, 50, status.value))
      if (disposed || number !== requestNumber) return
      notice.hidden = true
      const rows = list.querySelector('tbody')
      if (path && rows) rows.append(...page.items.map(row))
      else list.replaceChildren(page.items.length ? table(page.items) : empty(search.value))
      next = page.next
      more.hidden = !next
      list.dataset.loaded = 'true'
    } catch (error) {
      if (!disposed) fail(error)
    } finally {
      more.disabled = false
    }
  }
  more.addEventListener('click', () => next && load(next))
  async function start () {
    try {
      await getSession()
    } catch (error) {
      if (disposed) return
      // With a server key, the list needs a share link: say so instead of showing "401".
      if (!isAccessError(error)) return fail(error)
      list.replaceChildren(shareLinkNeeded(error))
      actions.hidden = true
      search.closest('.search-row').hidden = true
      return
    }
    await load()
  }
  search.addEventListener('input', () => {
    clearTimeout(searchTimer)
    searchTimer = setTimeout(load, 150)
  })
  const slash = (event) => {
    if (event.key === '/' && !event.target.closest('input, textarea, [contenteditable]')) {
      event.preventDefault()
      search.focus()
    }
  }
  document.addEventListener('keydown', slash)

  root.append(h('div', { class: 'page home-page' },
    h('header', { class: 'topbar' },
      h('a', { href: '/', 'data-nav': true, class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Debrief')),
    h('main', { class: 'home' },
      h('div', { class: 'home-head' },
        h('div', {},
          h('h1', { text: 'Postmortems' }),
          h('p', { class: 'lede', text: 'Blameless write-ups of what happened, why it made sense at the time, and what we will change.' })),
        actions),
      h('div', { class: 'search-row' }, h('div', { class: 'search-box' }, search, h('kbd', { title: 'Press / to search', text: '/' })), status),
      notice,
      list,
      h('div', { class: 'list-more' }, more))))
  start()

  return () => {
    disposed = true
    clearTimeout(searchTimer)
    document.removeEventListener('keydown', slash)
  }
}

function table (items) {
  return h('table', { class: 'postmortems' },
    h('thead', {}, h('tr', {},
      ['Title', 'Status', 'Severity', 'Incident date', 'Last edited'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, items.map(row)))
}

function row (p) {
  return h('tr', { dataset: { id: p.id } },
    h('td', { class: 'title-cell' }, h('a', { href: p.url, 'data-nav': true, class: p.title ? '' : 'untitled', text: p.title || 'Untitled postmortem' })),
    h('td', {}, h('span', { class: 'badge status-' + p.status, text: statusLabel(p.status) })),
    h('td', {}, p.severity ? h('span', { class: 'badge ' + p.severity.toLowerCase(), text: p.severity }) : h('span', { class: 'muted', text: '—' })),
    h('td', { text: incidentDay(p.incidentDate) || '—', class: p.incidentDate ? '' : 'muted' }),
    h('td', { class: 'muted', text: whenEdited(p.updatedAt), title: new Date(p.updatedAt).toLocaleString() }))
}

function empty (query) {
  return h('div', { class: 'empty' },
    query.trim()
      ? h('p', { text: `No postmortem matches “${query.trim()}”.` })
      : [h('p', { class: 'empty-title', text: 'No postmortems yet' }),
          h('p', { text: 'Start one from the template: it walks you through summary, impact, timeline, contributing factors and action items.' })])
}
