//! Extraction over whole documents, read from Markdown (and once from Yjs).

use time::macros::date;

use super::*;
use crate::blocks::markdown;
use crate::blocks::outline::{outline, Entry};

fn entries(md: &str) -> Vec<Entry> {
    outline(&markdown::read(md).unwrap().blocks)
}

fn items(md: &str) -> Vec<Extracted> {
    extract(&entries(md), Words::builtin())
}

fn texts(md: &str) -> Vec<String> {
    items(md).into_iter().map(|i| i.item.text).collect()
}

#[test]
fn bullets_numbers_and_tasks_in_an_action_section() {
    let md = "## Action items\n- Add an alert\n1. Pin the version\n- [ ] Write a runbook\n- [x] Roll back\n";
    let found = items(md);
    let got: Vec<(&str, Status)> = found.iter().map(|i| (i.text.as_str(), i.status)).collect();
    assert_eq!(
        got,
        vec![
            ("Add an alert", Status::Open),
            ("Pin the version", Status::Open),
            ("Write a runbook", Status::Open),
            ("Roll back", Status::Done),
        ]
    );
}

#[test]
fn any_heading_level_and_name() {
    for heading in [
        "# Follow-ups",
        "### 6. Corrective actions",
        "## Next steps",
        "#### Remediation items",
        "Action Items\n------------",
    ] {
        let md = format!("# Postmortem\n\n{heading}\n\n- Add an alert\n");
        assert_eq!(texts(&md), vec!["Add an alert"], "{heading}");
    }
}

#[test]
fn other_sections_are_not_taken() {
    let md = "## Contributing factors\n- The pool was too small\n\n## Action items\n- Add a check\n\n## Lessons learned\n- Small values matter\n";
    assert_eq!(texts(md), vec!["Add a check"]);
}

#[test]
fn timeline_bullets_are_not_items() {
    let md = "## Timeline\n- 14:02 Deploy starts\n- 14:20 Action: rollback\n\n## Follow-ups\n- 14:30 Paged the DB team\n- Add a canary\n";
    assert_eq!(texts(md), vec!["Add a canary"]);
}

#[test]
fn appendix_checklists_are_not_items() {
    let md = "## Action items\n- Add a canary\n\n## Appendix\n### Follow-up checklist\n- [ ] Timeline reviewed\n- [x] Impact quantified\n\nTODO: nothing here either\n";
    assert_eq!(texts(md), vec!["Add a canary"]);
}

#[test]
fn prose_that_mentions_actions_is_not_an_item() {
    let md = "## What went well\nThe automated remediation took action at 14:20.\nWe will review the action items next week.\n\n## Action items\nWe discussed these on Monday.\n\n- Add a canary\n";
    assert_eq!(texts(md), vec!["Add a canary"]);
}

#[test]
fn inline_markers_anywhere() {
    // Hard breaks (`\` at the end of a line) keep lines apart, in Markdown as in the editor.
    let md = "## Summary\nThe pool shrank.\\\nAI: Laura to write a lint rule (due 2026-11-07)\n\n## Lessons\nTODO(marco): share the fix.\\\nWe learned a lot.\n\n- Action item: add a panel\n\n> Follow-up: tell support\n";
    let found = items(md);
    let got: Vec<(&str, Option<&str>, Option<usize>)> = found
        .iter()
        .map(|i| (i.text.as_str(), i.owner.as_deref(), Some(i.line_in_block)))
        .collect();
    assert_eq!(
        got,
        vec![
            ("write a lint rule", Some("Laura"), Some(1)),
            ("share the fix", Some("marco"), Some(0)),
            ("add a panel", None, Some(0)),
            ("tell support", None, Some(0)),
        ]
    );
    assert_eq!(found[0].due, Some(date!(2026 - 11 - 07)));
    let blocks = entries(md);
    let lines: Vec<_> = found.iter().map(|i| i.source_line(&blocks)).collect();
    assert_eq!(lines, vec![Some(3), Some(6), Some(9), Some(11)]);
}

