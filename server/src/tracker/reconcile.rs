//! Matching the action items found in a document now with the ones tracked before, so that each
//! keeps its id (and history) while people edit. Pure: no storage, no clock.
//!
//! An item is matched, in this order, by the node it lives in (rewording keeps the node), by its
//! exact text (moving it between sections makes a new node but keeps the words), and by
//! resemblance of wording. What was tracked and is no longer found becomes `removed`, never
//! deleted; if it comes back it is matched again and reopens under its old id.

use std::collections::HashSet;

use super::{TrackedItem, TrackedStatus};

/// An action item as found in the document now.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    /// Identifies the node the item lives in (stable while its text is edited).
    pub node: String,
    pub text: String,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub ticket: Option<String>,
    pub status: TrackedStatus,
    pub kind: Option<String>,
    pub problems: Vec<String>,
}

/// Least share of words two wordings must have in common to count as the same item.
const RESEMBLANCE: f64 = 0.5;

/// The postmortem's items after this observation: the observed ones in document order (with old
/// ids where they match), then those no longer found, marked removed. `now` stamps changes.
pub fn reconcile(
    postmortem: &str,
    previous: &[TrackedItem],
    observed: Vec<Observed>,
    now: &str,
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
        normalize(&old.text) == normalize(&new.text)
    });
    pass(&mut matches, &|old, new| {
        old.status != TrackedStatus::Removed && resemblance(&old.text, &new.text) >= RESEMBLANCE
    });

    let mut items: Vec<TrackedItem> = observed
        .into_iter()
        .zip(matches)
        .map(|(seen, matched)| match matched {
            Some(index) => update(previous[index].clone(), seen, now),
            None => TrackedItem {
                id: new_id(),
                postmortem: postmortem.to_owned(),
                completed: (seen.status == TrackedStatus::Done).then(|| now.to_owned()),
                node: Some(seen.node),
                text: seen.text,
                owner: seen.owner,
                due: seen.due,
                ticket: seen.ticket,
                status: seen.status,
                kind: seen.kind,
                problems: seen.problems,
                created: now.to_owned(),
                updated: now.to_owned(),
                removed: None,
            },
        })
        .collect();
    for (index, old) in previous.iter().enumerate() {
        if taken.contains(&index) {
            continue;
        }
        let mut gone = old.clone();
        if gone.status != TrackedStatus::Removed {
            gone.status = TrackedStatus::Removed;
            gone.removed = Some(now.to_owned());
            gone.updated = now.to_owned();
        }
        items.push(gone);
    }
    items
}

