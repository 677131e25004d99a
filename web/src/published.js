// The published view (/p/{id}/published): the version of a postmortem that was published, clean,
// read-only and printable: no comments, no annotations, no editor chrome. Share links get it
// too (their token is kept for the tab).

import { h } from './dom.js'
import { readVersion } from './api.js'
import { tokenFor } from './access.js'
import { incidentDay, whenEdited } from './labels.js'

export function renderPublished (root, { id }) {
  const page = h('main', { class: 'published-page', id: 'published' }, h('p', { class: 'muted', text: 'Loading…' }))
  root.append(page)
  let disposed = false
  readVersion(id, 'published', tokenFor(id)).then((version) => {
    if (disposed) return
    document.title = (version.title || 'Untitled postmortem') + ' · Debrief'
    const facts = [
      version.incidentDate ? `Incident on ${incidentDay(version.incidentDate)}` : null,
      version.severity || null,
      `Published ${whenEdited(version.version.at)} by ${version.version.by}`
    ].filter(Boolean).join(' · ')
    page.replaceChildren(
      h('article', { class: 'published-article' },
        h('h1', { text: version.title || 'Untitled postmortem' }),
        h('p', { class: 'published-facts muted', text: facts }),
        version.blocks.map((text) => {
          const heading = /^(#{1,6}) (.*)$/.exec(text)
          return heading ? h('h' + Math.min(6, heading[1].length + 1), { text: heading[2] }) : h('p', { text })
        })),
      h('p', { class: 'published-links no-print' },
        h('a', { href: `/p/${encodeURIComponent(id)}`, 'data-nav': true, text: 'Open the working document' }), ' · ',
        h('a', { href: `/api/postmortems/${encodeURIComponent(id)}/export.md?version=published`, text: 'Markdown' })))
  }, (error) => {
    if (disposed) return
    page.replaceChildren(h('h1', { text: 'Not published yet' }), h('p', { class: 'muted', text: error.message }))
  })
  return () => { disposed = true }
}