#[test]
fn markers_in_code_and_empty_markers_are_not_items() {
    let md = "```\nTODO: not prose\n```\n\nFollow-up: none\nAI: nothing to add.\n";
    assert!(items(md).is_empty());
}

#[test]
fn owner_forms() {
    let md = "## Action items\n- Add an alert (@kevin)\n- Extend the canary — owner: Laura Diaz\n- Priya to document the steps\n- TODO(sam): tune the pool\n- Revert to default of 300 seconds\n";
    let owners: Vec<Option<String>> = items(md).into_iter().map(|i| i.item.owner).collect();
    assert_eq!(
        owners,
        vec![
            Some("kevin".into()),
            Some("Laura Diaz".into()),
            Some("Priya".into()),
            Some("sam".into()),
            None,
        ]
    );
}

#[test]
fn due_forms_normalise_to_iso() {
    let md = "## Action items\n- One (due 2026-11-21)\n- Two by 2026-11-22\n- Three, Nov 14, 2026\n- Four due: 12 October 2026\n- Five, due Friday\n";
    let dues: Vec<Option<String>> = items(md)
        .into_iter()
        .map(|i| i.due.map(|d| d.to_string()))
        .collect();
    assert_eq!(
        dues,
        vec![
            Some("2026-11-21".into()),
            Some("2026-11-22".into()),
            Some("2026-11-14".into()),
            Some("2026-10-12".into()),
            None,
        ]
    );
}

#[test]
fn ticket_forms() {
    let md = "## Action items\n- Fix A (OPS-412)\n- Fix B #123\n- Fix C <https://github.com/o/r/issues/7>\n- Fix D, see [PR](https://github.com/o/r/pull/8)\n- Fix E https://acme.atlassian.net/browse/INC-9\n";
    let found = items(md);
    let tickets: Vec<Option<&str>> = found.iter().map(|i| i.ticket.as_deref()).collect();
    assert_eq!(
        tickets,
        vec![
            Some("OPS-412"),
            Some("#123"),
            Some("https://github.com/o/r/issues/7"),
            Some("https://github.com/o/r/pull/8"),
            Some("https://acme.atlassian.net/browse/INC-9"),
        ]
    );
    let texts: Vec<&str> = found.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(texts, vec!["Fix A", "Fix B", "Fix C", "Fix D", "Fix E"]);
}

#[test]
fn status_forms() {
    let md = "## Action items\n- [x] Ticked\n- Suffixed (done)\n- ✅ Emoji\n- Dropped one (won't do)\n- [ ] Still open\n- We added the alert already\n";
    let statuses: Vec<Status> = items(md).into_iter().map(|i| i.status).collect();
    assert_eq!(
        statuses,
        vec![
            Status::Done,
            Status::Done,
            Status::Done,
            Status::NotDoing,
            Status::Open,
            Status::Done,
        ]
    );
}

#[test]
fn section_status_comes_from_headings_and_labels() {
    let md = "## Remediation\n### Immediate actions (completed)\n- Raise the pool\n### Short-term\n- Add a canary\n\n**Completed:**\n\n- Page the team\n";
    let statuses: Vec<(String, Status)> = items(md)
        .into_iter()
        .map(|i| (i.item.text, i.item.status))
        .collect();
    assert_eq!(
        statuses,
        vec![
            ("Raise the pool".into(), Status::Done),
            ("Add a canary".into(), Status::Open),
            ("Page the team".into(), Status::Done),
        ]
    );
}

#[test]
fn type_forms() {
    let md =
        "## Action items\n- Add an alert [detect]\n- Add a guard, type: prevention\n- Add docs\n";
    let kinds: Vec<Option<String>> = items(md).into_iter().map(|i| i.item.kind).collect();
    assert_eq!(
        kinds,
        vec![Some("detect".into()), Some("prevent".into()), None]
    );
}

