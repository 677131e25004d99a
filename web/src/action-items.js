// The action-item panel in the side column (issue #5): the items the server extracts from this
// postmortem (live, from `P.insights`), each with owner, due date, ticket, status and quality
// problems. Clicking one scrolls to it; ticking it asks the server to mark it done, and the server
// ticks the box (or the table cell) in the document itself, so text and tracker always agree.
// Only items whose status the document keeps in a checkbox or a status cell get a box: the others
// (`TODO(kim): …`, plain bullets) say their status in their own words, which only their author
// changes. Also the labels and the box the cross-postmortem page (action-items-page.js) shares.

import { h } from './dom.js'
import { setActionItemStatus } from './api.js'
import { incidentDay } from './labels.js'
import { resolvePosition, onInsightsChange, revealRange } from './insights.js'

const PROBLEMS = { no_owner: 'No owner', no_due_date: 'No due date', vague: 'Vague wording' }
const STATUSES = { open: 'Open', done: 'Done', not_doing: 'Not doing', removed: 'Removed' }

export const ITEM_STATUSES = Object.keys(STATUSES)
export const itemStatusLabel = (status) => STATUSES[status] || status

/** Today as the server counts it (UTC), YYYY-MM-DD. */
const today = () => new Date().toISOString().slice(0, 10)

/** Open and past its due date (ISO dates compare as text). */
export const isOverdue = (item) => item.status === 'open' && !!item.due && item.due < today()

/** The quality problems of an item as small warnings, or null. */
export const problemList = (item) => item.problems?.length
  ? h('ul', { class: 'problems' }, item.problems.map((p) => h('li', { class: 'problem', dataset: { problem: p }, text: PROBLEMS[p] || p })))
  : null

/** The due date, marked when overdue. */
export const dueLabel = (item) => item.due
  ? h('span', { class: 'due' + (isOverdue(item) ? ' overdue' : ''), title: item.due },
    incidentDay(item.due), isOverdue(item) ? h('span', { class: 'overdue-badge', text: 'Overdue' }) : null)
  : null

/** Whether the server can tick `item` (the document keeps its status in a box or a cell). */
export const isTickable = (item) =>
  (item.status_in === 'checkbox' || item.status_in === 'status_cell') && (item.status === 'open' || item.status === 'done')

/**
 * The box that ticks `item` off (`onTick('done' | 'open')`), or, for an item the server cannot
 * tick, its status as a badge that says why.
 */
export function statusControl (item, { disabled, onTick }) {
  if (!isTickable(item)) {
    return h('span', {
      class: 'badge item-status item-status-' + item.status,
      title: item.status_in === 'text' ? 'Its status is in its own words: edit the text to change it' : 'Change it in the postmortem',
      text: itemStatusLabel(item.status)
    })
  }
  return h('input', {
    type: 'checkbox',
    class: 'item-tick',
    checked: item.status === 'done',
    disabled,
    'aria-label': `Done: ${item.text}`,
    onchange: (event) => onTick(event.target.checked ? 'done' : 'open')
  })
}

/** A ticket: a link when it is one. */
export const ticketLabel = (ticket) => {
  if (!ticket) return null
  if (!/^https?:\/\//i.test(ticket)) return h('span', { class: 'ticket', text: ticket })
  const url = new URL(ticket)
  return h('a', { class: 'ticket', href: ticket, target: '_blank', rel: 'noopener', text: url.host + url.pathname.replace(/\/$/, '') })
}

/**
 * Fills `panel` with the action items of `insights`; ticking sends PATCH with `token`; `linkToAll`
 * adds the link to the action items of all postmortems; `reveal` is an item id to scroll to once
 * it is in the text (a link from the list of all items). Returns a cleanup.
 */
export function actionItemsPanel ({ editor, insights, panel, token, linkToAll, reveal }) {
  // Statuses asked for and not yet reflected in `P.insights`, so a box does not flicker back.
  const pending = new Map()
  const count = h('span', { class: 'count', id: 'action-item-count' })
  const list = h('ol', { class: 'action-items', id: 'action-item-list' })
  const notice = h('p', { class: 'notice small', role: 'alert', hidden: true })
  panel.append(h('h2', {}, 'Action items ', count), notice, list,
    linkToAll ? h('a', { href: '/action-items', 'data-nav': true, class: 'panel-link', text: 'All action items →' }) : null)
  panel.hidden = false

  const tick = async (id, status) => {
    pending.set(id, status)
    refresh()
    try {
      await setActionItemStatus(id, status, token)
      notice.hidden = true
    } catch (error) {
      pending.delete(id)
      notice.textContent = 'Could not update the item: ' + error.message
      notice.hidden = false
      refresh()
    }
  }

  const refresh = () => {
    const items = []
    insights.actionItems.forEach((item, id) => {
      if (pending.get(id) === item.status) pending.delete(id)
      items.push({ ...item, id, status: pending.get(id) ?? item.status, at: resolvePosition(editor, item.anchor) })
    })
    items.sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity))
    count.textContent = String(items.length)
    list.replaceChildren(...(items.length
      ? items.map((item) => row(item))
      : [h('li', { class: 'muted', text: 'No action items yet. Write them under an “Action items” heading, or mark one with “AI:”.' })]))
    const wanted = reveal && items.find((item) => item.id === reveal && item.at !== null)
    if (wanted) {
      reveal = null
      revealRange(editor, wanted.at)
      list.querySelector(`[data-id="${CSS.escape(wanted.id)}"]`)?.classList.add('revealed')
    }
  }

  const row = (item) => {
    const box = statusControl(item, {
      disabled: !editor.isEditable || pending.has(item.id),
      onTick: (status) => tick(item.id, status)
    })
    return h('li', { class: 'action-item', dataset: { id: item.id, status: item.status } },
      box,
      h('div', { class: 'action-item-body' },
        h('button', {
          type: 'button',
          class: 'action-item-text',
          text: item.text,
          title: item.at === null ? 'Not found in the text' : 'Show in the text',
          onclick: () => {
            const at = resolvePosition(editor, insights.actionItems.get(item.id)?.anchor)
            if (at !== null) revealRange(editor, at)
          }
        }),
        h('div', { class: 'action-item-fields' },
          item.owner ? h('span', { class: 'owner', text: item.owner }) : null,
          dueLabel(item),
          ticketLabel(item.ticket),
          item.type ? h('span', { class: 'item-type', text: item.type }) : null),
        problemList(item)))
  }

  return onInsightsChange(editor, insights, refresh)
}
