use super::*;

fn rules() -> RuleSet {
    RuleSet::default_rules()
}

fn fired(rules: &RuleSet, text: &str) -> Vec<String> {
    rules.check(text).into_iter().map(|f| f.rule).collect()
}

#[test]
fn every_default_rule_has_examples_it_flags_and_counterexamples_it_does_not() {
    let file = default_file();
    let rules = rules();
    assert_eq!(rules.rules().len(), file.rules.len());
    for spec in &file.rules {
        assert!(
            spec.examples.len() >= 2 && spec.counterexamples.len() >= 2,
            "rule {} needs at least two examples and two counterexamples",
            spec.id
        );
        for example in &spec.examples {
            assert!(
                fired(&rules, example).contains(&spec.id),
                "{} does not flag {example:?}",
                spec.id
            );
        }
        for example in &spec.counterexamples {
            assert!(
                !fired(&rules, example).contains(&spec.id),
                "{} flags {example:?}",
                spec.id
            );
        }
    }
}

#[test]
fn rules_flag_the_same_phrases_in_text_that_is_not_ascii() {
    // The rules' word boundaries are ASCII ones (`rule_file::ascii_word_boundaries`): in text
    // that is not ASCII they must still find every example and leave every counterexample.
    let file = default_file();
    let rules = rules();
    for spec in &file.rules {
        for example in &spec.examples {
            let text = format!("Über-Zusammenfassung — {example} ✓");
            assert!(
                fired(&rules, &text).contains(&spec.id),
                "{} does not flag {text:?}",
                spec.id
            );
        }
        for example in &spec.counterexamples {
            let text = format!("Über-Zusammenfassung — {example} ✓");
            assert!(
                !fired(&rules, &text).contains(&spec.id),
                "{} flags {text:?}",
                spec.id
            );
        }
    }
    assert_eq!(
        rule_file::ascii_word_boundaries(r"\bcare(?:less|lessly)\B [\b] \\b"),
        r"(?-u:\b)care(?:less|lessly)(?-u:\B) [\b] \\b"
    );
}

