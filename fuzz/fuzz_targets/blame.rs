//! Any text through the blameful-language rules: no panic, and every finding is a phrase of
//! the text, between char boundaries, in order.
#![no_main]

use std::sync::LazyLock;

use debrief::hooks::blame::RuleSet;

static RULES: LazyLock<RuleSet> = LazyLock::new(RuleSet::default_rules);

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let findings = RULES.check(&text);
    let mut last = 0;
    for finding in findings {
        assert!(
            finding.start <= finding.end && finding.end <= text.len(),
            "{finding:?}"
        );
        assert!(text.is_char_boundary(finding.start) && text.is_char_boundary(finding.end));
        assert_eq!(finding.text, text[finding.start..finding.end]);
        assert!(finding.start >= last, "findings are ordered");
        last = finding.start;
    }
});
