// Display names for metadata values (server/src/postmortem/meta.rs holds the same lists).

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4']
const STATUS_LABELS = { draft: 'Draft', review: 'In review', approved: 'Approved', published: 'Published' }

export const statusLabel = (status) => STATUS_LABELS[status] || status || 'Draft'

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' })

/** "just now", "5 minutes ago", "yesterday", or a date. */
export function whenEdited (iso) {
  const then = new Date(iso)
  if (Number.isNaN(then.getTime())) return ''
  const seconds = (then.getTime() - Date.now()) / 1000
  if (seconds > -45) return 'just now'
  // [unit, its length, the age from which the next unit is used], in seconds.
  for (const [unit, size, until] of [['minute', 60, 3600], ['hour', 3600, 86400], ['day', 86400, 7 * 86400]]) {
    if (-seconds < until) return relative.format(Math.round(seconds / size), unit)
  }
  return dateFormat.format(then)
}

/** A YYYY-MM-DD incident date, shown in the reader's locale. */
export function incidentDay (value) {
  if (!value) return ''
  const [y, m, d] = value.split('-').map(Number)
  const date = new Date(y, m - 1, d)
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date)
}
