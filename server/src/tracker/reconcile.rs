//! Matching the action items found in a document now with the ones tracked before, so that each
//! keeps its id (and history) while people edit. Pure: no storage, no clock.
//!
//! An item is matched, in this order, by the node it lives in (rewording keeps the node), by its
//! exact text (moving it between sections makes a new node but keeps the words), and by
//! resemblance of wording. What was tracked and is no longer found becomes `removed`, never
//! deleted; if it comes back it is matched again and reopens under its old id.

use std::collections::HashSet;

use time::OffsetDateTime;

use super::TrackedItem;
use crate::hooks::actions::{ActionItem, Status};

/// An action item as found in the document now, and the node it lives in (stable while its text
/// is edited).
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    pub node: String,
    pub item: ActionItem,
}

/// Least share of words two wordings must have in common to count as the same item.
const RESEMBLANCE: f64 = 0.5;

/// The postmortem's items after this observation: the observed ones in document order (with old
/// ids where they match), then those no longer found, marked removed. `now` stamps changes.
pub fn reconcile(
    postmortem: &str,
    previous: &[TrackedItem],
    observed: Vec<Observed>,
    now: OffsetDateTime,
    mut new_id: impl FnMut() -> String,
) -> Vec<TrackedItem> {
    let mut taken: HashSet<usize> = HashSet::new();
    let mut matches: Vec<Option<usize>> = vec![None; observed.len()];

    let mut pass = |matches: &mut Vec<Option<usize>>,
                    same: &dyn Fn(&TrackedItem, &Observed) -> bool| {
        for (slot, item) in matches.iter_mut().zip(&observed) {
            if slot.is_some() {
                continue;
            }
            if let Some(index) =
                (0..previous.len()).find(|i| !taken.contains(i) && same(&previous[*i], item))
            {
                taken.insert(index);
                *slot = Some(index);
            }
        }
    };
    pass(&mut matches, &|old, new| {
        old.node.as_deref() == Some(new.node.as_str())
    });
    pass(&mut matches, &|old, new| {
        normalize(&old.item.text) == normalize(&new.item.text)
    });
    pass(&mut matches, &|old, new| {
        old.item.status != Status::Removed
            && resemblance(&old.item.text, &new.item.text) >= RESEMBLANCE
    });

    let mut items: Vec<TrackedItem> = observed
        .into_iter()
        .zip(matches)
        .map(|(seen, matched)| match matched {
            Some(index) => update(previous[index].clone(), seen, now),
            None => TrackedItem {
                id: new_id(),
                postmortem: postmortem.to_owned(),
                completed: (seen.item.status == Status::Done).then_some(now),
                node: Some(seen.node),
                item: seen.item,
                created: now,
                updated: now,
                removed: None,
                overdue_notified: None,
            },
        })
        .collect();
    for (index, old) in previous.iter().enumerate() {
        if taken.contains(&index) {
            continue;
        }
        let mut gone = old.clone();
        if gone.item.status != Status::Removed {
            gone.item.status = Status::Removed;
            gone.removed = Some(now);
            gone.updated = now;
        }
        items.push(gone);
    }
    items
}

fn update(mut item: TrackedItem, seen: Observed, now: OffsetDateTime) -> TrackedItem {
    let before = item.clone();
    if seen.item.status == Status::Done && item.item.status != Status::Done {
        item.completed = Some(now);
    } else if seen.item.status != Status::Done {
        item.completed = None;
    }
    item.node = Some(seen.node);
    item.item = seen.item;
    item.removed = None;
    if item != before {
        item.updated = now;
    }
    item
}