#[test]
fn neutral_sentences_are_not_flagged_by_any_rule() {
    let rules = rules();
    for text in [
        "Just after midnight, the batch job started.",
        "It is clear from the graphs that memory grew for hours.",
        "Laura paged the DBA at 03:12.",
        "Marco noticed the full disk and started a cleanup at 07:45.",
        "Kevin and Laura restored the queue together by 05:10.",
        "The readiness probe failed to detect the hung worker.",
        "The deploy failed at 16:40 because the registry was read-only.",
        "The engineer followed the runbook, which pointed at the old cluster.",
        "The team lacked a safe way to try firewall changes.",
        "We should add an alert for queue depth.",
        "The cert manager failed to renew the certificate.",
        "The package manager missed the pinned version.",
        "Users caused a spike in traffic at 09:00.",
        "The root cause was a race in the lock manager.",
        "Angus noted that the hub database was only 1.6 MB.",
        "The worst offenders were three slow queries.",
        // judgement words said not to apply
        "The review found no negligence.",
        "This was not a careless edit: the two values looked identical in the admin UI.",
    ] {
        assert_eq!(fired(&rules, text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn a_person_is_told_apart_from_a_system_as_subject() {
    let rules = rules();
    assert_eq!(
        fired(&rules, "The DBA failed to verify the backup."),
        ["person-omission"]
    );
    assert!(fired(&rules, "The backup job failed to verify the archive.").is_empty());
    assert_eq!(fired(&rules, "Kevin broke prod."), ["person-fault"]);
    assert!(fired(&rules, "The deploy broke prod.").is_empty());
}

#[test]
fn findings_cover_the_hit_group_with_byte_offsets() {
    let text = "At 03:00 – so Kevin forgot to renew it.";
    let findings = rules().check(text);
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(f.rule, "person-omission");
    assert_eq!(f.severity, Severity::Blame);
    assert_eq!(f.text, "Kevin forgot");
    assert_eq!(&text[f.start..f.end], "Kevin forgot");
    assert!(f.message.contains("may read as blaming"));
    assert!(!f.suggestion.is_empty());
    assert_eq!(f.replacement, None);
}

#[test]
fn findings_are_ordered_by_position() {
    let text = "Obviously it was human error, and the intern caused the outage.";
    let findings = rules().check(text);
    let starts: Vec<usize> = findings.iter().map(|f| f.start).collect();
    assert_eq!(findings.len(), 3);
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(findings[0].rule, "hindsight");
}

#[test]
fn a_replacement_expands_capture_groups() {
    let findings = rules().check("She just had to look at the graph.");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].text, "just had to");
    assert_eq!(findings[0].replacement.as_deref(), Some("had to"));
}

#[test]
fn typographic_apostrophes_count() {
    assert_eq!(
        fired(
            &rules(),
            "It was Priya’s fault that the rollback took an hour."
        ),
        ["fault"]
    );
}

const USER_RULE: &str = r#"
[[rule]]
id = "ninja"
severity = "info"
pattern = '''\b(?P<hit>ninja(?:s)?)\b'''
message = "Jargon."
suggestion = "Say what they did."
examples = ["Our ninjas fixed it.", "A ninja fixed it."]
counterexamples = ["Nobody fixed it.", "Ninjago."]
"#;

#[test]
fn a_user_file_extends_the_defaults() {
    let rules = RuleSet::from_toml(USER_RULE).unwrap();
    assert_eq!(fired(&rules, "A ninja fixed it."), ["ninja"]);
    assert_eq!(fired(&rules, "It was human error."), ["human-error"]);
}

#[test]
fn a_user_file_adds_to_default_terms() {
    let text = "It was the tribe's fault.";
    assert!(fired(&rules(), text).is_empty());
    let rules = RuleSet::from_toml("[terms]\nteam = [\"tribe\"]\n").unwrap();
    assert_eq!(fired(&rules, text), ["fault"]);
    assert_eq!(fired(&rules, "Kevin broke prod."), ["person-fault"]);
}

#[test]
fn a_user_file_can_disable_a_form_of_the_detector() {
    let rules = RuleSet::from_toml("disable = [\"person-fault\"]\n").unwrap();
    assert!(fired(&rules, "Kevin broke prod.").is_empty());
    assert_eq!(
        fired(&rules, "Kevin forgot the canary."),
        ["person-omission"]
    );
    assert!(rules.known_ids().contains(&"person-fault"));
}

#[test]
fn a_user_rule_with_a_default_id_replaces_it_and_disable_drops_rules() {
    // (The learned scorer is off too: it rightly finds "human error" like blame by itself.)
    let src = format!(
        "disable = [\"fault\", \"resembles-blame\"]\n{}",
        USER_RULE.replace("\"ninja\"", "\"human-error\"")
    );
    let rules = RuleSet::from_toml(&src).unwrap();
    assert!(fired(&rules, "It was human error.").is_empty());
    assert_eq!(fired(&rules, "A ninja fixed it."), ["human-error"]);
    assert!(!fired(&rules, "It was Priya's fault.").contains(&"fault".to_owned()));
    assert_eq!(fired(&rules, "Kevin broke prod."), ["person-fault"]);
}

#[test]
fn replace_defaults_keeps_only_the_user_rules() {
    let rules = RuleSet::from_toml(&format!("replace_defaults = true\n{USER_RULE}")).unwrap();
    assert_eq!(fired(&rules, "A ninja broke prod. Human error."), ["ninja"]);
}

fn load_error(src: &str) -> String {
    RuleSet::from_toml(src).unwrap_err().to_string()
}

fn with_pattern(pattern: &str) -> String {
    USER_RULE.replace(r"\b(?P<hit>ninja(?:s)?)\b", pattern)
}

#[test]
fn bad_rules_files_are_rejected_with_a_clear_error() {
    assert!(load_error("[[rule]\n").starts_with("invalid rules file"));
    assert!(load_error("colour = 1\n").contains("unknown field `colour`"));
    assert!(load_error(&USER_RULE.replace("\"info\"", "\"fatal\"")).contains("unknown variant"));
    assert_eq!(
        load_error(&with_pattern(r"{nonesuch}")),
        "rule `ninja`: unknown term `{nonesuch}`"
    );
    assert_eq!(
        load_error(&format!(
            "[terms]\nloop = [\"{{loop}}\"]\n{}",
            with_pattern("{loop}")
        )),
        "term `{loop}` refers to itself"
    );
    assert!(load_error(&with_pattern("(ninja")).starts_with("rule `ninja`: invalid pattern"));
    assert_eq!(
        load_error(&with_pattern("ninjas")),
        "rule `ninja` does not flag its example \"A ninja fixed it.\""
    );
    assert_eq!(
        load_error(&with_pattern("(?P<hit>ninja|nin)")),
        "rule `ninja` flags its counterexample \"Ninjago.\""
    );
    assert_eq!(
        load_error(&USER_RULE.replace("message = \"Jargon.\"", "message = \"\"")),
        "rule `ninja`: `message` is empty"
    );
    assert_eq!(
        load_error(&USER_RULE.replace("\"ninja\"", "\"nin ja\"")),
        "rule id `nin ja` may only contain letters, digits, '-' and '_'"
    );
    assert_eq!(
        load_error(&format!("{USER_RULE}{USER_RULE}")),
        "rule `ninja` is defined twice"
    );
    assert_eq!(
        load_error("disable = [\"nonesuch\"]\n"),
        "cannot disable rule `nonesuch`: there is no such rule"
    );
    assert_eq!(
        load_error("replace_defaults = true\n"),
        "the rules file leaves no rules"
    );
    assert_eq!(
        load_error(&USER_RULE.replace(
            "message = \"Jargon.\"",
            "message = \"Jargon.\"\nreplacement = \"$hitt\""
        )),
        "rule `ninja`: the replacement uses `$hitt`, which the pattern does not define"
    );
}

#[test]
fn braces_that_are_not_term_names_stay_regex() {
    let rules = RuleSet::from_toml(&with_pattern(r"\bninj(?:a){1,2}s?\b|\{ninja\}")).unwrap();
    assert_eq!(fired(&rules, "A ninja fixed it."), ["ninja"]);
    assert_eq!(fired(&rules, "Literal {ninja} here."), ["ninja"]);
}

#[test]
fn labelled_sentences_are_flagged_exactly_when_blameful() {
    let rules = rules();
    let mut wrong = Vec::new();
    let rows = include_str!("testdata/sentences.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let mut count = 0;
    for row in rows {
        let (label, sentence) = row.split_once('\t').expect("label<TAB>sentence");
        let flagged = !rules.check(sentence).is_empty();
        match (label, flagged) {
            ("blame", true) | ("ok", false) => {}
            ("blame", false) => wrong.push(format!("missed: {sentence}")),
            ("ok", true) => wrong.push(format!("false alarm: {sentence}")),
            _ => panic!("unknown label {label:?}"),
        }
        count += 1;
    }
    assert!(count > 200, "{count} sentences");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_rule_set_can_be_shared_by_worker_threads() {
    fn shareable<T: Send + Sync + Clone + 'static>(value: T) -> T {
        value
    }
    let rules = shareable(rules());
    let handle = std::thread::spawn(move || rules.check("Kevin broke prod.").len());
    assert_eq!(handle.join().unwrap(), 1);
}

#[test]
fn word_class_means_latin_letters_digits_and_underscore() {
    let narrowed = rule_file::narrow_word_class(r"\w+ [\w'-]+ \\w \W [^\w]");
    let regex = Regex::new(&format!("^(?:{narrowed})$")).unwrap();
    assert!(regex.is_match(r"Søren_2 naïve'-x \w ! ?"));
    assert!(!regex.is_match(r"東京 naïve'-x \w ! ?"), "not every script");
    assert!(
        !regex.is_match(r"Søren_2 naïve'-x \w ! é"),
        r"[^\w] excludes Latin letters"
    );
}

#[test]
fn the_learned_scorer_flags_a_whole_sentence_no_form_describes() {
    // No form knows "sat on the ticket"; the scorer has seen teams and their inaction.
    let text = "We restored the snapshot. The SRE lads just sat on the ticket for a week.";
    let findings = rules().check(text);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f.rule, "resembles-blame");
    assert_eq!(f.severity, Severity::Blame);
    assert_eq!(f.text, "The SRE lads just sat on the ticket for a week.");
    assert_eq!(&text[f.start..f.end], f.text);
    assert!(f.replacement.is_none());
    // It says what it reacted to: words of the sentence itself.
    let (_, cues) = f
        .message
        .split_once("Words that weighed most: ")
        .expect("the message names its cues");
    let cues: Vec<&str> = cues.trim_end_matches('.').split(", ").collect();
    assert!(!cues.is_empty() && cues.len() <= 3, "{cues:?}");
    for cue in cues {
        let cue = cue.trim_matches(['\u{201c}', '\u{201d}']);
        assert!(f.text.to_lowercase().contains(cue), "{cue} in {}", f.text);
    }
    // Off when disabled, like any rule.
    let own = RuleSet::from_toml("disable = [\"resembles-blame\"]\n").unwrap();
    assert!(own.check(text).is_empty());
    assert!(own.known_ids().contains(&"resembles-blame"));
}

#[test]
fn the_learned_scorer_stays_silent_where_a_rule_fired_and_on_plain_narrative() {
    for text in [
        "The database team dragged their feet on the upgrade for months.",
        "Kevin pushed the broken config straight to production.",
    ] {
        let rules_fired = fired(&rules(), text);
        assert!(!rules_fired.is_empty(), "{text}");
        assert!(
            !rules_fired.contains(&"resembles-blame".to_owned()),
            "{text}: {rules_fired:?}"
        );
    }
    for text in [
        "The cache warmed up after the deploy and latency returned to normal.",
        "We restored the snapshot and replayed the queue.",
        "Priya paged the database team at 02:14 and they joined the call.",
    ] {
        assert!(fired(&rules(), text).is_empty(), "{text}");
    }
}
