// The Activity panel: the postmortem's audit trail (GET /api/postmortems/{id}/audit, editors
// only: see server/src/audit.rs), newest first, with "Show older" for the rest. It reloads when
// the status changes, when this page shares or revokes a link, and every half minute unless older
// records are shown; its relative times ("5 minutes ago") are brought up to date at each tick.

import { h } from './dom.js'
import { getAudit } from './api.js'
import { statusLabel, whenEdited } from './labels.js'

const REVIEW_STEPS = { submit: 'submitted for review', approve: 'approved', request_changes: 'requested changes', publish: 'published', reopen: 'reopened' }

const PAGE = 50
const TICK = 30_000 // ms between reloads and time updates
const SETTLE = 500 // ms after a status change before reloading: the record lands once it is durable

const describe = {
  joined: (r) => `joined as ${r.role}`,
  status_changed: (r) => `changed the status from ${statusLabel(r.from)} to ${statusLabel(r.to)}`,
  reviewed: (r) => `${REVIEW_STEPS[r.step] || r.step} (${statusLabel(r.from)} → ${statusLabel(r.to)})` + (r.note ? `: “${r.note}”` : ''),
  annotation_dismissed: () => 'dismissed a blame annotation',
  thread_resolved: () => 'resolved a comment thread',
  link_shared: (r) => `shared a ${r.role} link`,
  link_revoked: (r) => `revoked a ${r.role} link`
}

/**
 * Fills `panel` with the trail of postmortem `id`; `meta` is the document's metadata map.
 * Returns `{reload, destroy}`.
 */
export function auditPanel ({ panel, id, token, meta }) {
  const list = h('ol', { class: 'audit-list', id: 'audit-list' })
  const problem = h('p', { class: 'notice small', role: 'alert', hidden: true })
  const older = h('button', { type: 'button', class: 'button small', text: 'Show older', hidden: true, onclick: () => load(older.dataset.next) })
  panel.replaceChildren(h('h2', { text: 'Activity' }), problem, list, older)
  panel.hidden = false

  const item = (record) => h('li', { class: 'audit-record', dataset: { kind: record.kind } },
    h('span', { class: 'audit-actor', text: record.actor.name }), ' ',
    h('span', { class: 'audit-what', text: (describe[record.kind] || (() => record.kind))(record) }), ' ',
    h('time', { class: 'relative-time', datetime: record.at, text: whenEdited(record.at) }))

  let loading = null
  async function load (before) {
    try {
      const page = await getAudit(id, { before, limit: PAGE }, token)
      const items = page.records.map(item)
      if (before) list.append(...items)
      else list.replaceChildren(...items)
      list.dataset.paged = String(Boolean(before))
      if (!list.children.length) list.append(h('li', { class: 'muted', text: 'Nothing yet.' }))
      older.hidden = !page.next
      older.dataset.next = page.next || ''
      problem.hidden = true
    } catch (error) {
      problem.textContent = 'Activity unavailable: ' + error.message
      problem.hidden = false
    }
  }
  // Reloads the newest page, one load at a time.
  const reload = () => {
    loading ??= load().finally(() => { loading = null })
    return loading
  }

  let settle = null
  const onMeta = (event) => {
    if (!event.keysChanged.has('status')) return
    clearTimeout(settle)
    settle = setTimeout(reload, SETTLE)
  }
  meta.observe(onMeta)
  const clock = setInterval(() => {
    for (const time of list.querySelectorAll('time.relative-time')) time.textContent = whenEdited(time.dateTime)
    if (list.dataset.paged !== 'true') reload()
  }, TICK)
  reload()
  return {
    reload,
    destroy () {
      clearInterval(clock)
      clearTimeout(settle)
      meta.unobserve(onMeta)
    }
  }
}