fn normalize(text: &str) -> String {
    words(text).collect::<Vec<_>>().join(" ")
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Shared words over all words (Jaccard).
fn resemblance(a: &str, b: &str) -> f64 {
    let a: HashSet<String> = words(a).collect();
    let b: HashSet<String> = words(b).collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / a.union(&b).count() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::hooks::actions::StatusIn;
    use time::macros::datetime;

    const T1: OffsetDateTime = datetime!(2026-11-20 10:00 UTC);
    const T2: OffsetDateTime = datetime!(2026-11-21 10:00 UTC);
    const T3: OffsetDateTime = datetime!(2026-11-22 10:00 UTC);

    fn seen(node: &str, text: &str, status: Status) -> Observed {
        Observed {
            node: node.into(),
            item: ActionItem {
                text: text.into(),
                owner: Some("kim".into()),
                due: None,
                ticket: None,
                status,
                kind: None,
                problems: vec![],
                status_in: StatusIn::Text,
            },
        }
    }

    fn ids() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("id{n}")
        }
    }

    #[test]
    fn new_items_get_ids_and_timestamps() {
        let items = reconcile(
            "pm",
            &[],
            vec![seen("n1", "Add a canary stage", Status::Open)],
            T1,
            ids(),
        );
        assert_eq!(items.len(), 1);
        assert_eq!((items[0].id.as_str(), items[0].created), ("id1", T1));
        assert_eq!(items[0].completed, None);
    }

    #[test]
    fn rewording_keeps_the_id_through_the_node() {
        let v1 = reconcile(
            "pm",
            &[],
            vec![seen("n1", "Add a canary stage", Status::Open)],
            T1,
            ids(),
        );
        let v2 = reconcile(
            "pm",
            &v1,
            vec![seen(
                "n1",
                "Roll out through a canary stage first",
                Status::Open,
            )],
            T2,
            ids(),
        );
        assert_eq!(v2.len(), 1);
        assert_eq!(v2[0].id, "id1");
        assert_eq!(v2[0].updated, T2);
        assert_eq!(v2[0].created, T1);
    }

    #[test]
    fn moving_keeps_the_id_through_the_text_and_reordering_changes_nothing() {
        let v1 = reconcile(
            "pm",
            &[],
            vec![
                seen("n1", "Add a canary stage", Status::Open),
                seen("n2", "Alert on cert expiry", Status::Open),
            ],
            T1,
            ids(),
        );
        // Swapped order, and the first one now lives in a new node (moved to another section).
        let v2 = reconcile(
            "pm",
            &v1,
            vec![
                seen("n2", "Alert on cert expiry", Status::Open),
                seen("n9", "Add a canary stage", Status::Open),
            ],
            T2,
            ids(),
        );
        assert_eq!(
            v2.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
            ["id2", "id1"]
        );
        assert_eq!(v2[0].updated, T1, "nothing about it changed");
    }

    #[test]
    fn deleted_items_become_removed_and_can_come_back() {
        let v1 = reconcile(
            "pm",
            &[],
            vec![seen("n1", "Add a canary stage", Status::Open)],
            T1,
            ids(),
        );
        let v2 = reconcile("pm", &v1, vec![], T2, ids());
        assert_eq!(v2.len(), 1);
        assert_eq!(v2[0].item.status, Status::Removed);
        assert_eq!(v2[0].removed, Some(T2));
        let v3 = reconcile(
            "pm",
            &v2,
            vec![seen("n5", "Add a canary stage", Status::Open)],
            T3,
            ids(),
        );
        assert_eq!(
            (v3[0].id.as_str(), v3[0].item.status),
            ("id1", Status::Open)
        );
        assert_eq!(v3[0].removed, None);
    }

    #[test]
    fn completion_time_follows_the_status() {
        let v1 = reconcile(
            "pm",
            &[],
            vec![seen("n1", "Add a canary stage", Status::Open)],
            T1,
            ids(),
        );
        let v2 = reconcile(
            "pm",
            &v1,
            vec![seen("n1", "Add a canary stage", Status::Done)],
            T2,
            ids(),
        );
        assert_eq!(v2[0].completed, Some(T2));
        let v3 = reconcile(
            "pm",
            &v2,
            vec![seen("n1", "Add a canary stage", Status::Done)],
            T3,
            ids(),
        );
        assert_eq!(v3[0].completed, Some(T2));
        let v4 = reconcile(
            "pm",
            &v3,
            vec![seen("n1", "Add a canary stage", Status::Open)],
            T3 + time::Duration::DAY,
            ids(),
        );
        assert_eq!(v4[0].completed, None);
    }

    #[test]
    fn unrelated_items_are_not_merged() {
        let v1 = reconcile(
            "pm",
            &[],
            vec![seen("n1", "Add a canary stage", Status::Open)],
            T1,
            ids(),
        );
        let v2 = reconcile(
            "pm",
            &v1,
            vec![seen("n2", "Rotate the on-call schedule", Status::Open)],
            T2,
            || "new".to_owned(),
        );
        assert_eq!(v2.len(), 2);
        assert_eq!(
            (v2[0].id.as_str(), v2[0].item.status),
            ("new", Status::Open)
        );
        assert_eq!(
            (v2[1].id.as_str(), v2[1].item.status),
            ("id1", Status::Removed)
        );
    }
}