fn update(mut item: TrackedItem, seen: Observed, now: &str) -> TrackedItem {
    let before = item.clone();
    if seen.status == TrackedStatus::Done && item.status != TrackedStatus::Done {
        item.completed = Some(now.to_owned());
    } else if seen.status != TrackedStatus::Done {
        item.completed = None;
    }
    item.node = Some(seen.node);
    item.text = seen.text;
    item.owner = seen.owner;
    item.due = seen.due;
    item.ticket = seen.ticket;
    item.status = seen.status;
    item.kind = seen.kind;
    item.problems = seen.problems;
    item.removed = None;
    if item != before {
        item.updated = now.to_owned();
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

    fn seen(node: &str, text: &str, status: TrackedStatus) -> Observed {
        Observed {
            node: node.into(),
            text: text.into(),
            owner: Some("kim".into()),
            due: None,
            ticket: None,
            status,
            kind: None,
            problems: vec![],
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
            vec![seen("n1", "Add a canary stage", TrackedStatus::Open)],
            "t1",
            ids(),
        );
        assert_eq!(items.len(), 1);
        assert_eq!(
            (items[0].id.as_str(), items[0].created.as_str()),
            ("id1", "t1")
        );
        assert_eq!(items[0].completed, None);
    }

    #[test]
    fn rewording_keeps_the_id_through_the_node() {
        let v1 = reconcile(
            "pm",
            &[],
            vec![seen("n1", "Add a canary stage", TrackedStatus::Open)],
            "t1",
            ids(),
        );
        let v2 = reconcile(
            "pm",
            &v1,
            vec![seen(
                "n1",
                "Roll out through a canary stage first",
                TrackedStatus::Open,
            )],
            "t2",
            ids(),
        );
        assert_eq!(v2.len(), 1);
        assert_eq!(v2[0].id, "id1");
        assert_eq!(v2[0].updated, "t2");
        assert_eq!(v2[0].created, "t1");
    }

    #[test]
    fn moving_keeps_the_id_through_the_text_and_reordering_changes_nothing() {
        let v1 = reconcile(
            "pm",
            &[],
            vec![
                seen("n1", "Add a canary stage", TrackedStatus::Open),
                seen("n2", "Alert on cert expiry", TrackedStatus::Open),
            ],
            "t1",
            ids(),
        );
        // Swapped order, and the first one now lives in a new node (moved to another section).
        let v2 = reconcile(
            "pm",
            &v1,
            vec![
                seen("n2", "Alert on cert expiry", TrackedStatus::Open),
                seen("n9", "Add a canary stage", TrackedStatus::Open),
            ],
            "t2",
            ids(),
        );
        assert_eq!(
            v2.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
            ["id2", "id1"]
        );
        assert_eq!(v2[0].updated, "t1", "nothing about it changed");
    }

    #[test]
    fn deleted_items_become_removed_and_can_come_back() {
        let v1 = reconcile(
            "pm",
            &[],
            vec![seen("n1", "Add a canary stage", TrackedStatus::Open)],
            "t1",
            ids(),
        );
        let v2 = reconcile("pm", &v1, vec![], "t2", ids());
        assert_eq!(v2.len(), 1);
        assert_eq!(v2[0].status, TrackedStatus::Removed);
        assert_eq!(v2[0].removed.as_deref(), Some("t2"));
        let v3 = reconcile(
            "pm",
            &v2,
            vec![seen("n5", "Add a canary stage", TrackedStatus::Open)],
            "t3",
            ids(),
        );
        assert_eq!(
            (v3[0].id.as_str(), v3[0].status),
            ("id1", TrackedStatus::Open)
        );
        assert_eq!(v3[0].removed, None);
    }

    #[test]
    fn completion_time_follows_the_status() {
        let v1 = reconcile(
            "pm",
            &[],
            vec![seen("n1", "Add a canary stage", TrackedStatus::Open)],
            "t1",
            ids(),
        );
        let v2 = reconcile(
            "pm",
            &v1,
            vec![seen("n1", "Add a canary stage", TrackedStatus::Done)],
            "t2",
            ids(),
        );
        assert_eq!(v2[0].completed.as_deref(), Some("t2"));
        let v3 = reconcile(
            "pm",
            &v2,
            vec![seen("n1", "Add a canary stage", TrackedStatus::Done)],
            "t3",
            ids(),
        );
        assert_eq!(v3[0].completed.as_deref(), Some("t2"));
        let v4 = reconcile(
            "pm",
            &v3,
            vec![seen("n1", "Add a canary stage", TrackedStatus::Open)],
            "t4",
            ids(),
        );
        assert_eq!(v4[0].completed, None);
    }

    #[test]
    fn unrelated_items_are_not_merged() {
        let v1 = reconcile(
            "pm",
            &[],
            vec![seen("n1", "Add a canary stage", TrackedStatus::Open)],
            "t1",
            ids(),
        );
        let v2 = reconcile(
            "pm",
            &v1,
            vec![seen(
                "n2",
                "Rotate the on-call schedule",
                TrackedStatus::Open,
            )],
            "t2",
            || "new".to_owned(),
        );
        assert_eq!(v2.len(), 2);
        assert_eq!(
            (v2[0].id.as_str(), v2[0].status),
            ("new", TrackedStatus::Open)
        );
        assert_eq!(
            (v2[1].id.as_str(), v2[1].status),
            ("id1", TrackedStatus::Removed)
        );
    }
}