#[test]
fn tables_by_header() {
    let md = "## Follow-ups\n\n| Action | Owner | Due | Ticket | Status | Type |\n|---|---|---|---|---|---|\n| Document the steps | @priya | 2026-11-20 | OPS-415 | open | Process |\n| Load-test checkout | Kevin | Dec 1, 2026 | [OPS-416](https://j.example/browse/OPS-416) | Yes | mitigation |\n| Retire the old pool | — | | | won't do | |\n";
    let found = items(md);
    assert_eq!(found.len(), 3);
    let first = &found[0];
    assert_eq!(first.text, "Document the steps");
    assert_eq!(first.owner.as_deref(), Some("priya"));
    assert_eq!(first.due, Some(date!(2026 - 11 - 20)));
    assert_eq!(first.ticket.as_deref(), Some("OPS-415"));
    assert_eq!(first.status, Status::Open);
    assert_eq!(first.kind.as_deref(), Some("process"));
    assert_eq!(found[1].status, Status::Done);
    assert_eq!(found[1].ticket.as_deref(), Some("OPS-416"));
    assert_eq!(found[1].kind.as_deref(), Some("mitigate"));
    assert_eq!(found[2].owner, None);
    assert_eq!(found[2].status, Status::NotDoing);
    let blocks = entries(md);
    assert_eq!(found[0].source_line(&blocks), Some(5));
}

#[test]
fn action_tables_count_anywhere_but_timelines_never() {
    let md = "## Review\n\n| Task | Assignee |\n|---|---|\n| Rotate keys | @sam |\n\n## Action items\n\n| Time | Action |\n|---|---|\n| 14:02 | Rolled back |\n\n## Impact\n\n| Region | Errors |\n|---|---|\n| EU | 18% |\n";
    assert_eq!(texts(md), vec!["Rotate keys"]);
}

#[test]
fn bold_title_items_and_paragraph_items() {
    let md = "## Action items\n\n- **Separate node groups per zone**: lets scheduling spread workloads.\n\n**Version testing**: Add tests against the last N versions. Owner: @lucas\n\n**Note:** these are tracked in Jira.\n";
    let found = items(md);
    let got: Vec<(&str, Option<&str>)> = found
        .iter()
        .map(|i| (i.text.as_str(), i.owner.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "Separate node groups per zone: lets scheduling spread workloads",
                None
            ),
            (
                "Version testing: Add tests against the last N versions",
                Some("lucas")
            ),
        ]
    );
}

#[test]
fn a_bold_title_line_reads_as_a_title() {
    let md = "## Planned actions\n\n1. **Deeper monitoring**\\\n   We plan to add alerts.\n";
    assert_eq!(texts(md), vec!["Deeper monitoring: We plan to add alerts"]);
}

#[test]
fn a_soft_break_is_a_space_as_in_the_editor() {
    // Imported, a soft-wrapped paragraph is one line of the editor's paragraph; the file reads
    // the same, so `debrief actions` and the live server agree.
    let md = "## Lessons\nTODO(marco): share the fix\nwith support.\n";
    let found = items(md);
    assert_eq!(found[0].text, "share the fix with support");
    assert_eq!(found[0].line_in_block, 0);
}

#[test]
fn nested_items_details_and_tickets() {
    let md = "## Action items\n- Improve alerting\n  - Add an alert on lag\n  - See the metrics doc\n- Add tests\n  - https://github.com/o/r/pull/2\n- Watch these signals:\n  - lag\n  - errors\n- Monitoring:\n  - Add a CPU alert\n- #2127\n";
    let found = items(md);
    let got: Vec<(&str, Option<&str>)> = found
        .iter()
        .map(|i| (i.text.as_str(), i.ticket.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Improve alerting", None),
            ("Add an alert on lag", None),
            ("Add tests", Some("https://github.com/o/r/pull/2")),
            ("Watch these signals", None),
            ("Add a CPU alert", None),
            ("#2127", Some("#2127")),
        ]
    );
}

#[test]
fn quality_problems_on_open_items() {
    let md = "## Action items\n- Investigate the outage\n- Add an alert (@kim, due 2026-11-01)\n- [x] Be more careful\n";
    let problems: Vec<Vec<Problem>> = items(md).into_iter().map(|i| i.item.problems).collect();
    assert_eq!(
        problems,
        vec![
            vec![Problem::NoOwner, Problem::NoDueDate, Problem::Vague],
            vec![],
            vec![],
        ]
    );
}

