//! What an item's wording says beyond its fields: that it is vague, or that it is already done.
//!
//! Reviews of real postmortems find the same weak action items again and again: "improve
//! monitoring", "investigate", "ensure", "look into", "be more careful", "train people". They name
//! no concrete change, so nobody can tell when they are finished. An item written in the past
//! tense ("We added alerts", "Increased the pool", "… has been documented") reports something
//! already done.

use std::sync::LazyLock;

use regex::Regex;

use super::Words;

static VAGUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:improv(?:e|es|ed|ing|ement)|investigat(?:e|es|ing|ion)|ensur(?:e|es|ing)|make\s+sure|look(?:ing)?\s+into|be\s+(?:more\s+)?(?:careful|vigilant|aware|mindful)|more\s+careful|train(?:ing)?\s+(?:people|staff|engineers|the\s+team|teams|everyone)|consider(?:ing)?|explor(?:e|ing)|reflect(?:ing)?\s+(?:on|if|whether)|think(?:ing)?\s+about|discuss(?:ing)?|revisit(?:ing)?|figur(?:e|ing)\s+out|better|try\s+to)\b")
        .expect("vague pattern")
});

static PAST_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:we(?:'ve|\s+have)?|(?:this|it)\s+(?:has|was))\s+(?:already\s+|now\s+|\w+ly\s+)?(?:been\s+)?(?P<verb>[a-z]+ed|sent|built|wrote|ran|held|took|gave|made|found|began|taught|told)\b")
        .expect("past subject pattern")
});
static PAST_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:Sent|Built|Wrote|Ran|Held|Took|Gave|Made|Found|Began|Taught|Told)\s|(?P<verb>[A-Z][a-z-]+ed)\s+(?:the|a|an|our|their|its|to|in|into|on|for|with|from|all|new|this|that|these|those|some|each|every|per|more|extra|additional|it|them|up|out|back|down|off)\b)")
        .expect("past lead pattern")
});
static PASSIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?P<modal>should|would|could|must|might|may|will|to)\s+)?(?:has|have|had)\s+been\s+(?P<verb>[a-z]+ed)\b")
        .expect("passive pattern")
});

/// Whether the wording names no concrete change.
pub(super) fn is_vague(text: &str) -> bool {
    VAGUE.is_match(text)
}

/// Whether the item's first sentence reports it as done.
pub(super) fn reads_as_done(text: &str, words: &Words) -> bool {
    let first = first_sentence(text);
    [&*PAST_SUBJECT, &*PAST_LEAD, &*PASSIVE]
        .iter()
        .any(|pattern| {
            pattern.captures(first).is_some_and(|caps| {
                let verb = caps.name("verb").map_or("", |v| v.as_str()).to_lowercase();
                caps.name("modal").is_none() && !words.not_past.contains(&verb)
            })
        })
}

fn first_sentence(text: &str) -> &str {
    text.match_indices(['.', '!', '?', ':'])
        .find(|(i, _)| text[i + 1..].starts_with(char::is_whitespace))
        .map_or(text, |(i, _)| &text[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vague_wording() {
        for text in [
            "Improve monitoring",
            "Investigate the outage",
            "Ensure alerts work",
            "Look into smoke tests",
            "Be more careful with deploys",
            "Train people on the runbook",
            "Better monitoring of namespaces",
            "Consider a staging env",
        ] {
            assert!(is_vague(text), "{text}");
        }
        for text in [
            "Add an alert on pool saturation above 80%",
            "Document the rollback steps",
            "Train the new classifier model weekly",
        ] {
            assert!(!is_vague(text), "{text}");
        }
    }

    #[test]
    fn past_tense_reads_as_done() {
        for text in [
            "We tweaked the registry pull limit",
            "We've advised the teams to use two replicas",
            "Increased the scrutiny any PR gets",
            "Switched to pnpm 10",
            "We've significantly tightened our release workflows",
            "Sent communications to all affected teams",
            "Service account with ACLs has been documented",
        ] {
            assert!(reads_as_done(text, Words::builtin()), "{text}");
        }
        for text in [
            "We need to refactor the tests",
            "Automated tests for the SDK",
            "Improved runbooks for engine limits",
            "Check why no alert fired. An issue has been created for this.",
            "Implement priority-classes: Has been scheduled as part of our effort",
            "Add guards",
            "Reflect if the ALBs should have been communicated to the teams",
        ] {
            assert!(!reads_as_done(text, Words::builtin()), "{text}");
        }
    }
}
