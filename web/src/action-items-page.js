// The "Action items" page (/action-items): every follow-up of every postmortem, filtered by
// status, owner, postmortem and overdue, with overdue items marked. The filters live in the
// address (?status=open&owner=kim&postmortem=P&overdue=true), so a filtered list can be shared.
// The list is live (the server announces each change on /api/action-items/events), items the
// server can tick have their box here too, and each links to the item in its postmortem. Removed
// items (no longer in their documents) show only when "Removed" is the status asked for.

import { h } from './dom.js'
import { listActionItems, listPostmortems, setActionItemStatus, actionItemEvents, getSession } from './api.js'
import { ITEM_STATUSES, itemStatusLabel, isOverdue, problemList, dueLabel, ticketLabel, statusControl } from './action-items.js'

const FILTERS = ['status', 'owner', 'postmortem', 'overdue']

export function renderActionItems (root) {
  document.title = 'Action items · Debrief'
  let disposed = false
  let requestNumber = 0
  let ownerTimer = null
  let reloadTimer = null
  let titles = new Map()

  const asked = new URLSearchParams(location.search)
  const status = h('select', { id: 'filter-status' },
    h('option', { value: '', text: 'Any status' }),
    ITEM_STATUSES.map((s) => h('option', { value: s, text: itemStatusLabel(s) })))
  const owner = h('input', { type: 'search', id: 'filter-owner', placeholder: 'e.g. kim', autocomplete: 'off', spellcheck: false })
  const postmortem = h('select', { id: 'filter-postmortem' }, h('option', { value: '', text: 'All postmortems' }))
  const overdue = h('input', { type: 'checkbox', id: 'filter-overdue' })
  status.value = asked.get('status') || ''
  owner.value = asked.get('owner') || ''
  overdue.checked = asked.get('overdue') === 'true'

  const summary = h('p', { class: 'items-summary muted', id: 'items-summary' })
  const list = h('div', { class: 'list', id: 'action-items', 'aria-live': 'polite' })
  const notice = h('p', { class: 'notice', role: 'alert', hidden: true })

  const filters = () => ({
    status: status.value,
    owner: owner.value.trim(),
    postmortem: postmortem.value || (titles.size ? '' : asked.get('postmortem') || ''),
    overdue: overdue.checked ? 'true' : ''
  })

  async function load () {
    const number = ++requestNumber
    const wanted = filters()
    const query = new URLSearchParams(FILTERS.filter((f) => wanted[f]).map((f) => [f, wanted[f]]))
    history.replaceState(null, '', '/action-items' + (query.size ? '?' + query : ''))
    try {
      // "Any status" means the items still in their postmortems: one deleted from its document
      // (or a half-typed line the extractor saw on the way) is listed only under "Removed".
      const items = (await listActionItems(wanted)).filter((i) => wanted.status || i.status !== 'removed')
      if (disposed || number !== requestNumber) return
      notice.hidden = true
      const late = items.filter(isOverdue).length
      summary.textContent = `${items.length} ${items.length === 1 ? 'item' : 'items'}` + (late ? ` · ${late} overdue` : '')
      list.replaceChildren(items.length ? table(items.sort(byUrgency), titles, tick) : h('div', { class: 'empty' }, h('p', { text: 'No action item matches these filters.' })))
      list.dataset.loaded = 'true'
    } catch (error) {
      if (disposed) return
      notice.textContent = error.message
      notice.hidden = false
    }
  }

  // Ticking asks the server, which ticks the item in its postmortem; the change then comes back
  // as an event like anyone else's.
  async function tick (item, status, box) {
    box.disabled = true
    try {
      await setActionItemStatus(item.id, status)
      notice.hidden = true
    } catch (error) {
      box.checked = !box.checked
      notice.textContent = 'Could not update the item: ' + error.message
      notice.hidden = false
    } finally {
      box.disabled = false
    }
  }

  // Live: reload (with the filters as they are) shortly after the server says something changed.
  const events = actionItemEvents()
  events.addEventListener('changed', () => {
    clearTimeout(reloadTimer)
    reloadTimer = setTimeout(load, 150)
  })

  // Fills the account bar (who is signed in), as the other pages do.
  getSession().catch(() => {})

  // Titles for the postmortem column and filter; the list itself does not wait for them.
  listPostmortems().then((postmortems) => {
    if (disposed) return
    titles = new Map(postmortems.map((p) => [p.id, p.title || 'Untitled postmortem']))
    postmortem.append(...postmortems.map((p) => h('option', { value: p.id, text: titles.get(p.id) })))
    postmortem.value = asked.get('postmortem') || ''
    load()
  }).catch(() => {}) // the list shows ids instead

  for (const control of [status, postmortem, overdue]) control.addEventListener('change', load)
  owner.addEventListener('input', () => {
    clearTimeout(ownerTimer)
    ownerTimer = setTimeout(load, 200)
  })

  const field = (label, control) => h('label', { class: 'field' }, h('span', { class: 'field-label', text: label }), control)
  root.append(h('div', { class: 'page action-items-page' },
    h('header', { class: 'topbar' },
      h('a', { href: '/', 'data-nav': true, class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Debrief'),
      h('a', { href: '/', 'data-nav': true, class: 'back', text: '← Postmortems' })),
    h('main', { class: 'home' },
      h('div', { class: 'home-head' },
        h('div', {},
          h('h1', { text: 'Action items' }),
          h('p', { class: 'lede', text: 'Every follow-up from every postmortem, as written in them. Tick them off in their postmortem.' }))),
      h('div', { class: 'filters', role: 'search', 'aria-label': 'Filter action items' },
        field('Status', status), field('Owner', owner), field('Postmortem', postmortem),
        h('label', { class: 'check' }, overdue, ' Overdue only')),
      notice,
      summary,
      list)))
  load()

  return () => {
    disposed = true
    events.close()
    clearTimeout(ownerTimer)
    clearTimeout(reloadTimer)
  }
}

/** Open items first, then by due date (undated last); the server's order otherwise. */
const STATUS_ORDER = { open: 0, not_doing: 1, done: 2, removed: 3 }
const byUrgency = (a, b) => (STATUS_ORDER[a.status] ?? 4) - (STATUS_ORDER[b.status] ?? 4) ||
  (a.due || '9999').localeCompare(b.due || '9999')

function table (items, titles, tick) {
  return h('table', { class: 'postmortems action-item-table' },
    h('thead', {}, h('tr', {},
      ['Action', 'Owner', 'Due', 'Ticket', 'Status', 'Postmortem'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, items.map((item) => h('tr', { dataset: { id: item.id, status: item.status }, class: isOverdue(item) ? 'overdue' : '' },
      h('td', { class: 'title-cell' }, h('span', { class: 'item-text', text: item.text }), problemList(item)),
      h('td', { text: item.owner || '—', class: item.owner ? '' : 'muted' }),
      h('td', {}, dueLabel(item) || h('span', { class: 'muted', text: '—' })),
      h('td', {}, ticketLabel(item.ticket) || h('span', { class: 'muted', text: '—' })),
      h('td', { class: 'status-cell' }, statusCell(item, tick)),
      h('td', { class: 'postmortem-cell' }, h('a', { href: itemLink(item), 'data-nav': true, text: titles.get(item.postmortem) || item.postmortem }))))))
}

/** The item in its postmortem: the editor scrolls to it. */
const itemLink = (item) => `/p/${encodeURIComponent(item.postmortem)}?item=${encodeURIComponent(item.id)}`

/** The status, with a box before it when the server can tick the item. */
function statusCell (item, tick) {
  const control = statusControl(item, { disabled: false, onTick: (status) => tick(item, status, control) })
  if (control.tagName !== 'INPUT') return control
  return h('label', { class: 'check' }, control, h('span', { class: 'badge item-status-' + item.status, text: itemStatusLabel(item.status) }))
}