#[test]
fn the_yjs_body_gives_the_same_items() {
    use crate::blocks::yjs;
    use yrs::{Doc, Transact, Xml, XmlElementPrelim, XmlFragment, XmlTextPrelim};

    let doc = Doc::new();
    let body = doc.get_or_insert_xml_fragment(yjs::BODY);
    {
        let mut txn = doc.transact_mut();
        let heading = body.push_back(&mut txn, XmlElementPrelim::empty("heading"));
        heading.insert_attribute(&mut txn, "level", 2.0);
        heading.push_back(&mut txn, XmlTextPrelim::new("Action items"));
        let list = body.push_back(&mut txn, XmlElementPrelim::empty("taskList"));
        for (checked, text) in [
            (true, "Roll back (@kim)"),
            (false, "Add a canary by 2026-11-01"),
        ] {
            let item = list.push_back(&mut txn, XmlElementPrelim::empty("taskItem"));
            item.insert_attribute(&mut txn, "checked", checked);
            let p = item.push_back(&mut txn, XmlElementPrelim::empty("paragraph"));
            p.push_back(&mut txn, XmlTextPrelim::new(text));
        }
    }
    let blocks = yjs::parse_doc(&doc);
    let found = extract(&blocks, Words::builtin());
    let markdown =
        items("## Action items\n- [x] Roll back (@kim)\n- [ ] Add a canary by 2026-11-01\n");
    let strip = |items: &[Extracted]| {
        items
            .iter()
            .map(|i| (i.text.clone(), i.owner.clone(), i.due, i.status))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&found), strip(&markdown));
    assert_eq!(found[0].source_line(&blocks), None);
    assert!(matches!(
        blocks[found[1].block].origin,
        crate::blocks::Origin::Node(_)
    ));
}

#[test]
fn a_br_in_the_middle_of_a_line_does_not_move_an_item_off_its_line() {
    // Found by the property test: the break a `<br>` makes in the block's text is no new source
    // line. (A hard break at a line's end is: the next line starts there.)
    let md = "Intro\n\nx<br>AI: renew the cert\n\nfirst  \nTODO(ops): rotate keys\n";
    let blocks = entries(md);
    let found = extract(&blocks, Words::builtin());
    let lines: Vec<_> = found.iter().map(|i| i.source_line(&blocks)).collect();
    assert_eq!(lines, [Some(3), Some(6)]);
}

#[test]
fn each_item_says_where_its_status_is_written() {
    let md = "## Action items\n- [ ] Add a canary\n- Pin the version\n\n\
              | Action | Owner | Status |\n|---|---|---|\n| Rotate keys | @kim | open |\n\n\
              | Action | Owner |\n|---|---|\n| Renew the cert | @lee |\n\n\
              ## Notes\nTODO(ops): page the team\n";
    let found: Vec<(String, StatusIn)> = items(md)
        .into_iter()
        .map(|i| (i.item.text, i.item.status_in))
        .collect();
    assert_eq!(
        found,
        [
            ("Add a canary".to_owned(), StatusIn::Checkbox),
            ("Pin the version".to_owned(), StatusIn::Text),
            ("Rotate keys".to_owned(), StatusIn::StatusCell),
            ("Renew the cert".to_owned(), StatusIn::Text),
            ("page the team".to_owned(), StatusIn::Text),
        ]
    );
}

#[test]
fn an_item_serializes_as_the_api_and_the_csv_write_it() {
    let item = &items("## Action items\n- [ ] @kim add a canary by 2026-11-01 (OPS-1)\n")[0].item;
    let json = serde_json::to_value(item).unwrap();
    assert_eq!(json["due"], "2026-11-01");
    assert_eq!(json["status"], "open");
    assert_eq!(json["status_in"], "checkbox");
    assert_eq!(json["type"], serde_json::Value::Null);
    let back: ActionItem = serde_json::from_value(json).unwrap();
    assert_eq!(&back, item);
    let csv = item.csv_fields();
    assert_eq!(csv[2], "2026-11-01");
    assert_eq!(csv[4], "open");
}
