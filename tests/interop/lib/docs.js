// Comparing Yjs documents: what a user sees (text with formatting, the XML tree) and what the
// CRDT knows (state vector).

import * as Y from 'yjs'

export const TEXT = 'text'
export const XML = 'xml'

/** Everything two converged replicas must agree on. */
export function docState (doc) {
  return {
    text: doc.getText(TEXT).toString(),
    delta: doc.getText(TEXT).toDelta(),
    xml: doc.getXmlFragment(XML).toString(),
    xmlJson: doc.getXmlFragment(XML).toJSON(),
    stateVector: stateVector(doc)
  }
}

/** A fresh doc holding exactly `update` (a v1 update). */
export function docFromUpdate (update) {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  return doc
}

function stateVector (doc) {
  return [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((a, b) => a[0] - b[0])
}

/**
 * True when all docs have the same state. State vectors are compared first, as they are cheap
 * and differ until every update has arrived; then everything, as JSON for a cheap deep compare.
 */
export function converged (docs) {
  const sv = JSON.stringify(stateVector(docs[0]))
  if (!docs.every((d) => JSON.stringify(stateVector(d)) === sv)) return false
  const first = JSON.stringify(docState(docs[0]))
  return docs.every((d) => JSON.stringify(docState(d)) === first)
}

/** A short description of each doc's state for timeout messages. */
export function describeDocs (docs) {
  return docs
    .map((d, i) => {
      const s = docState(d)
      return `#${i}: ${s.text.length} chars, xml ${s.xml.length} chars, sv ${JSON.stringify(s.stateVector)}`
    })
    .join('; ')
}
