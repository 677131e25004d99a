//! One test per form: sentences it must flag, and hard negatives that share its surface words
//! but say nothing of a person.

use super::*;

/// The forms' findings in one paragraph, split into sentences here.
fn detect(text: &str, enabled: impl Fn(Form) -> bool) -> Vec<Finding> {
    super::detect(text, &sentences(text), enabled)
}

fn rules(text: &str) -> Vec<String> {
    detect(text, |_| true).into_iter().map(|f| f.rule).collect()
}

fn check(form: Form, positives: &[&str], negatives: &[&str]) {
    for text in positives {
        assert!(
            rules(text).iter().any(|r| r == form.id()),
            "{} does not flag {text:?}: {:?}",
            form.id(),
            rules(text)
        );
    }
    for text in negatives {
        assert!(
            rules(text).is_empty(),
            "{text:?} is flagged: {:?}",
            rules(text)
        );
    }
}

#[test]
fn person_omission() {
    check(
        Form::PersonOmission,
        &[
            "Oyelaran forgot to rotate the signing key.",
            "The platform team never prioritised the failover fix.",
            "Security didn't review the firewall change.",
            "Nobody checked the replica lag before the cutover.",
            "The storage on-call did not escalate.",
            "Infra has been ignoring the disk alerts for weeks.",
            "Oluwaseun let the renewal reminder languish in his inbox.",
            "The billing desk let the pager ring until it escalated.",
        ],
        &[
            "The health check failed to detect the stuck worker.",
            "Oluwaseun let the reindex finish before failing over.",
            "Oyelaran rotated the signing key at 09:00.",
            "The platform team rolled back the release.",
            "Nobody could have known the library changed its default.",
            "The alert went to a channel that nobody monitors at night.",
            // what was not done was the machine's job
            "Front desk not informed automatically, the booking system sends no notification.",
        ],
    );
    // (the same without "automatically" is someone's omission)
    assert!(
        rules("Front desk not informed, the booking system sends no notification.")
            .contains(&"person-omission".to_owned())
    );
}

#[test]
fn person_fault() {
    check(
        Form::PersonFault,
        &[
            "Władysław deleted the production bucket.",
            "The contractor misconfigured the load balancer.",
            "Tomasz approved his own pull request.",
            "Ngozi ran the migration against the wrong database.",
            "The data team's careless backfill knocked over the primary.",
            "The mobile team shipped the release without a rollback plan.",
            "No offence to the SRE squad, but they restarted the primary twice.",
            "Not to point fingers, but Chinedu deployed it on a Friday evening.",
            "Khadija hard-coded the staging credentials into the worker.",
            "The analytics guild dumped a full table scan onto the replica.",
            "Ifeoma hastily merged the migration.",
            "@ngozi.a deleted the production bucket.",
        ],
        &[
            "The deploy broke checkout for EU users.",
            // An e-mail address is no handle: its domain names nobody.
            "alerts@acme-corp.io pasted the stack trace into the channel.",
            "Tom deleted the stale DNS records after confirming they were unused.",
            "Ngozi ran the migration in staging first.",
            "Laura broke the work into three streams.",
            "Redis dropped idle connections after the upgrade.",
            "Not to point fingers, but we need an alert on replica lag.",
            "No blame here, but the retry storm came from the SDK.",
        ],
    );
}

#[test]
fn taking_a_protection_away_or_leaving_a_temporary_state() {
    check(
        Form::PersonFault,
        &[
            "Dmitri disabled the disk-space alert on the brokers last month.",
            "The release team overrode the canary gate for build 3.",
            "Nnamdi removed the firewall rule that payroll still used.",
        ],
        &[
            "Dmitri disabled the alert to stop the flapping during the maintenance window.",
            "Nnamdi removed the firewall rule because the service was retired.",
            "Dmitri raised the alert threshold after the review.",
        ],
    );
    check(
        Form::PersonOmission,
        &[
            "Svetlana left the database in read-only mode after the maintenance.",
            "The vendor's team left debug logging enabled in production.",
        ],
        &[
            "Svetlana left the meeting early.",
            "Our team left the flag on for the beta cohort.",
        ],
    );
    check(
        Form::Fragment,
        &["Left maintenance mode on after the upgrade, blocking all writes."],
        &["Left the call at 10:05."],
    );
    check(
        Form::Slip,
        &[
            "max_connections had been set to 20 by mistake.",
            "Kwame set the pool size to 5 by accident.",
        ],
        &["The value was set by the operator, not by mistake."],
    );
}

#[test]
fn care_denied_haste_and_judging_ourselves() {
    check(
        Form::Judgement,
        &[
            "Possibly the intern was not entirely careful with the kubectl context.",
            "One might say the DBA was somewhat hasty with the VACUUM FULL.",
            "Some would say the data team is a little relaxed about schema changes.",
        ],
        &[
            "The intern was careful with the kubectl context.",
            "The DBA was relaxed after the restore finished.",
        ],
    );
    check(
        Form::SelfBlame,
        &[
            "This one is entirely on me; I approved the PR without reading it.",
            "I am ashamed to say I deleted the bucket myself.",
            "Very poor job from us, the backlog grew to two million messages.",
        ],
        &["Poor connectivity from the office slowed the response."],
    );
}

#[test]
fn exasperated_questions_and_risks_taken_at_the_wrong_time() {
    check(
        Form::RhetoricalQuestion,
        &[
            "Is it really so hard to run the test suite before merging?",
            "What exactly was the reviewer doing when this PR got approved?",
            "Is it too much to ask that people read the runbook?",
        ],
        &[
            "Is it hard to add a second region?",
            "What was the scheduler doing at 03:00?",
        ],
    );
    check(
        Form::PersonFault,
        &[
            "Youssef scheduled the reindex job in the middle of peak traffic.",
            "Ingrid ran terraform apply from her laptop with stale state.",
            "Wei Lin's config change at 14:02 broke authentication for all EU customers.",
        ],
        &[
            "Youssef scheduled the reindex for Sunday night.",
            "Kenji identified the wrong image tag in the deploy history.",
        ],
    );
    check(
        Form::Fragment,
        &[
            "Merged PR #882 on Friday evening without approval from the owning team.",
            "Rolled out to all EU tenants at once, no phased plan.",
        ],
        &["Rolled out to the EU tenants on Tuesday morning."],
    );
}

#[test]
fn what_a_system_did_or_a_change_enables_is_no_lapse() {
    check(
        Form::PassiveOmission,
        &["Obvious red flags were missed during code review."],
        &[
            "The migration reported success even though 2% of rows were skipped.",
            "The token was posted in a public channel by the CI bot's verbose logging.",
        ],
    );
    check(
        Form::Exhortation,
        &["Rollback testing requires more rigour from all of us."],
        &["Alerts are now grouped by service, so the on-call can pay closer attention."],
    );
}

#[test]
fn late_tolerated_or_overridden() {
    check(
        Form::PassiveOmission,
        &[
            "The incident was declared far too late.",
            "Known flakiness in the integration suite was tolerated for months.",
            "The failing canary was overridden to meet the release date.",
            "The restore had not been tested in a year, despite repeated reminders.",
        ],
        &[
            "The incident was declared at 14:05, four minutes after the first alert.",
            "The canary was promoted automatically after 30 minutes.",
            "The backup job was disabled for the maintenance window.",
            "Restoring a backup had never been tested.",
        ],
    );
}

#[test]
fn owning_a_follow_up_or_correcting_the_report_is_no_confession() {
    check(
        Form::SelfBlame,
        &["This one is on me."],
        &[
            "My mistake in the first draft of this report has been corrected: it started at 09:41.",
            "That follow-up is on me: I'll own the ticket for the TTL alert.",
        ],
    );
    check(
        Form::PersonFault,
        &["It was Kevin's fault."],
        &["Nobody's fault here: the durability setting changed silently in the client."],
    );
}

#[test]
fn anyone_would_have_caught_it_and_other_reproaches() {
    check(
        Form::Counterfactual,
        &["Would have been caught by anyone reading the logs."],
        &[
            "It would have been caught by a simple canary.",
            "This would have been caught by any integration test.",
        ],
    );
    check(
        Form::RhetoricalQuestion,
        &[
            "Who on earth approved this?",
            "Are we seriously still deploying by hand?",
        ],
        &["Is the queue still growing?", "Who is on call this week?"],
    );
    check(
        Form::Fragment,
        &["Pushed to main on a Friday with no one watching."],
        &["Pushed to main on a Friday with two reviewers watching."],
    );
    check(
        Form::PersonFault,
        &["Olumide pushed a hotfix that skipped the test suite."],
        &["Olumide pushed a hotfix that fixed the test suite."],
    );
}

#[test]
fn chat_in_lower_case_without_question_marks() {
    check(
        Form::PersonOmission,
        &[
            "our on-call slept through three pages",
            "the reviewer rubber stamped it as usual",
            "infra sat on the ticket for two weeks",
        ],
        &[
            "infra restarted the pods at 10:05",
            "ops slept fine, no pages overnight",
        ],
    );
    check(
        Form::PersonFault,
        &[
            "backend team dropped the ball hard on this one",
            "tbh the infra folks just yolo'd the migration",
        ],
        &["backend team shipped the fix by noon"],
    );
    check(
        Form::RhetoricalQuestion,
        &["lol who merged this without tests"],
        &["Even customers who use a fixed SDK version were affected."],
    );
    check(
        Form::Judgement,
        &["classic Dave, pushing on a friday"],
        &["Classic load balancers were retired in May."],
    );
    check(
        Form::Responsibility,
        &[
            "whoever wrote this cron job should be banned from prod",
            "Kevin should be held accountable for the outage.",
        ],
        &["The script should be banned from prod hosts."],
    );
}

#[test]
fn teams_in_non_native_phrasing() {
    check(
        Form::PersonOmission,
        &[
            "The networking department has not done the needed changes on the firewall.",
            "Team of database did not inform us about the maintenance.",
        ],
        &["The networking department upgraded the firewall in March."],
    );
    check(
        Form::PersonFault,
        &[
            "Our colleagues from payments have released without any coordination.",
            "The QA people signed off a build that was never installed.",
        ],
        &[
            "Customer reports were routed to a queue that was not monitored.",
            "The vendor changed their API without notice.",
        ],
    );
}

#[test]
fn hedged_and_rhetorical_blame() {
    check(
        Form::Counterfactual,
        &["In fairness, the release manager could have been a bit more careful."],
        &["The release manager could have been on leave that week."],
    );
    check(
        Form::RhetoricalQuestion,
        &[
            "Correct me if I'm wrong, but didn't the platform team own this?",
            "Was the runbook even opened?",
        ],
        &[
            "Why did the deploy pipeline not block the change?",
            "Didn't the cache get flushed at 10:00?",
        ],
    );
    check(
        Form::PersonOmission,
        &["How is it possible that nobody noticed for six hours?"],
        &["It is possible that the disk filled up overnight."],
    );
    check(
        Form::PassiveOmission,
        &["Frankly, the whole rollout was mishandled."],
        &["The request was mishandled by the proxy."],
    );
}

#[test]
fn care_missing_and_mistakes_made_in_the_passive() {
    check(
        Form::PassiveOmission,
        &[
            "Mistakes were made during the cut-over.",
            "Due diligence was not done on the new library.",
            "No attention was paid to the deprecation warnings.",
            "Little care was given to the rollback plan.",
            "Insufficient testing was performed before release.",
            "Testing was skipped entirely for the hotfix.",
            "Documentation was ignored.",
            "The process was not adhered to.",
            "The risk was downplayed in the review.",
            "The ticket was closed without a fix.",
            "The schema change was applied by hand, outside the pipeline.",
        ],
        &[
            "Mistakes in the config were found by the linter.",
            "The ticket was closed as a duplicate of OPS-12.",
            "The change was made through the normal pipeline.",
            "Testing was skipped for docs-only changes, as the policy allows.",
            "The engineer was given access on Monday.",
        ],
    );
}

#[test]
fn bullets_that_judge_priorities_and_timing() {
    check(
        Form::Fragment,
        &[
            "Prioritised the launch date over the failing smoke tests.",
            "Treated the warning as noise.",
        ],
        &["Chose the cheaper instance type after benchmarking."],
    );
    check(
        Form::Counterfactual,
        &[
            "Should have rolled back immediately instead of debugging live.",
            "Could have paged the DBA much earlier.",
        ],
        &["Could have been a network blip."],
    );
}

#[test]
fn judging_a_response_or_the_decisions_made() {
    check(
        Form::Judgement,
        &["The on-call's response was way too slow."],
        &[
            "The vendor's response was quick and helpful.",
            "The disk's response time was too slow.",
        ],
    );
    check(
        Form::PassiveOmission,
        &["Bad decisions were made under pressure."],
        &["Decisions were made by the incident commander."],
    );
}

#[test]
fn named_people_with_ordinary_verbs() {
    check(
        Form::PersonFault,
        &[
            "Kateryna pushed the change at 17:55 on Friday and logged off.",
            "Emeka's hotfix introduced a null pointer in the payment path.",
            "It turned out that Diego had hard-coded the staging URL.",
            "Anders deployed to all regions simultaneously.",
        ],
        &[
            "Kateryna rotated the keys at 17:55 as planned.",
            "Emeka's hotfix resolved the null pointer in the payment path.",
            "Anders deployed the fix to all regions after the canary passed.",
        ],
    );
    check(
        Form::PersonOmission,
        &["Yusuf left the feature flag enabled for all customers overnight."],
        &["Yusuf left the feature flag enabled for the beta customers."],
    );
    check(
        Form::Responsibility,
        &["The outage began after Oksana's terraform apply."],
        &["The outage began after the upstream provider's DNS failure."],
    );
}

#[test]
fn diligence_asked_of_everyone() {
    check(
        Form::Exhortation,
        &[
            "Please, folks, actually look at the dashboards after a deploy.",
            "People have to start taking alerts seriously.",
            "We all need to double-check before hitting merge.",
            "Lesson: always read the release notes.",
            "Reminder to everyone: check which cluster you are connected to.",
        ],
        &[
            "Engineers need a read-only role for production.",
            "Please see the dashboard for the queue depth.",
            "We all met at 10:00 to plan the rollback.",
            "Note: check the appendix for the full timeline.",
        ],
    );
}

#[test]
fn hedged_blame_is_still_blame() {
    check(
        Form::PersonOmission,
        &[
            "Maybe it's just me, but nobody seems to care about the flaky tests.",
            "Just saying, the alert was there for hours and nobody did anything.",
        ],
        &["Nobody seems to know why the disk filled up overnight."],
    );
    check(
        Form::PassiveOmission,
        &["If I'm being brutally honest, the release was pushed out too early by product."],
        &["The release was pushed out on Tuesday as planned."],
    );
}

#[test]
fn regret_for_what_we_did() {
    check(
        Form::SelfBlame,
        &[
            "I feel terrible that I approved it.",
            "I'm kicking myself for not checking the region.",
        ],
        &["We feel terrible about it, and we are doing everything we can."],
    );
}

#[test]
fn review_too_fast_and_delay_reproached() {
    check(
        Form::PersonFault,
        &["The reviewer signed off on a 3,000-line diff in four minutes."],
        &["The reviewer signed off on the one-line fix after the tests passed."],
    );
    check(
        Form::PersonOmission,
        &[
            "It took the DBA three hours to even look at the ticket.",
            "The intern was given prod access on day one and nobody supervised.",
        ],
        &["It took the restore three hours to complete."],
    );
}

#[test]
fn verbs_ending_in_ly_are_verbs() {
    check(
        Form::PersonOmission,
        &[
            "Kevin did not apply the patch.",
            "The data platform team did not apply the retention policy.",
            "The vendor never replied to the escalation.",
        ],
        &["The rollout will apply the patch to every node."],
    );
}

#[test]
fn putting_off_again_and_never_undoing() {
    check(
        Form::PassiveOmission,
        &[
            "The capacity review kept being postponed.",
            "The certificate renewal reminder was snoozed repeatedly.",
            "The Postgres upgrade was deferred for months.",
            "The backup job was disabled and never turned back on.",
            "Paging for the queue was muted during the migration and never re-enabled.",
        ],
        &[
            "The release was postponed to Monday.",
            "The migration was delayed by the vendor outage.",
            "The alert was snoozed again because the maintenance window ran long.",
            "The backup job was disabled and turned back on at 09:00.",
        ],
    );
    check(
        Form::PersonOmission,
        &["The platform team deprioritised the disk alerts sprint after sprint."],
        &["The platform team deprioritised the disk alerts in favour of the outage work."],
    );
}

#[test]
fn knowing_and_not_acting() {
    check(
        Form::PersonOmission,
        &[
            "The platform team was aware of the expiring certificate but never renewed it.",
            "Ravi knew about the flaky disk, yet the drive wasn't replaced.",
            "We had seen the same crash before and knew the fix, but the patch had not been rolled out.",
        ],
        &[
            "We knew the fix but could not apply it during the freeze.",
            "We were aware of the risk, but the rollout was not paused because the metrics looked healthy.",
            "The team knew the fix and applied it at 14:05.",
            "We were not aware of the bug, but the canary had not been promoted yet either.",
        ],
    );
    check(
        Form::PassiveOmission,
        &["The memory leak had been reported twice but was never fixed."],
        &["The memory leak had been reported twice and was fixed in 2.4."],
    );
    let we = detect(
        "We knew about the expiry, but the renewal was not scheduled.",
        |_| true,
    );
    assert_eq!(we[0].severity, Severity::Hindsight);
}

#[test]
fn passive_omission() {
    check(
        Form::PassiveOmission,
        &[
            "The on-call handover was not done properly.",
            "The checklist was only skimmed.",
            "Load testing was cut short to hit the date.",
            "The debug flag was left on after the test.",
            "The runbook was not followed during the failover.",
            "The warning in the deploy output was overlooked.",
            "The page was acknowledged and then simply forgotten.",
            "The change procedure was circumvented.",
            "The hotfix was pushed straight to prod without review.",
            "The replica was left unpatched for a year.",
        ],
        &[
            "The request was retried three times before it failed.",
            "The deploy was blocked by the policy check.",
            "The alert was missed because it went to an archived channel.",
            "Restoring a backup had never been tested.",
            "The cache was not invalidated correctly.",
            "The feature flag was left on for the beta cohort.",
            "Engineers were not told that the vendor changed the procedure.",
        ],
    );
}

#[test]
fn fragment_omission() {
    check(
        Form::Fragment,
        &[
            "Didn't check the dashboards before declaring the incident resolved.",
            "Merged the change despite knowing the tests were flaky.",
            "Went ahead with the migration without taking a backup.",
        ],
        &[
            "Rolled back the release at 14:05.",
            "Didn't see any errors in the logs during the window.",
            "Ran the cleanup script in dry-run mode first.",
        ],
    );
}

#[test]
fn counterfactual() {
    check(
        Form::Counterfactual,
        &[
            "The on-call engineer should have noticed the disk alert.",
            "This should have been caught in code review.",
            "The feature shouldn't have been rushed to production.",
            "Had the reviewer read the diff, none of this would have happened.",
            "If Amara had waited for the canary, we would have been fine.",
            "Had anyone bothered to run the restore, we would have known.",
            "To be fair, somebody might have glanced at the graph sooner.",
        ],
        &[
            "The health check should have failed when the disk filled.",
            "The cache should have expired after an hour.",
            "The engineer should have been paged by the secondary alert.",
            "If the alert had fired, the on-call would have been paged.",
            "Reflect if the load balancers we tested should have been announced to the teams.",
            "Discuss whether the release could have waited for the canary.",
        ],
    );
}

#[test]
fn counterfactual_about_ourselves_is_a_hint_with_a_replacement_for_others() {
    let we = detect("We should have verified the restore.", |_| true);
    assert_eq!(we[0].severity, Severity::Hindsight);
    let they = detect(
        "The reviewer should have noticed the missing index.",
        |_| true,
    );
    assert_eq!(they[0].severity, Severity::Blame);
    assert_eq!(they[0].text, "should have noticed");
    assert_eq!(they[0].replacement.as_deref(), Some("could not easily see"));
}

#[test]
fn exhortation() {
    check(
        Form::Exhortation,
        &[
            "Everyone needs to be more careful with production credentials.",
            "We need to pay more attention when approving pull requests.",
            "Reviewers should read the diff properly.",
            "The schema needs more carefully studying.",
        ],
        &[
            "Take care: the script drops temporary tables.",
            "A careful rollout plan is now in place.",
            "Engineers need read-only access by default.",
            "Pay attention to the rate-limit header.",
        ],
    );
}

#[test]
fn self_blame() {
    check(
        Form::SelfBlame,
        &[
            "Our bad, the domain expired.",
            "This one is on me: I skipped the tests.",
            "My mistake was assuming staging matched production.",
        ],
        &[
            "Our error budget for the month is spent.",
            "It was not my mistake to make.",
        ],
    );
}

#[test]
fn rhetorical_question() {
    check(
        Form::RhetoricalQuestion,
        &[
            "Why did nobody check when the certificate expired?",
            "How could anyone think a Friday deploy was safe?",
            "What were they thinking when they turned the alerts off?",
            "Was anyone even watching the alerts that night?",
            "Why was the rollback plan ignored?",
        ],
        &[
            "Why did the retry storm not trip the circuit breaker?",
            "How can we detect certificate expiry earlier?",
            "Who was on call? Zainab and Eero.",
            "Why was the alert routed to the old channel?",
        ],
    );
}

#[test]
fn responsibility() {
    check(
        Form::Responsibility,
        &[
            "The delay was entirely down to the database team.",
            "Responsibility for the outage lies with the release manager.",
            "The outage was caused by Bongani running the cleanup script.",
            "It was Thiago who disabled the rate limiter.",
            "Not to point fingers, but the deploy was Mateus's.",
        ],
        &[
            "The delay was down to a slow disk.",
            "Laura was responsible for the incident timeline.",
            "The outage was caused by a configuration change.",
        ],
    );
}

#[test]
fn names_of_any_culture_are_people_and_products_are_not() {
    for text in [
        "Priyanka's script wiped the customer table.",
        "Nguyen Thi Lan skipped the review.",
        "@rafael.lima ignored the failing checks.",
        "Søren forgot the renewal.",
        "Ms. Okafor skipped the review.",
        "Dr Adeyemi's script wiped the customer table.",
    ] {
        assert!(!rules(text).is_empty(), "{text}");
    }
    for text in [
        "Kubernetes ignored the memory limit.",
        "Terraform deleted the bucket because the state was stale.",
        "Potentially deleted files are listed below.",
    ] {
        assert!(rules(text).is_empty(), "{text}: {:?}", rules(text));
    }
}

#[test]
fn a_possessive_name_has_a_safe_rewrite() {
    let f = &detect("Priyanka's script wiped the table.", |_| true)[0];
    assert_eq!(f.text, "Priyanka's");
    assert_eq!(f.replacement.as_deref(), Some("The"));
}

#[test]
fn work_is_bounded_on_long_text() {
    let text = "Kevin forgot the canary and the deploy went out. ".repeat(20_000);
    let findings = detect(&text, |_| true);
    assert_eq!(findings.len(), 20_000);
}

#[test]
fn slip() {
    check(
        Form::Slip,
        &[
            "The annotations were modified, accidentally overwriting the existing ones.",
            "We mistakenly thought our usage was safe.",
            "The annotations were erroneously removed.",
        ],
        &[
            "The deploy was not accidental: it was scheduled.",
            "The pipeline was unintentionally triggered.",
        ],
    );
    let f = &detect("We wrongly assumed the chart set limits.", |_| true)[0];
    assert_eq!(f.severity, Severity::Hindsight);
}

#[test]
fn judgement_of_a_person_or_their_conduct() {
    // The judgement words come from a general sentiment lexicon, not from our own lists.
    check(
        Form::Judgement,
        &[
            "That response from the contractor was frankly pathetic.",
            "Honestly, the release manager was clueless about the rollback.",
            "Ifeoma's handling of the incident was irresponsible.",
            "They were lazy about the certificate renewals.",
        ],
        &[
            "The on-call engineer was exhausted after three pages.",
            "The cluster was broken for an hour.",
            "The disk was useless after the firmware bug.",
            "Our approach to capacity planning is problematic.",
            "The contractor was not careless: the runbook was wrong.",
        ],
    );
}

#[test]
fn a_taken_for_as_is_no_explanation() {
    check(
        Form::PassiveOmission,
        &["The customer's complaint was brushed off as user error."],
        &["The warning was missed as the alert went to an archived channel."],
    );
}

#[test]
fn a_lower_case_department_after_a_clause_opener() {
    check(
        Form::PersonFault,
        &["It could be said that support mishandled the initial reports."],
        &["The data showed that support tickets doubled after the release."],
    );
    check(
        Form::PersonOmission,
        &["The patch sat for a month because security ignored the ticket."],
        &["The patch sat for a month because security reviews were paused."],
    );
}

#[test]
fn questions_that_reproach() {
    check(
        Form::RhetoricalQuestion,
        &[
            "How was this ever approved?",
            "Wasn't it obvious that dropping the index would break search?",
        ],
        &[
            "How was the rollback triggered?",
            "Wasn't the index rebuilt overnight?",
        ],
    );
}

#[test]
fn a_verb_of_harm_from_the_sentiment_lexicon() {
    check(
        Form::PersonFault,
        &[
            "Bartholomew ruined the launch by pushing on a Friday.",
            "The contractor sabotaged the migration plan.",
            "No fault of the tooling, but Aiyana wasted two hours on the wrong host.",
        ],
        &[
            "Bartholomew killed the stuck process at 03:10.",
            "The on-call failed over the database.",
            "The queue degraded under the retry storm.",
        ],
    );
}

#[test]
fn questions_after_an_interjection_or_with_even() {
    check(
        Form::RhetoricalQuestion,
        &[
            "Seriously, who approved this?",
            "Was the change even reviewed?",
            "Did they even read the ticket?",
        ],
        &[
            "Was the change reviewed by the platform team?",
            "Does the alert even exist for replicas yet?",
        ],
    );
}

#[test]
fn phrasal_verbs_and_idioms_of_omission() {
    check(
        Form::PersonOmission,
        &[
            "The reviewer waved the schema change through.",
            "Facilities dragged their feet on the generator test.",
        ],
        &[
            "The reviewer waved at the camera during the call.",
            "Facilities dragged the generator into the loading bay.",
        ],
    );
    check(
        Form::PassiveOmission,
        &["The customer's report was shrugged off."],
        &["The customer's report was shrugged into the backlog by the triage bot."],
    );
    check(
        Form::Fragment,
        &["Brushed off the disk warning as noise."],
        &["Brushed up the runbook after the incident."],
    );
}

#[test]
fn reminders_to_people_in_general() {
    check(
        Form::Exhortation,
        &[
            "Make sure you double-check the target cluster before running it.",
            "Don't forget to verify the backup.",
            "We should remind folks to read the change ticket.",
            "Slow down and review the diff.",
        ],
        &[
            "Make sure the script exits non-zero on a failed restore.",
            "Remind me to rotate the on-call calendar.",
            "The rollout slowed down and stopped at 40%.",
        ],
    );
}

#[test]
fn a_department_with_a_capitalised_modifier() {
    check(
        Form::PersonFault,
        &["Growth marketing launched the e-mail blast without a word to engineering."],
        &["Customer data leaked through the debug endpoint."],
    );
}

#[test]
fn hedges_and_haste_judged_after_the_fact() {
    check(
        Form::Judgement,
        &[
            "Perhaps the DBA was a bit too quick to restart the primary.",
            "In hindsight, the reviewer was far too eager to approve.",
        ],
        &[
            "Perhaps the failover was a bit too quick to trigger.",
            "The reviewer was quick to spot the typo.",
        ],
    );
}

#[test]
fn coordinated_actors_appositions_and_apostrophe_names() {
    check(
        Form::PersonOmission,
        &[
            "Raj and Mei skipped the review.",
            "Kevin, the on-call engineer, ignored the page.",
        ],
        &[
            "Raj and Mei reviewed the change twice.",
            "Kevin, the on-call engineer, acknowledged the page at 02:10.",
        ],
    );
    check(
        Form::PersonFault,
        &["Siobhan O'Brien deleted the production bucket."],
        &["O'Brien's team rotated the keys on schedule."],
    );
}

#[test]
fn a_fragment_whose_later_clause_says_the_check_was_not_done() {
    check(
        Form::Fragment,
        &["Assumed staging matched prod, never verified."],
        &[
            "Assumed staging matched prod, then verified it with a diff.",
            "Restarted the pods, never saw the error again.",
        ],
    );
}

#[test]
fn harm_that_follows_an_act_and_the_person_singled_out() {
    check(
        Form::PersonFault,
        &[
            "@bruno.s bumped the timeout to 1s in #4583, which broke everything downstream.",
            "Przemek merged #4580 without the migration and prod fell over.",
            "Meenakshi was the one who changed the DNS TTL, so.",
            "I was the one who disabled the alert back in June.",
            "ngl security locked down the IAM role and broke every deploy job.",
        ],
        &[
            "Bruno bumped the timeout, which fixed the retries.",
            "Bruno restarted the pods and the error rate went down.",
            "Aisha rolled back the release, which caused no further errors.",
            "Aisha failed over the database and checkout went down for a minute as expected.",
            "Priya was the one who found the leak.",
            "The on-call was the one who paged us.",
        ],
    );
}

#[test]
fn lower_case_departments_after_a_chat_aside() {
    check(
        Form::PersonOmission,
        &[
            "not gonna sugarcoat it, support sat on the ticket for six hours",
            "finance ops keeps ignoring the quota warnings",
            "platform team let the terraform state drift for months",
        ],
        &[
            "support added a banner to the status page.",
            "billing shipped the new invoice layout on time.",
            "So, platform migrated the queue to the new cluster.",
            "ngl support handled it really well.",
        ],
    );
    check(
        Form::SelfBlame,
        &["yeah that one was me, I ran it in the wrong context"],
        &["That one was merged yesterday."],
    );
}

#[test]
fn diligence_asked_in_chat() {
    check(
        Form::Exhortation,
        &[
            "lesson learned: pay attention to what the deploy bot says in #deploys",
            "next time, please sanity-check the cron expression before merging",
            "ppl need to stop yolo-merging on fridays",
        ],
        &[
            "Please pay the invoice by Friday.",
            "people need to stop by the desk to pick up badges.",
            "Lesson learned: the cache needs a TTL.",
            "next time, please ping me first.",
        ],
    );
}

#[test]
fn chat_reproaches_without_a_verb_of_fault() {
    check(
        Form::Judgement,
        &[
            "the engineer who did the cutover couldn't be bothered to read the checklist",
            "the frontend guys were \"too busy\" to look at the bundle size warning in #4478",
        ],
        &["We could not be bothered by the noise in the channel."],
    );
    check(
        Form::RhetoricalQuestion,
        &[
            "ask Gosia why the feature flag was at 100%",
            "I guess reading the runbook is optional now?",
            "wasn't the whole point of the canary that somebody looks at it?",
            "so are we just not doing code review anymore or",
        ],
        &[
            "Ask Gosia for access to the bucket.",
            "The second approval is optional for docs-only changes.",
            "Wasn't the point of the freeze to reduce risk? Yes, and it did.",
            "We are not doing the migration anymore; the vendor handles it.",
        ],
    );
}

#[test]
fn time_to_act_given_and_acts_at_the_wrong_moment() {
    check(
        Form::PersonOmission,
        &["not trying to be harsh but infra had six months' warning about the EOL"],
        &[
            "Priya had plenty of notice and scheduled the upgrade early.",
            "The vendor gave us six months of warning and we planned the upgrade for month two.",
        ],
    );
    check(
        Form::Counterfactual,
        &["had support escalated when the first tickets came in, we'd have caught it an hour earlier"],
        &["Had a long call with support about the tickets that came in."],
    );
    check(
        Form::PersonFault,
        &[
            "Seo-yeon closed the incident at 13:00 while the error rate was still climbing",
            "the release manager let it go out with a known P1 open",
            "the analytics people treat alerts as suggestions, we have seen this before",
        ],
        &[
            "The on-call restarted the pod while the alert was still firing, which cleared it.",
            "Aisha drained the node before checking the logs, as the runbook says.",
            "The team treats alerts as pages, every one of them.",
        ],
    );
    check(
        Form::Exhortation,
        &["reviewers need to raise the bar on PRs touching `billing/`"],
        &["Reviewers need to raise their hands if a PR is too large."],
    );
}

#[test]
fn passives_that_still_say_someone_failed() {
    check(
        Form::PassiveOmission,
        &[
            "The rollback was delayed for two hours.",
            "The page was acknowledged and then left unattended.",
            "The old cluster was decommissioned before traffic had moved.",
            "A test was disabled to get the build green.",
            "The capacity forecast was never revisited after the launch.",
            "The ticket was closed as won't-fix even though it described this exact outage.",
            "The config change was shoved out at 17:58 on a Friday.",
            "The feature flag was flipped to 100% in one step.",
            "The incident was declared resolved while errors were still climbing.",
            "Monitoring was treated as an afterthought.",
            "The wrong cluster was targeted.",
            "Staging was assumed to match production.",
            "The playbook step was done out of order.",
            "The risk was flagged twice and nothing was done.",
        ],
        &[
            "The alert was silenced automatically by the maintenance window.",
            "The backup job was disabled when the scheduler upgrade reset its cron entries.",
            "The rollback was started within five minutes.",
            "The upgrade was postponed until the vendor shipped the fix.",
            "The old cluster was decommissioned after traffic had moved.",
            "The incident was resolved before the second responder had joined.",
            "The incident was declared resolved after errors stayed at zero for an hour.",
            "The feature flag was flipped to 100% after a week at 5%.",
            "The wrong assumption was corrected in the second draft.",
            "The wrong answer was cached by the CDN for ten minutes.",
            "Nothing was done to the database during the window.",
            "Nothing was done wrong by the on-call.",
            "The test was disabled after the feature was removed.",
        ],
    );
}

#[test]
fn teams_that_sit_on_work_or_ship_without_protection() {
    check(
        Form::PersonOmission,
        &["Our DBAs have been sitting on the index request since January."],
        &["The platform team has been sitting on the bridge call all morning."],
    );
    check(
        Form::PersonFault,
        &[
            "The mobile squad shipped the release with crash reporting turned off.",
            "Leadership overruled the freeze to hit the launch date.",
            "Product insisted on shipping it before the holiday, tests or not.",
            "Security rotated the keys at 3am and told no one.",
        ],
        &[
            "The release went out with verbose logging disabled.",
            "The mobile squad shipped the beta with the debug menu turned off.",
            "Leadership overruled the objection and approved the extra budget.",
            "The team asked whether to ship, ready or not, and chose to wait.",
            "We told no one outside the team until the fix was confirmed, as the comms policy says.",
        ],
    );
}

#[test]
fn disclaimed_questions_and_what_was_at_hand() {
    check(
        Form::RhetoricalQuestion,
        &[
            "not to point fingers but who exactly approved a schema change on a friday at 5pm?",
            "How many times do we have to remind people to check the dashboard?",
        ],
        &[
            "How many times did the job retry before giving up?",
            "No blame intended, but the disk filled because of the log rotation bug.",
        ],
    );
    check(
        Form::PassiveOmission,
        &[
            "Not to blame anyone, but the runbook was right there.",
            "The fix was right there in the PR description.",
        ],
        &[
            "The on-call was right there when the page fired.",
            "The vendor was right there with us on the bridge.",
            "The dashboard was right there to help, and we used it.",
        ],
    );
}

#[test]
fn named_people_who_acted_without_care() {
    check(
        Form::PersonFault,
        &[
            "Kwame restarted the primary without draining it first.",
            "Ahmed's cleanup script removed the production tables.",
        ],
        &[
            "Kwame restarted the primary without dropping a single connection.",
            "Ahmed's cleanup script removed the staging tables as planned.",
            "Priya removed the production flag after the launch, as the runbook says.",
            "Priya shipped the fix without any downtime.",
        ],
    );
    check(
        Form::Responsibility,
        &["It was Hiroshi who merged the broken migration."],
        &["It was Hiroshi who found the broken migration."],
    );
}

#[test]
fn checks_skipped_in_progressive_passives_and_without_clauses() {
    check(
        Form::PassiveOmission,
        &[
            "The queue depth was not being monitored by anyone on the team.",
            "The warnings were being ignored for a week.",
            "The runbook was not revised after the new region went live.",
            "The patch was merged without being reviewed.",
            "The ticket was closed without ever being properly investigated.",
            "The feature went out without having been tested on Android.",
            "The DNS step was left out of the migration plan.",
        ],
        &[
            "The queue depth was being monitored by the autoscaler.",
            "Rows are skipped without being validated by the importer.",
            "The job retried without being reviewed because the reviewer bot was down.",
            "Traffic was being shifted to the new region at the time.",
            "The cache was left out of the blast radius by design of the cell layout.",
        ],
    );
}

#[test]
fn competence_measured_and_haste_preferred_to_care() {
    check(
        Form::Judgement,
        &[
            "It was a basic mistake that any competent engineer would have avoided.",
            "Any sensible reviewer would have asked for a rollback plan.",
            "Engineering leadership chose speed over safety, and this is the result.",
            "The decision to put the deadline before testing caused this.",
        ],
        &[
            "Any engineer on the rota can restart the service.",
            "The design prioritises availability over consistency during a partition.",
            "We chose Postgres over MySQL for its logical replication.",
            "The migration script was run against production as planned at 02:00.",
        ],
    );
    check(
        Form::PersonOmission,
        &["The runbook was out of date because nobody on the team maintained it."],
        &["Nobody needs to maintain the old runbook any more."],
    );
}

#[test]
fn blame_laid_on_someone_else_and_competence_denied() {
    check(
        Form::Responsibility,
        &[
            "It's on the data team for not validating the schema.",
            "That was on the vendor, frankly.",
            "Whoever set the TTL to 0 needs a talking-to.",
        ],
        &[
            "It's on the data team to add schema validation next quarter.",
            "The fix is on the release branch now.",
            "The TTL was set to 0 by the migration tool's default.",
        ],
    );
    check(
        Form::PersonFault,
        &[
            "The outage was caused by an oversight on Li Wei's part.",
            "It was a mistake on the part of the vendor.",
        ],
        &["The error on the payments page lasted ten minutes."],
    );
    check(
        Form::Judgement,
        &[
            "The person who wrote this script has no idea about idempotency.",
            "Whoever configured the autoscaler didn't know what they were doing.",
        ],
        &[
            "We had no idea the cache was shared between tenants.",
            "We have no idea how the flag got flipped, and are still looking.",
        ],
    );
    check(
        Form::PassiveOmission,
        &[],
        &["The alert was muted during the maintenance window and unmuted at 06:00."],
    );
}

#[test]
fn formal_register_rules_broken_and_conduct_judged() {
    check(
        Form::PersonFault,
        &[
            "The change was implemented by the engineer in contravention of the agreed procedure.",
            "The mobile squad shipped the flag enabled, contrary to the agreed rollout plan.",
        ],
        &[
            "The change was implemented in accordance with the agreed procedure.",
            "Contrary to expectations, the cache hit rate went up.",
        ],
    );
    check(
        Form::Responsibility,
        &["Responsibility for the failure lies squarely with the infrastructure team."],
        &["Responsibility for the follow-up actions lies with the infrastructure team."],
    );
    check(
        Form::Judgement,
        &[
            "It is regrettable that the release manager saw fit to bypass the approval step.",
            "Mr. Okafor's decision to disable replication was ill-judged.",
            "The team were remiss in not updating the on-call rota.",
            "The engineer's conduct during the incident fell short of what is expected.",
        ],
        &[
            "The decision to disable replication stopped the corruption from spreading.",
            "Throughput fell short of the expected 10k requests per second.",
        ],
    );
}

#[test]
fn steps_skipped_and_the_harm_an_act_left_behind() {
    check(
        Form::PersonOmission,
        &[
            "The DBAs skipped the vacuum window for the third month running.",
            "The database team skipped the load test before the launch.",
        ],
        &[
            "The importer skipped the malformed rows.",
            "Bob skipped the vacuum window as planned.",
            "Ana skipped ahead to step 5, as the runbook allows.",
            "The job skipped two runs while the lock was held.",
        ],
    );
    check(
        Form::PersonFault,
        &[
            "Priya ran the cleanup script, which wiped three days of uploads.",
            "Marco changed the pool size, which exhausted the database connections.",
            "Customer Support routed the first outage ticket to the billing queue, so it sat unseen until 09:15.",
            "Legal held on to the DPA until the final day, leaving the vendor integration to be rushed into production.",
        ],
        &[
            "Ana ran the cleanup job, which deleted the expired sessions as intended.",
            "The nightly job rotated the logs, which freed 40 GB.",
            "The patch fixed the race, which had corrupted a few rows each week.",
            "Support escalated the ticket to engineering, so it was fixed within the hour.",
            "The router dropped the packets, so the requests sat unanswered.",
            "Kenji paused the consumer, leaving the queue to drain overnight.",
        ],
    );
}

#[test]
fn terse_bullets_that_drop_the_auxiliary() {
    check(
        Form::PassiveOmission,
        &[
            "- TLS cert expiry overlooked during the quarterly review.",
            "- Alerts ignored for three days.",
            "- Deploy done by Ravi without approval.",
            "- Change pushed straight to production on Friday evening.",
        ],
        &[
            "- Hotfix merged after review.",
            "- Config changes applied without downtime.",
            "- Rows skipped: 2%.",
            "- Known flaky tests ignored by the runner.",
            "- Error budget exhausted in the first week.",
            "- Certificate renewed during the quarterly review.",
            "- The linter ignored the generated files.",
            "- Backups verified on Monday.",
            "- Alerts ignored because the channel was muted.",
            "The bad-request handler returned 500 instead of 400.",
            "Tickets ignored for a week pile up.",
            "Files ignored by git are listed below.",
            "The deployment tool allowed staging to be skipped without any warning.",
        ],
    );
}

#[test]
fn risks_taken_knowingly_secrets_shown_and_steps_not_taken() {
    check(
        Form::Fragment,
        &[
            "Kept the nightly pipeline running although the risk of duplicate writes was known.",
            "Pasted the service account secret into a comment on the ticket.",
            "Assumed the feature flag was off in all regions and did not look.",
            "Approved own PR at 23:40 to get it out before the weekend.",
            "Was told about the risk in the design review and went ahead anyway.",
        ],
        &[
            "Kept the old pipeline running as a fallback while the new one warmed up.",
            "Kept the feature flag on although the error rate was known to be within budget.",
            "Pasted the error message into the incident channel for the responders.",
            "Rotated the leaked token and posted the new one to the vault.",
            "Posted the runbook link in the channel.",
            "Logged the request ID in the ticket for later analysis.",
            "Assumed the cache was cold and restarted it, which was correct.",
            "Checked the dashboards and did not see any errors.",
            "Approved the PR after two reviews.",
            "Merged own docs fix, as the policy allows for typo changes.",
            "Was told about the maintenance window and scheduled the deploy after it.",
            "Was warned about the flaky test and reran it, which passed anyway.",
        ],
    );
    check(
        Form::PassiveOmission,
        &[
            "Change has been done without review and deployed directly to production.",
            "Escalation to the vendor was put off until well after the SLA window had passed.",
        ],
        &[
            "The fix has been deployed without downtime.",
            "The table has been migrated without any data loss.",
            "The API key is stored in the vault and injected at deploy time.",
            "The rollback was put off until the data team confirmed the backup.",
        ],
    );
}

#[test]
fn decisions_to_take_a_protection_away_and_inverted_conditions() {
    check(
        Form::PersonFault,
        &[
            "The platform team chose to silence the disk-usage alert.",
            "Kevin decided to skip the canary.",
            "The platform team decided to disable the health check.",
            "The platform organisation chose to silence the disk-usage alert rather than fix its threshold.",
        ],
        &[
            "We tuned the alert rather than silence it.",
            "The team decided to roll back.",
            "The team chose to restart the pods.",
            "The team decided to disable the alert during the maintenance window.",
            "The team chose to bypass the queue to drain the backlog faster.",
        ],
    );
    check(
        Form::Counterfactual,
        &["Were the DBA paying attention to the replication alerts, the failover would never have been needed."],
        &["Were the alerts routed to the right channel, the on-call would have seen them."],
    );
    check(
        Form::PassiveOmission,
        &["The ArgoCD sync was triggered manually although the freeze had been announced the day before."],
        &["The ArgoCD sync was triggered manually although the pipeline was green."],
    );
}

#[test]
fn apologies_mockery_and_insinuations() {
    check(
        Form::PersonFault,
        &["lol I nuked the staging db thinking it was my local, sorry sorry"],
        &[
            "I deleted the namespace to reset the test.",
            "I nuked the cache, as planned, and the hit rate recovered.",
        ],
    );
    check(
        Form::Judgement,
        &[
            "tbh the whole review on #4550 was a joke",
            "The handover to the night shift was a farce.",
        ],
        &["The joke in the release notes went down well."],
    );
    check(
        Form::RhetoricalQuestion,
        &[
            "Ravi was the only one with access that night, just saying.",
            "the payments squad was on call that week and the retry config was wrong, draw your own conclusions",
        ],
        &[
            "The review took two days, just saying it was thorough.",
            "And here we are, three weeks later, with the migration done.",
            "The weather on launch day says it all.",
        ],
    );
}

#[test]
fn wrong_objects_warnings_overridden_and_breaking_changes() {
    check(
        Form::PersonFault,
        &[
            "Data engineering dropped the wrong partition.",
            "Product overrode the engineers' concerns and insisted on the Friday launch.",
            "The frontend guys merged a breaking change to the shared component library.",
        ],
        &[
            "The data team dropped the temporary index after the backfill.",
            "The frontend team announced a breaking change for v3.",
            "The product team overrode the default timeout.",
            "| 2020-11-17 10:45 | KIAM upgraded, breaking support for AWS PowerShell |",
        ],
    );
}

#[test]
fn a_verb_that_needs_a_particle_at_the_very_end_is_read_safely() {
    // Found by the blame fuzz target: "mess" must be followed by "up"; at the end of the text
    // the clause after it started past the last token, and reading it panicked.
    for text in ["Then I mess", "Kevin dropped", "They screw"] {
        assert!(rules(text).is_empty(), "{text:?}");
    }
}

#[test]
fn lapses_passed_over_without_an_actor() {
    check(
        Form::PassiveOmission,
        &[
            "The expiry reminder emails went unread.",
            "The schema change went out untested.",
            "The open incident was not handed over at shift change.",
            "The warning was not passed on to the team.",
            "The checklist was not been followed during the release.",
            "Ticket OPS-12 was closed as \"duplicate\" without being investigated.",
        ],
        &[
            "The config went out unchanged in the 14:00 release.",
            "The batch went through unmodified after the retry.",
            "The notice was passed on to the team at 09:10.",
            "The incident was handed over at shift change with a written summary.",
        ],
    );
}

#[test]
fn counterfactuals_inverted_and_work_judged_after_the_fact() {
    check(
        Form::Counterfactual,
        &[
            "Would not have happened had the checklist been followed.",
            "This would never have happened had the runbook been followed.",
            "Should have paged the DBA before touching the replica.",
            "The handover could have been more thorough.",
        ],
        &[
            "The job would have failed had the disk been full.",
            "It would have been slower had the cache been cold.",
            "Had the lock been enforced by the scheduler, the jobs would not have overlapped.",
            "The cache could have been more efficient with a larger TTL.",
            "Should have rollback automation by Q3.",
        ],
    );
}

#[test]
fn exasperation_sarcasm_and_insinuation() {
    check(
        Form::RhetoricalQuestion,
        &[
            "How many times do we need to say it: check the dashboards before deploying.",
            "Can someone explain how a 2,000-line diff got approved in four minutes?",
            "Are we honestly surprised, given how the review went?",
            "Was it really necessary to run the migration at peak hour?",
            "It would be nice if people actually read the runbook.",
            "What exactly was the point of a sign-off that nobody read?",
            "I'm not saying it was Tadeusz's script, but it ran at 02:00.",
        ],
        &[
            "How many times did the job retry before giving up?",
            "How many times do we need to run the migration for all shards?",
            "Can someone explain the retry policy in the runbook?",
            "Can anyone explain how the cache warms up after a deploy?",
            "Is it really necessary to keep both replicas?",
            "It would be great if someone could look at the flaky test this week.",
            "It would be nice if the dashboards loaded faster.",
            "I'm not saying we should drop the cache, but it needs a TTL.",
        ],
    );
}

#[test]
fn failures_owned_and_care_judged_missing() {
    check(
        Form::SelfBlame,
        &[
            "I own this one: I pushed without testing.",
            "We let ourselves down on this one.",
            "That's a failure on my part, and I apologise.",
        ],
        &[
            "I own this service and will write the follow-up.",
            "I own this action item.",
            "We let the reindex finish before failing back.",
            "No failure on our part was found by the audit.",
        ],
    );
    check(
        Form::Judgement,
        &[
            "The level of testing here was frankly inadequate.",
            "Testing was inadequate.",
            "The change review was a rubber stamp, as usual.",
        ],
        &[
            "Testing infrastructure was inadequate for load at this scale.",
            "Test coverage tooling was inadequate.",
            "Disk space was insufficient for the rebuild.",
            "The data was a mess after the failed import.",
        ],
    );
}

#[test]
fn warnings_clicked_through_safeguards_judged_unneeded_and_disclaimers() {
    check(
        Form::PersonFault,
        &[
            "Chidi's change to the retry policy took the API down.",
            "Oksana copied the prod credentials into the staging env file.",
            "Sunita decided the load test wasn't needed.",
            "Growth decided the canary was optional for the beta.",
            "Again, no finger pointing, yet the reviewer approved it in under a minute.",
            "Not throwing anyone under the bus, but the DB team knew about this for weeks.",
        ],
        &[
            "Marta took the old nodes down for patching.",
            "The load balancer took the API down when its config reloaded.",
            "Ana copied the logs into the ticket for the vendor.",
            "Priya stored the password in the vault.",
            "Sunita decided the canary wasn't needed because the service was being retired.",
            "We decided the alert wasn't needed once the queue was removed.",
            "No blame here, yet the retry storm kept growing.",
        ],
    );
    check(
        Form::PersonOmission,
        &[
            "Anya clicked through the warning dialog.",
            "Hiroshi left the admin console logged in on a shared laptop.",
        ],
        &["Chidi clicked through the dashboards to find the spike."],
    );
    check(
        Form::Fragment,
        &["Left the debug endpoint open after testing."],
        &["Left the session open so the job could finish."],
    );
}

#[test]
fn chat_spelling_hedged_verbs_answers_and_lapses_after_the_fact() {
    check(
        Form::PersonOmission,
        &[
            "Kevin didnt check the replica lag.",
            "The on-call engineer didn't seem to take the disk warning seriously.",
            "Omar let the renewal reminders pile up in his inbox.",
        ],
        &[
            "The replica didnt report lag.",
            "The alert didn't seem to fire.",
            "The queue let messages pile up when the consumer died.",
        ],
    );
    check(
        Form::PassiveOmission,
        &[
            "Because the ACL was changed by hand and never reverted.",
            "The CVE report was sat on for weeks.",
            "The capacity concern was raised at planning and then quietly dropped.",
            "The flaky-test alerts had been tuned out as noise.",
        ],
        &[
            "Because the disk was full, the job failed.",
            "The ticket was raised at planning and then assigned to the platform team.",
            "The old dashboards were built and then dropped after the migration.",
        ],
    );
    check(
        Form::Responsibility,
        &["The outage traces back to Ingrid disabling the rate limiter."],
        &["The outage traces back to a disk failure on db-3."],
    );
    check(
        Form::Counterfactual,
        &["The reviewer could have been a touch more attentive."],
        &[],
    );
    check(
        Form::PersonFault,
        &[
            "I don't want to make this personal, but Jonas's change is the only one that shipped.",
            "Kofi reran the billing job without checking the first run.",
        ],
        &[
            "I don't want to make this personal, but we need a better review process.",
            "Kofi reran the billing job after the fix.",
        ],
    );
}

#[test]
fn assumptions_acted_on_timeline_lapses_and_it_after_a_preposition() {
    check(
        Form::Fragment,
        &["Deleted the apex record while tidying up what they assumed were unused zones."],
        &["Identified problem with ADSync assuming roles for certain capabilities."],
    );
    check(
        Form::PassiveOmission,
        &["09:42 – page acked, then left unattended for 47 minutes."],
        &[
            "The page was acked, and then left unanswered because the pager app crashed.",
            "The nodes were drained and left untouched.",
        ],
    );
    check(
        Form::Counterfactual,
        &["A PR with a hard-coded API key in it should never have got an approval."],
        &["The alert should never have fired."],
    );
}

#[test]
fn any_verb_made_with_mis_and_verbs_of_neglect_and_blunder_from_wordnet() {
    // "mis-" says a thing was done wrongly, whatever the verb: no list of them is needed.
    check(
        Form::PersonFault,
        &[
            "Aigerim misrouted the EU traffic to the US cluster.",
            "The release manager mis-tagged the build as stable.",
            "Desmond mistook the staging database for the production one.",
            "Our contractor mislabelled the backup volumes.",
            "The DBA blundered into the wrong shard.",
            "The data team goofed the migration order.",
        ],
        &[
            "The alert misfired twice during the deploy.",
            "Aigerim routed the EU traffic to the US cluster as planned.",
            "Desmond missed lunch because of the incident call.",
            "The mission control dashboard stayed green.",
            "The health check mislabelled nothing; the labels were right.",
        ],
    );
    check(
        Form::PersonOmission,
        &[
            "The on-call shirked the handover checklist.",
            "Ops flouted the change freeze.",
            "The reviewer did not inspect the migration script.",
            "Kofi didn't consult the runbook before failing over.",
        ],
        &[
            "The on-call inspected the migration script before running it.",
            "Kofi consulted the runbook before failing over.",
            "IT-Security posted on MS Teams and Slack about it.",
        ],
    );
}

#[test]
fn left_to_others_chosen_not_done_and_lesser_acts_instead_of_diligent_ones() {
    check(
        Form::PersonOmission,
        &[
            "The NOC saw the alarms and assumed someone else would deal with them.",
            "Each squad expected the other team to renew the certificate.",
            "The author could have added a dry-run flag and chose not to.",
            "It's hard not to conclude that the on-call engineer just went back to sleep after the first page.",
            "I'd gently suggest that whoever wrote the runbook never actually tried following it.",
        ],
        &[
            "The scheduler assumed the lock was free and retried.",
            "We assumed the other region would absorb the traffic, and it did.",
            "Kofi chose not to fail over because the replica was behind.",
            "We chose not to roll back.",
            "The on-call went back to sleep once the alert cleared.",
            "I'd suggest that the retry budget is too small.",
        ],
    );
    check(
        Form::RhetoricalQuestion,
        &["Was the incident commander even paying attention during the first 20 minutes?"],
        &["Is the probe even checking the right port?"],
    );
    check(
        Form::PassiveOmission,
        &[
            "Not enough care was taken when editing the production firewall rules.",
            "The page was snoozed rather than acted on.",
            "Step 4 of the DR procedure was skipped because it was \"slow\".",
            "Load testing was deemed \"not necessary\" and quietly dropped from the plan.",
        ],
        &[
            "Enough care was taken to keep the old rules in place.",
            "The job was queued rather than processed.",
            "Timeout values were hardcoded in the application rather than externalised.",
            "Step 4 was skipped because it does not apply to read replicas.",
            "The incident was declared \"resolved\" at 14:02.",
            "The project was called \"Falcon\" internally.",
        ],
    );
    check(
        Form::PersonFault,
        &[
            "The mobile squad shipped the release even after QA said it wasn't ready.",
            "Data eng dropped the column without checking who consumed it.",
            "I don't want to sound accusatory, however the author of the script pushed it untested.",
        ],
        &[
            "The mobile squad shipped the release after QA said it was ready.",
            "Data eng dropped the column after checking who consumed it.",
        ],
    );
    check(
        Form::Fragment,
        &["Pushed the iOS build to 100% on day one rather than letting the phased release ramp."],
        &["Pushed the iOS build to 10% on day one, as the phased release plan says."],
    );
    check(
        Form::Counterfactual,
        &["To be fair, a five-second glance at the query plan would have caught it."],
        &[
            "A lint step in CI would have caught it.",
            "A canary stage would have caught it before it reached everyone.",
        ],
    );
}

#[test]
fn a_persons_act_given_as_the_cause_of_harm() {
    check(
        Form::Responsibility,
        &[
            "The checkout errors arose from Dr. Mensah's choice of an unsupported driver.",
            "The duplicate invoices stem from Farida rerunning the billing job by hand.",
            "The data exposure is attributable to the bucket policy edited by Ms. Novak.",
            "The corrupted export resulted from a flag Arjun left enabled in production.",
            "The stale search results came from an index that Yusuf reindexed mid-day.",
            "We traced the 503 errors to Halima's edit of the ingress rules.",
            "The paging failures happened because of how Rafael tuned the alert thresholds.",
            "The outage originated with Sione, who rotated the key without telling anyone.",
            "Ines's retry change is why the queue crashed twice that night.",
            "Takeshi's hotfix led to the loss of a day of audit events.",
            "The root cause of the lockout was Oona's firewall rule.",
            "Nadia's decision to skip the canary is the underlying cause.",
            "Orders were lost, and that's down to Lars restarting the broker during the drain.",
            "The ledger totals were wrong because Bashir rounded each line before summing.",
            "Because Ilse hand-edited the state file, the next apply destroyed the gateways.",
        ],
        &[
            "The quick recovery came from Dr. Mensah's rollback.",
            "The outage arose from a race in the connection pool.",
            "The checkout errors did not come from Farida's change.",
            "Did the errors come from Halima's edit of the ingress rules?",
            "Ines's retry change is why the queue stayed up that night.",
            "Nadia's decision to add a canary is the reason the outage was caught early.",
            "Arjun's script is responsible for finding the duplicate invoices.",
            "The outage was resolved because of Oona's quick rollback.",
            "The stale results came from the index that Yusuf found during the review.",
            "The outage ended because Bashir rolled back the release.",
            "The alert fired because Ilse ran the planned load test.",
            "The jobs failed because they read the old password from a cache.",
        ],
    );
}

#[test]
fn upkeep_never_done_or_late_is_a_hint() {
    check(
        Form::PassiveOmission,
        &[
            "The alerting for the Frankfurt region was never configured.",
            "The escalation policy wasn't updated after the reorg, so pages went to an empty rota.",
            "The war room was not opened until 90 minutes in.",
            "The signing certificate wasn't renewed in time.",
            "Leavers' VPN accounts were never revoked.",
        ],
        &[
            "The pods were not scheduled until the node pool scaled up.",
            "The replica was never promoted because the primary recovered.",
            "Traffic was not migrated until the new cluster passed its checks.",
            "Due to the missing approval step, the fix was never deployed to the CDN.",
            "The alerting for the Frankfurt region will be configured next sprint.",
        ],
    );
    let f = &detect("The war room was not opened until 90 minutes in.", |_| true)[0];
    assert_eq!(f.severity, Severity::Hindsight);
}

#[test]
fn names_in_lower_case_chat_and_acts_pointed_back_at() {
    check(
        Form::Responsibility,
        &[
            "tomasz bumped the pool size to 500, thats why the db crashed at noon",
            "ayodele changed the retry policy, which is why the queue crashed overnight",
        ],
        &[
            "tomasz bumped the pool size to 50, thats why the outage was short",
            "ayodele rolled back the release, which caused no further errors",
            "migration ran twice, thats why the totals were wrong",
        ],
    );
    check(
        Form::PersonFault,
        &[
            "kwabena deleted the prod bucket by mistake lol",
            "xiao li's script wiped the orders table",
        ],
        &[
            "kwabena rotated the prod token after the scanner flagged it in the public channel",
            "terraform deleted the bucket because the state was stale",
        ],
    );
}

#[test]
fn a_pointer_right_after_the_person_is_read_safely() {
    // Found in review: the clause between the person and "thats why" was sliced before its
    // bounds were checked.
    assert!(!rules("kenji's thats why the db crashed").is_empty());
}

#[test]
fn chat_contractions_decay_let_happen_and_steps_not_carried_out() {
    check(
        Form::PassiveOmission,
        &[
            "the restore test wasnt followed up after the drill",
            "Dependencies were allowed to drift for eighteen months.",
            "Once again the post-deploy verification was not carried out.",
            "The warning in the plan output was scrolled past.",
            "Fraud rules were loosened for the holidays and not put back.",
            "The old DNS records were left in place after the migration.",
            "The onboarding dashboard was built and then abandoned.",
        ],
        &[
            "The VPN certificate was allowed to expire on purpose after the move to zero trust.",
            "The pods were allowed to scale to twenty replicas.",
            "The old DNS records were left in place for the rollback window.",
        ],
    );
}

#[test]
fn concessions_before_criticism_and_questions_of_knowing() {
    check(
        Form::PersonFault,
        &[
            "With all respect, the network team's change window is a suggestion to them.",
            "It's not my place to say, but the Lisbon office's handover was thin.",
            "To put it diplomatically: Goran's estimate of five minutes was off by four hours.",
        ],
        &[
            "With respect to the network team's change window, the freeze starts on Friday.",
            "No blame: the on-call engineer followed the runbook.",
        ],
    );
    check(
        Form::RhetoricalQuestion,
        &[
            "How does a senior engineer not know the replica was behind?",
            "Whose idea was it to give the intern write access to prod?",
            "who in their right mind sets a seven-day TTL on that record",
        ],
        &[
            "How does the replica not know the primary has failed over?",
            "Whose pager received the alert at 02:10?",
        ],
    );
}

#[test]
fn care_asked_of_a_system_or_disowned_is_no_exhortation() {
    check(
        Form::Exhortation,
        &[
            "The on-call engineer needs to be more careful with failovers.",
            "Going forward, everyone must pay more attention to the canary graphs.",
            "The release notes need more carefully reading before each upgrade.",
        ],
        &[
            "The dependency scanner needs to be more vigilant about transitive packages.",
            "Rather than asking reviewers to be more careful, the merge queue now runs the checks.",
            "We won't rely on anyone being careful at 3am; the tool asks for confirmation.",
            "\"Be more careful\" is not an action item; each item below changes a tool.",
        ],
    );
    assert!(rules("We do not write \"human error\" in a root cause.").is_empty());
}

#[test]
fn passives_of_a_wrong_target_a_wrong_setting_or_a_protection_left_off() {
    check(
        Form::PassiveOmission,
        &[
            "The hotfix was deployed to the wrong region.",
            "Customer invoices were exported to wrong bucket.",
            "The connection pool was sized incorrectly for the new traffic.",
            "Rate limits were left disabled after the load test.",
        ],
        &[
            "Reminders were sent for the wrong dates after the timezone library update.",
            "The pool was sized for twice the expected traffic.",
            "The feature flag was left off for the beta cohort.",
        ],
    );
}

#[test]
fn harm_dated_by_a_persons_act_or_following_it() {
    check(
        Form::Responsibility,
        &[
            "The checkout error rate doubled after Nikhil enabled the new tax service.",
            "The ingest backlog started when Dagny rewrote the batching logic.",
            "Following Mirela's schema change, the reporting replica crashed twice.",
            "The write stall began with Teodor's manual compaction on the leader.",
            "tunde bumped the heap size and every pod started crashing",
            "Halvard's edit to the routing table made the EU region unreachable.",
            "Wanjiru's cleanup script locked the invoices table for an hour.",
            "the stale prices were from zuri setting the cache ttl to a week",
            "Kemal tightened the rate limit and throttled every partner integration.",
        ],
        &[
            "The checkout error rate fell back to baseline after Nikhil disabled the new tax service.",
            "The ingest backlog started when Dagny joined the incident call.",
            "The errors continued after Mirela paged the database team.",
            "Teodor's patch removed the deadlock in the compaction path.",
            "tunde bumped the heap size and the crashes stopped",
            "tunde bumped the heap size and every pod still crashed, because the leak was in a sidecar",
            "Halvard's edit to the routing table restored the EU traffic.",
            "The signing service broke when the vendor rotated its root certificate.",
            "Kemal merged the rate-limit fix and it lifted the throttling on partner keys.",
        ],
    );
}

#[test]
fn work_done_wrongly_in_the_passive_and_chat_shorthand() {
    check(
        Form::PassiveOmission,
        &[
            "The load balancer pool was misconfigured during the cutover.",
            "Three of the DNS records were entered incorrectly.",
            "The queue depth alert was set far too high.",
            "The firewall change was approved without a risk assessment.",
        ],
        &[
            "The timestamps were parsed incorrectly by the importer.",
            "The queue depth alert was set too high to catch the slow build-up.",
            "The migration finished without issue.",
            "The certificate was renewed without downtime.",
        ],
    );
    check(
        Form::Fragment,
        &["- restarted the primary w/o checking replication lag"],
        &["- restarted the primary w/ the runbook open, lag checked first"],
    );
}

#[test]
fn the_person_picked_out_by_a_clause_haste_as_a_reason_and_a_step_not_done_then_harm() {
    check(
        Form::Counterfactual,
        &[
            "If whoever configured the pool had set a ceiling, the database would have survived.",
            "The failover would have been fine had the storage folks remembered the quorum rule.",
        ],
        &["If whoever is on call had the runbook open, it would be faster to follow."],
    );
    check(
        Form::PassiveOmission,
        &[
            "The load test was skipped because of deadline pressure.",
            "The base images were not patched, so the fleet kept running a broken OpenSSL.",
        ],
        &[
            "The load test was skipped because the staging cluster was down.",
            "The queue was never meant to hold a day of backlog, and this outage lasted two.",
        ],
    );
    check(
        Form::Responsibility,
        &[
            "Ngozi reran the refund job and duplicated every credit note.",
            "Olek widened the security group and the database got overloaded by scanners.",
        ],
        &["Column pruning skipped the audit table, so the nightly export broke."],
    );
}

#[test]
fn acts_against_instructions_or_outside_an_agreed_window() {
    check(
        Form::PersonFault,
        &[
            "The data team reindexed production against explicit instructions.",
            "Hyun-woo ran the load test outside the agreed window.",
        ],
        &[
            "The export was validated against the vendor's policy.",
            "The new rule guards against the old policy.",
            "The team met outside the office.",
        ],
    );
}

#[test]
fn a_person_counted_without_an_article_is_no_system() {
    check(
        Form::PassiveOmission,
        &[
            "The change was released without review by second engineer.",
            "The change was released without review by a second engineer.",
        ],
        &["The change was released without review by the deploy bot."],
    );
}

#[test]
fn chat_names_teams_without_an_article() {
    check(
        Form::PersonOmission,
        &[
            "09:14 infra team sat on the disk alert for two hours",
            "[02:10] payments ignored the deprecation notice for months",
            "release eng skipped the smoke tests to make the train",
        ],
        &[
            "09:14 infra team paged the storage vendor",
            "payments recovered at 02:30 once the queue drained",
        ],
    );
    check(
        Form::PersonFault,
        &["ops in lisbon swapped the wrong drive on the array and we lost the volume"],
        &["ops in lisbon swapped the failed drive on the array, rebuild done by 04:00"],
    );
}

#[test]
fn a_teams_act_then_harm() {
    check(
        Form::Responsibility,
        &[
            "The web team changed the session cookie domain, then checkout started failing.",
            "Logins failed after the identity team rotated the signing key.",
            "Customers were double-charged because our finance department ran the month-end job twice.",
        ],
        &[
            "The on-call engineer restarted the primary, which triggered a resync.",
            "Our backlog grew because the consumer group stalled on a poison message.",
            "The networking team's change window was unrelated; the loss originated in the virtual switch.",
        ],
    );
}

#[test]
fn sarcasm_praise_or_assurance_meant_as_its_opposite() {
    check(
        Form::RhetoricalQuestion,
        &[
            "great job on the cdn change everyone, checkout only down for 2 hrs",
            "nice of the vendor to reply after a mere nine hours",
            "kudos to infra for a creative reading of 'change freeze'",
            "I'm sure the DBAs had their reasons for running the vacuum at noon.",
            "Well, that's one way to find out the restore script is broken.",
            "must be nice to deploy without a change ticket",
            "wonder if Tomas realised the flag applied to every tenant",
        ],
        &[
            "great job on the cdn rollback everyone, checkout back after 2 hrs",
            "kudos to infra for the staged rollout, zero errors",
            "Kudos to the incident commander for a calm response: clear roles and regular updates.",
            "I'm sure the DBAs can help us size the vacuum window.",
            "wonder if the cache warmed up before the second spike",
        ],
    );
}

#[test]
fn mock_wonder_and_chat_idioms_of_neglect() {
    check(
        Form::RhetoricalQuestion,
        &[
            "it's almost as if skipping the canary was a bad idea",
            "it's not like the rollback doc was hidden",
            "lol who needs load tests anyway",
            "let's just say the handover notes were a little thin",
            "merging on the last day of the quarter was a choice",
            "bold move by infra to resize the pool during peak",
            "no judgement, but who restarts every node at once",
        ],
        &[
            "it's almost as if the cache was cold: every request missed",
            "the rollback doc is linked from the alert now",
            "who needs access to the load test results? dm me",
            "the choice was between a restart and a failover",
        ],
    );
    check(
        Form::PersonOmission,
        &[
            "the apac rotation didn't pick up for 30 min",
            "the night crew went dark for two hours",
            "the mobile team phoned in the release testing",
        ],
        &[
            "the apac rotation picked up within a minute",
            "the office went dark when the breaker tripped",
            "the on-call phone was left in the office drawer per the handover plan",
        ],
    );
    check(
        Form::PersonFault,
        &["the storage team made a right mess of the resize"],
        &["the storage team made a plan for the resize"],
    );
}

#[test]
fn a_cause_noun_or_a_bare_caused_by_implies_the_harm() {
    check(
        Form::Responsibility,
        &[
            "Root cause: @tkaur deleted the stale CNAME that the gateway still resolved.",
            "The culprit is the connection timeout Hamza lowered to 50 ms.",
            "Contributing factors: Ilse's hand-edited nginx.conf and Bo's TTL bump.",
            "14:05 – caused by Rui restarting the broker mid rebalance",
            "Jonas changed the SMTP relay and password reset emails stopped.",
            "Mireille's firewall change is why the Lyon office cannot reach the VPN.",
        ],
        &[
            "Root cause: the scheduler dropped the job when the node drained.",
            "Root cause: integer overflow in the sequence generator once IDs passed 2^31.",
            "Contributing factor: the runbook Siobhan followed still described the old topology.",
            "Jonas changed the SMTP relay and the bounce errors stopped.",
        ],
    );
}

#[test]
fn irony_of_expectation_and_of_some_of_us() {
    check(
        Form::RhetoricalQuestion,
        &[
            "Some of us read the rollout guide, apparently.",
            "One would expect that a staff engineer knows what DROP does.",
            "Thanks, Ines, for the very creative reading of the freeze policy.",
            "A thumbs-up in ten seconds on a 900-line diff is not what I call a review.",
            "Let me guess, the certificate reminder went to a shared inbox again.",
            "How hard can it be to check the replica before the failover?",
        ],
        &[
            "Some of us were on leave during the freeze.",
            "One would expect the cache to warm up within a minute.",
            "Thanks, Ines, for catching the stale banner on staging.",
            "Thanks everyone for the thorough investigation, the root cause doc is linked below.",
        ],
    );
}

#[test]
fn passives_of_secrets_shown_late_declarations_and_test_settings_left_behind() {
    check(
        Form::PassiveOmission,
        &[
            "The staging API key got pasted into the support channel.",
            "The outage was declared 50 minutes late.",
            "The upgrade got merged on a red build.",
            "Circuit breaker thresholds were left at the test values after the game day.",
            "Request limits were turned off for the launch and not switched back on.",
            "The prod Terraform variables were copy-pasted from staging.",
            "The on-call pager was never handed off at the end of the shift.",
        ],
        &[
            "The staging API key was posted in the channel by the secrets-sync bot and revoked at once.",
            "The outage was declared at 14:02, four minutes after the first alert.",
            "The staging variables were copied from the template.",
        ],
    );
}

#[test]
fn imagined_undoing_scoped_changes_and_automatic_mutes_are_no_lapse() {
    check(
        Form::Fragment,
        &[
            "- Kept ignoring the replication alerts all week.",
            "- Left the staging bucket public after the demo.",
            "- Failed to join the bridge after two pages.",
            "- Did not do the needful of informing the customer.",
        ],
        &["- Disabled the WAF rule in the load-test environment only."],
    );
    check(
        Form::PassiveOmission,
        &["The disk alert was silenced for the migration and never unmuted."],
        &[
            "If the access review was not done in May, the old account would still be active.",
            "The disk alert got muted automatically for the maintenance window.",
        ],
    );
}

#[test]
fn timelines_set_an_act_and_its_harm_side_by_side() {
    check(
        Form::Responsibility,
        &[
            "T+0 – Mateus flips the pricing flag to 100%, billing starts double charging",
            "14:05 UTC — Siobhán drains node pool b; checkout pods crash",
            "[09:40] Ayşe's terraform apply replaced the NAT gateway, egress down for the subnets",
            "[update] 5xx on login traced to Oluwaseun rotating the signing key",
        ],
        &[
            "10:05 – Priya rolls back the deploy, errors stop",
            "10:05 – Priya restarts the pods, errors still at 40%",
            "14:02 Noor restarts the primary after replication lag reaches zero; no writes lost.",
            "Mateus flipped the flag to 100%, the review found billing double charging in staging",
        ],
    );
    check(
        Form::Fragment,
        &[
            "14:02 skips the canary, pushes straight to prod",
            "21:00 — leaves the flag on overnight, goes offline",
        ],
        &["11:25 400 tickets auto-resolve when the SLA rule fires; Enrique reopens them"],
    );
}

#[test]
fn harm_told_as_a_service_down_or_backed_up_and_measures_that_fall() {
    check(
        Form::Responsibility,
        &[
            "vpn was down for the whole office because Hiroshi rebooted the concentrator",
            "the whole queue backed up because Yasmin paused the consumers",
            "Priya bounced the primary without draining connections, thats why checkout fell over",
            "the observability team upgraded prometheus and lost two weeks of metrics",
        ],
        &[
            "the error rate went down because Priya added a cache",
            "latency dropped after Priya rolled back",
            "the backups were down to two copies because Hiroshi pruned the old ones as planned",
        ],
    );
}

#[test]
fn reluctance_before_but_and_formal_self_blame() {
    check(
        Form::RhetoricalQuestion,
        &[
            "I hesitate to raise this, but the Slack thread shows Bartek was told about the lag.",
            "Perhaps I am mistaken, but I understood the forecast was the Capacity team's remit.",
            "Reasonable people may differ, but the sequence Wen used is not the one in the runbook.",
        ],
        &[
            "I hesitate to draw conclusions, but the DNS provider's anycast network lost two sites.",
            "I hesitate to add to the list, but the data team have offered to move the job.",
            "I may be mistaken, but the cache looks stale.",
        ],
    );
    check(
        Form::SelfBlame,
        &[
            "My own complacency about the flag defaults is the reason this reached production.",
            "I hold myself accountable for the data loss.",
            "Our failure to test the restore path made this worse.",
        ],
        &[
            "Our failure domain is the availability zone.",
            "I hold the pager for the payments rotation this week.",
        ],
    );
}

#[test]
fn passives_shipped_before_their_check_and_upkeep_put_off_again() {
    check(
        Form::PassiveOmission,
        &[
            "The firewall change was applied to production before it had been tested in staging.",
            "The feature was launched before the privacy review had even been started.",
            "The disaster recovery test was postponed for the third year running.",
            "Test coverage on the module was allowed to drop below 20%.",
        ],
        &[
            "The fix was deployed before the evening peak.",
            "The launch review was rescheduled to Tuesday while marketing finished the copy.",
            "Error rates remain elevated despite rollback.",
        ],
    );
}

#[test]
fn harm_that_stops_what_should_go_on_and_services_taken_down() {
    check(
        Form::Responsibility,
        &[
            "When Bao Tran merged the dependency bump, the image service started leaking memory.",
            "Once Hyun-woo pushed the new robots.txt, search engines stopped indexing the site.",
            "Thanks to Kofi's change to the CORS settings, the web app could not reach the API.",
        ],
        &[
            "Once Hyun-woo pushed the fix, the workers stopped crashing.",
            "Emeka's hotfix is why the order API stopped returning 500s.",
            "Billing stopped double-charging customers because of Oluwaseun's patch.",
            "No active accounts were erased because the data crew ran the deletion in dry-run.",
            "Bianca's release notes listed the breaking API change.",
        ],
    );
}

#[test]
fn fragments_that_press_on_knowingly_or_lapse_in_a_later_clause() {
    check(
        Form::Fragment,
        &[
            "Acked the page, went back to sleep.",
            "Ignoring the deprecation warnings in the build log for months.",
            "Went ahead with the schema change even though the lag alert was already red.",
        ],
        &[
            "Ignoring noisy alerts is now automated.",
            "Acked the page, went back to sleep once the alert cleared.",
            "Went ahead with the rollout after the canary passed.",
            "The log showed \"skipping pod synchronization\" every ten seconds.",
        ],
    );
    check(
        Form::PersonFault,
        &[
            "The firmware group bricked a thousand routers.",
            "The growth analytics squad double-counted signups for a quarter.",
        ],
        &["The firmware update bricked a thousand routers."],
    );
}

#[test]
fn passives_done_as_meant_by_the_machine_or_as_a_rule_are_no_lapse() {
    check(
        Form::PassiveOmission,
        &[
            "Alerts for replication lag were muted during maintenance and not unmuted after.",
            "The rollback steps were not followed as per runbook.",
        ],
        &[
            "Replication lag alerts were muted for the window and unmuted automatically at 06:00.",
            "Disk alerts got silenced for the planned resize and auto-expired after 2h.",
            "The database migration was run against production after it had been reviewed.",
            "Data quality checks were bypassed during backfill, by design.",
            "The pager escalates to the secondary if a page is not acknowledged within five minutes.",
        ],
    );
    check(
        Form::PersonFault,
        &[],
        &["Niamh took the queue consumer offline after the drain completed, as the runbook specifies."],
    );
    check(
        Form::PersonOmission,
        &["He neglected the alert because he assumed it was just more noise from the flaky check."],
        &["Gustavo missed the first page because the paging app logged him out after an update."],
    );
}

#[test]
fn places_owners_and_things_named_before_are_no_subjects() {
    check(
        Form::PersonFault,
        &[
            "Ops in Porto rebooted the wrong rack.",
            "The night shift in the NOC silenced the disk alerts and went home.",
            "Platform's half-finished cluster upgrade is why pods kept getting evicted.",
        ],
        &["Based on Leon's heap dump, the leak is in the resize library."],
    );
    check(
        Form::Responsibility,
        &["DNS failed across the region as a direct result of Lars's typo in the zone file."],
        &[],
    );
    check(
        Form::PersonOmission,
        &[
            "The Lisbon office kept ignoring the patch notices.",
            "The backups were left to the storage team, and they never once checked a restore.",
        ],
        &[
            "The uplink at the Rotterdam office kept dropping because the optics were incompatible.",
            "Edge nodes in Lisbon kept serving the stale certificate after the purge failed.",
            "The billing apps call the unversioned path, so they crashed after the schema change.",
            "The vendor's exporter had miscalculated the hit rate for a week.",
            "The provider's resolvers ignored our sixty-second TTL.",
            "Maya's dashboard kept working until the planner bug returned empty results.",
        ],
    );
}

#[test]
fn lapses_of_operations_teams_outside_software() {
    check(
        Form::PersonOmission,
        &["The ISP's network operations group let the zone signing keys run out."],
        &[],
    );
    check(
        Form::PersonFault,
        &[
            "The dispatch desk sent one technician alone, ignoring the two-person rule.",
            "The lab contractor delivered the turbidity samples a day late.",
            "The night crew closed the breaker before the linesmen had confirmed isolation.",
            "The contractor dug through the duct without calling for a cable locate.",
            "Chen started the rollout on Friday evening and went home.",
        ],
        &[
            "The lab contractor delivered the turbidity samples a day late because the courier van broke down.",
            "The on-call got the page two hours late because the escalation policy was stale.",
            "Chen started the staged rollout on Friday evening, but a bug in the release tool skipped the phased release.",
            "Ilse switched off one rule for the search path only, as approved.",
            "Rodrigo reset the gateway as the vendor's support line instructed, and the reset wiped the geofences.",
            "Okafor bypassed the dock door interlock under the maintenance procedure after the sensor failed.",
            "Olu restarted all three etcd nodes at once because the orchestration script has no option to restart them one at a time.",
            "The engineer ran the migration during peak hours because the scheduler displayed times in UTC.",
        ],
    );
    check(
        Form::PersonFault,
        &["Camille put the wrong value in the timeout setting, and because of this the checkout was hanging."],
        &[],
    );
}

#[test]
fn passives_of_work_done_wrong_by_hand() {
    check(
        Form::PassiveOmission,
        &[
            "The patch panel was reconnected to the wrong switch ports.",
            "The mobile build was signed with the expired distribution certificate.",
            "The incident bridge was opened late and customers heard first from the press.",
        ],
        &["The quarterly report was published late in the day, as planned."],
    );
}

#[test]
fn fragments_are_read_as_a_person_would_be() {
    check(
        Form::Fragment,
        &[
            "Let the registry certificate expire, builds broke for everyone.",
            "Pasted the customer export into a public channel.",
        ],
        &[
            "Removed the rate limit for the load-test tenant only.",
            "Merged own typo fix, as the policy allows.",
            "Identified the manifest change that caused the token override.",
            "Told the security team about the open bucket on day one.",
            "Pasted the error message into the incident channel for the responders.",
        ],
    );
}

#[test]
fn counterfactuals_of_upkeep_and_a_learners_simple_past() {
    check(
        Form::Counterfactual,
        &[
            "Had the signing key been rotated when the first warning arrived, nobody would have noticed.",
            "If the runbook had been updated after the rename, the restore would have worked.",
            "If the backlog was looked at on Monday, the bug is fixed before the sale.",
            "If rollout was not done on Friday night, outage would not happen.",
        ],
        &[
            "If the export was not monitored, the failure would be seen only at month end.",
            "Had the job been run against the new schema with the guard in place, it would have stopped early.",
            "If the page is not acknowledged within five minutes, it would go to the secondary.",
        ],
    );
    check(
        Form::PassiveOmission,
        &[
            "- No rollback plan prepared.",
            "No handover given to the night shift.",
        ],
        &["No rollback needed after the fix."],
    );
}

#[test]
fn harm_counted_in_what_an_act_hit() {
    check(
        Form::Responsibility,
        &[
            "Esperanza uploaded the print files at 72 dpi, and 600 posters went out blurry.",
            "Sunita double-applied the annual price increase, so every enterprise invoice in March was 14% too high.",
            "Björn kept the old Stripe key in the mobile build, so every in-app purchase after the rotation failed.",
            "Chidi ran the pension import on the March file, so 800 staff had double deductions in March.",
            "Kavya ran a DELETE on the sessions table in prod and logged out 2 million shoppers.",
        ],
        &[
            "Esperanza uploaded the print files at 300 dpi; the resize worker downsampled them to 72, and 600 posters went out blurry.",
            "Kwame bumped the insurer client as their support recommended, and every quote came back on time.",
            "Service operations ran the firmware rollout in five stages, and 12% of the chargers lost their modem link during a carrier outage.",
            "Björn kept the old Stripe key in the build, and every purchase failed because the processor revoked it.",
            "Kavya ran the cleanup on the sessions table and signed in 2 million shoppers again.",
        ],
    );
}

#[test]
fn people_of_any_trade_are_people() {
    check(
        Form::PersonOmission,
        &[
            "The paralegal failed to apply redactions to 214 pages of the production set.",
            "The nurse overlooked the allergy alert and scanned the medication through.",
            "Theatre list changed at 08:00, anaesthetist not told.",
        ],
        &[
            "The loader failed to apply the schema to 214 partitions.",
            "The tracker overlooked the duplicate event and counted it twice.",
            "The registrar failed to renew the domain because the card on file had expired.",
        ],
    );
    check(
        Form::PersonFault,
        &["The phlebotomist made an error and drew the samples into EDTA tubes."],
        &["The dispatcher made an error in routing because the queue config was stale."],
    );
}

#[test]
fn chat_handles_are_names() {
    check(
        Form::PersonFault,
        &[
            "ravi.k dropped the wrong table in the clinical warehouse.",
            "10:15 rafael.souza restarted the wrong pod and took down time entry for the office.",
        ],
        &[
            "orders_v2 dropped the wrong rows after the backfill.",
            "kustomization.yaml pointed the wrong pod at the old config.",
            "ravi.k restarted the pod after the OOM alert.",
        ],
    );
}

#[test]
fn a_fragment_after_still_or_again_and_the_present_perfect() {
    check(
        Form::Fragment,
        &[
            "15:02 — still didn't escalate to the payments lead.",
            "14:10 — still hasn't acknowledged the page.",
            "Again bypassed the WAF to quickly test the checkout endpoint.",
        ],
        &[
            "15:02 — still no errors on the payments dashboard.",
            "14:10 — the page still hasn't cleared on the status site.",
            "Again the WAF blocked the checkout endpoint test.",
        ],
    );
}

#[test]
fn the_same_work_done_over() {
    check(
        Form::PersonFault,
        &[
            "Accounts paid the same carrier invoice three times.",
            "Abdullah imported the same ASN file four times and created four copies of every inbound line.",
        ],
        &[
            "Abdullah ran the same count query three times to confirm the totals.",
            "Abdullah imported the same ASN file as the Rotterdam team.",
        ],
    );
    check(
        Form::PersonOmission,
        &[
            "The moderator failed to escalate the threat.",
            "The trainer failed to update the bot's knowledge base after the price change.",
        ],
        &["The moderation queue failed to escalate the threat because the rule was disabled."],
    );
}

#[test]
fn a_step_taken_before_what_it_waited_on_was_ready() {
    check(
        Form::PersonFault,
        &[
            "Dagny cut over the mail relay before the DNS change had propagated.",
            "The billing squad flipped the tax flag before finance had approved it.",
        ],
        &[
            "Dagny took a snapshot of the mail relay before starting the cutover.",
            "Dagny verified the backup before the cutover was approved.",
        ],
    );
    check(
        Form::PassiveOmission,
        &[
            "The old queue was deleted before its consumers had been drained.",
            "The cache cluster was switched off at 14:20, before the new one was ready.",
        ],
        &[
            "The old queue was deleted before its consumers had been drained, because the cleanup job runs on a fixed schedule.",
            "The firmware was staged two days before the automated sync revoked read access.",
        ],
    );
}

#[test]
fn work_done_in_a_window_set_aside_for_it() {
    check(
        Form::PassiveOmission,
        &["The pager was muted during peak hours and never unmuted."],
        &["The pager was muted for the planned database window and unmuted on schedule."],
    );
    check(
        Form::PersonFault,
        &["Ines deleted the legacy DNS zone, and 3,000 password-reset links broke."],
        &["Ines deleted the legacy DNS zone as part of the approved decommissioning plan."],
    );
}

#[test]
fn work_done_over_shipped_with_a_setting_still_on_or_on_the_live_target() {
    check(
        Form::PersonFault,
        &[
            "Marek imported the supplier price list twice, and every SKU was repriced double.",
            "Ilse shipped the kiosk build with the demo account still enabled.",
            "Tobi applied the VLAN change to the production switches, not the lab.",
            "Ines kept the migration running even after the error rate started climbing.",
        ],
        &[
            "Marek ran the import dry run twice before the cutover.",
            "Tobi applied the VLAN change to the lab, not the production switches.",
            "Ilse shipped the kiosk build with the demo account disabled.",
        ],
    );
    check(
        Form::PassiveOmission,
        &[
            "The payroll file was submitted twice.",
            "The maintenance banner was switched on far too late to warn anyone.",
        ],
        &["The payroll file was submitted twice: the upload client retried after a timeout."],
    );
}

#[test]
fn a_check_named_with_how_it_is_done_and_a_protection_left_off() {
    check(
        Form::Counterfactual,
        &["Had the rule change been peer-reviewed, the typo would have been spotted."],
        &[],
    );
    check(
        Form::PersonOmission,
        &["Kofi switched the fraud check off for the import and left it off for a week."],
        &["Kofi switched the fraud check off for the import and turned it back on at noon."],
    );
}

#[test]
fn work_done_as_scheduled_a_remedy_or_an_answer_to_a_signal_is_no_fault() {
    check(
        Form::PersonFault,
        &[
            "Anouk kept the import running even after the error rate started climbing.",
            "Anouk ran the purge job against production when she meant to run it on staging.",
        ],
        &[
            "Anouk disabled the rate limiter on the login API per step 12 of the cutover plan.",
            "Anouk deployed the resolver change on Friday evening, within the approved change window.",
            "Anouk flipped it back once the cache had been warmed.",
            "Anouk paused the export when the replica lag crossed ten minutes.",
        ],
    );
}

#[test]
fn hindsight_answered_by_a_fix_to_the_system_and_work_that_found_the_fault() {
    check(
        Form::Counterfactual,
        &["Could have been avoided if the release had been checked by the on-call."],
        &[
            "Could have been caught by a contract test in CI; DEV-88 adds one.",
            "Could have been spotted earlier if the ticket tool grouped duplicates automatically.",
        ],
    );
    check(
        Form::PersonFault,
        &["Tendai's rollback took down the rewards ledger for the whole morning."],
        &["Tendai's analysis of the heap dumps traced the leak to a single cache."],
    );
}

#[test]
fn a_state_that_went_unseen_is_no_lapse_after_what_a_system_lacked() {
    check(
        Form::PassiveOmission,
        &["The warnings were muted overnight, so the first alerts went unseen."],
        &[
            "The booking template has no field for open migrations, so this one went unmentioned.",
            "The escalation policy auto-resolved the page, so the checkout errors went unpaged.",
        ],
    );
    check(
        Form::PersonFault,
        &["Marta's import job deleted 900 bookings."],
        &["Marta's import job deleted 900 bookings because the CSV importer read blank dates as today."],
    );
}

#[test]
fn acts_done_amiss_and_duties_passed_on_late_in_passives() {
    check(
        Form::PassiveOmission,
        &[
            "The renewal notice was misfiled.",
            "The outage was not reported until the next morning.",
            "The memory warning was seen but never acted on.",
            "The medical file was shared with the wrong clinic.",
            "The change of bank details was accepted without a call-back.",
            "A mandatory field on the claim form was left blank.",
            "The access request was granted with no check of the role.",
        ],
        &[
            "The parcels were misrouted.",
            "Whenever the field was left empty, the tool used its default.",
            "The rota cannot be left empty over holidays.",
            "The on-call engineer was not paged.",
        ],
    );
}

#[test]
fn a_subject_that_does_the_verb_itself_is_no_bare_passive() {
    check(
        Form::PassiveOmission,
        &[
            "Rollback plan skipped for the Friday release.",
            "The HVAC units were switched off before the replacement chillers were up.",
        ],
        &[
            "The orchestrator restarted all three nodes at once.",
            "The outage started when the config reached every node.",
        ],
    );
}

#[test]
fn a_persons_act_beside_a_systems_fault_a_slip_of_a_system_and_a_credit() {
    check(
        Form::PersonFault,
        &[
            "Tomasz pushed the tax change on Friday evening without review.",
            "Jonas sent the payroll file to the bank unencrypted.",
        ],
        &[
            "Tomasz pushed the tax change on Friday evening; a caching bug in the invoice service then double-billed customers.",
            "Jonas sent the payroll file to the bank over the encrypted channel.",
        ],
    );
    check(
        Form::Slip,
        &["The marketer mistakenly sent the email to every subscriber."],
        &["The archive index had wrongly flagged the images as duplicates."],
    );
    check(
        Form::Responsibility,
        &["It was Ines who turned the export cron off."],
        &["It was Ines who turned the export cron back on."],
    );
    check(
        Form::Exhortation,
        &["Engineers need to take more care of secrets."],
        &["To take more care of secrets, the deploy tool now blocks plain-text tokens."],
    );
}

#[test]
fn work_aimed_at_production_unfit_things_put_to_use_and_steps_ahead_of_results() {
    check(
        Form::PersonFault,
        &[
            "Kofi ran the purge job against the production ledger.",
            "Lena pointed the load-test rig at the production checkout API.",
            "The paint shop sprayed the panels with the wrong primer.",
            "The QC team released batch 12 before the assay results were back.",
            "Amaru kept the kiln running after the over-temperature alarm.",
            "Ilse kept quiet about the cracked weld until the inspection.",
        ],
        &[
            "Kofi ran the purge job against the staging ledger.",
            "Kofi ran the purge job against the production ledger as scheduled.",
            "Lena pointed the new read replica at the production checkout API.",
            "Outage caused by a certificate rotation at the edge.",
            "Support kept closing tickets because the queue view hid the replies.",
            "Amaru kept the kiln running after the power cut by switching to the generator.",
        ],
    );
    check(
        Form::PassiveOmission,
        &[
            "Out-of-date reagent was used for the assay run.",
            "An uncalibrated scale was used to weigh the doses.",
            "A non-validated pipette was used to prepare the standard curve.",
            "A quarantined reel was used on line 4.",
            "The lot was shipped before the sterility certificate came in.",
            "The scaffold was struck before the anchors had been inspected.",
            "The incident was rated low to avoid an escalation.",
            "The data breach was not recorded until a month later.",
        ],
        &[
            "The assay run used reagent from the new lot.",
            "Expired sessions were used by the client to retry.",
            "The quarantined reel was used to reproduce the fault in the lab, as planned.",
            "The batch was paused to avoid a lock conflict with the backup.",
        ],
    );
    check(
        Form::PersonOmission,
        &["The engineer handling the cutover failed to drain the queue."],
        &["The engineer handling the cutover drained the queue first."],
    );
}

#[test]
fn questions_about_a_risk_a_wait_or_a_counterfactual_and_mockery_of_what_a_team_owns() {
    check(
        Form::RhetoricalQuestion,
        &[
            "Why did ops wait until Monday to rotate the key?",
            "Why didn't the support desk pause the campaign when the bounce rate spiked?",
            "Why did finance approve the payout without a second check?",
            "Shouldn't the release manager at least have read the changelog?",
            "Why did the billing team wait six hours to pause the job?",
            "Would it have killed the reviewer to run the tests?",
            "Did it not occur to anyone on the desk that the feed was stale?",
            "How did the support team manage to refund the same order twice?",
            "Was the night shift asleep when the freezer alarm went off?",
        ],
        &[
            "Why did the cron job wait until Monday to rotate the key?",
            "Shouldn't the alert have paged someone?",
            "Why did the batch job wait six hours to retry?",
        ],
    );
    check(
        Form::Judgement,
        &[
            "Their release process is a joke.",
            "Frankly, Oskar was less than careful with the export.",
            "Maybe the night shift was a little less careful than usual with the labels.",
        ],
        &["The dependency graph of our services is a mess."],
    );
    check(
        Form::PersonFault,
        &["It was a failure by the night operator to log the alarm."],
        &["The failure of the night job to log the alarm is tracked in OPS-12."],
    );
    check(
        Form::Responsibility,
        &["The billing outage began with a rule change Ana pushed without review."],
        &["The billing outage began with a rule change Ana pushed; the rules engine only validates at load time."],
    );
}

#[test]
fn upkeep_lapsed_since_a_time_and_roles_of_other_organisations() {
    check(
        Form::PassiveOmission,
        &[
            "The failover runbook had not been updated since the move to the new cluster.",
            "Two critical patches had been deferred repeatedly since March.",
            "The restore test had been deferred on four successive occasions.",
        ],
        &[
            "The restore test was deferred to the next quarter.",
            "The runbook had not been updated since the linter was disabled.",
            "The runbook had not been updated since the tool enforces none of it.",
            "The new hire followed the settlement guide, which had not been updated since the market rule change.",
        ],
    );
    check(
        Form::PersonOmission,
        &["The vendor's account manager forgot to pass on the warning."],
        &["The vendor's portal rejected the upload."],
    );
}

#[test]
fn work_done_with_the_wrong_thing_and_records_doctored() {
    check(
        Form::PassiveOmission,
        &[
            "The database was restored from the wrong snapshot.",
            "The potting compound was mixed at the wrong ratio on night shift.",
            "Change records for the weekend work were back-dated after the event.",
            "Temperature logs for the reefers were backfilled after the excursion came to light.",
            "The radio test had been pencil-whipped for three months.",
        ],
        &[
            "The request was routed to the wrong pool by the balancer.",
            "Because of a default in the module, the balancer was created in the wrong VPC.",
            "The alerts were muted by a window whose end date was stored in the wrong timezone.",
            "The missing partitions were backfilled after the fix.",
            "Temperature logs were backfilled from the units' internal memory after the outage.",
        ],
    );
}

#[test]
fn fragments_of_a_preparation_not_made() {
    check(
        Form::Fragment,
        &[
            "- Didn't warm the cache before the flash sale.",
            "Never loaded the updated codes before the billing run.",
        ],
        &[
            "- Didn't need a restart before the deploy.",
            "- Warmed the cache before the flash sale.",
        ],
    );
    check(
        Form::Fragment,
        &[
            "- Posted the database connection string in the public Slack channel.",
            "- Shipped model v12 without comparing it to the baseline.",
        ],
        &[
            "- Posted the incident summary in the public Slack channel.",
            "- Shipped model v12 after comparing it to the baseline.",
        ],
    );
}

#[test]
fn harm_laid_on_a_person_by_name_and_an_end_put_too_soon() {
    check(
        Form::Responsibility,
        &[
            "The duplicate push storm is on Wen Jie, who re-enqueued the failed batch.",
            "The duplicate charges were Oluwaseun's doing.",
            "Root cause: the on-call engineer.",
            "The hate-speech model regressed because Eleni retrained it on the unlabelled scrape.",
        ],
        &[
            "The follow-up for the duplicate push storm is on Wen Jie.",
            "The quick recovery was Oluwaseun's doing.",
            "Root cause: the cache config.",
            "The error rate regressed after the autoscaler added nodes.",
        ],
    );
    check(
        Form::PersonFault,
        &[
            "Jamal Carter cleared the alert while the vehicle was still being sought.",
            "Sanjay Iyer shut down the old gateway before the traffic had fully moved.",
            "Ingrid set the polling interval to 300 seconds, and that is why positions were stale.",
            "Juan set the cron entry to run every minute, which is what saturated the mail relay.",
            "Lars unplugged the UPS from the rack to move it, cutting power to the controllers.",
            "Aisha downgraded the call to a welfare check, delaying the fire response by 17 minutes.",
        ],
        &[
            "Jamal Carter cleared the alert after the vehicle was found.",
            "Sanjay Iyer shut down the old gateway once the traffic had fully moved.",
            "Ingrid set the polling interval to 30 seconds, and that is why positions were fresh.",
            "Juan set the cron entry to run hourly, which is what saved the mail relay.",
            "The desk staff kept scanning wristbands as trained while the interface was down.",
            "Stellan followed the shutdown procedure; the UPS ran out early, cutting power.",
            "Quentin reported that the job had posted the export, exposing 300 addresses.",
            "Aisha paused the rollout, delaying the release until the fix was in.",
        ],
    );
}

#[test]
fn groups_named_without_an_article_and_should_of() {
    check(
        Form::PersonOmission,
        &["Workshop crew forgot to log the torque records."],
        &[
            "Escalation to the vendor was scheduled for Monday.",
            "Which team should be paged for the shared ingress?",
        ],
    );
    check(
        Form::Counterfactual,
        &["Should of escalated to the superintendent when the slope alarm came."],
        &["Most of the slope alarms could wait until the morning."],
    );
}

#[test]
fn a_state_left_on_in_a_passive() {
    check(
        Form::PassiveOmission,
        &[
            "The radio console was left in patch mode overnight.",
            "The transfer switch was left in manual after the quarterly test.",
        ],
        &[
            "The historian was left in debug mode by last week's upgrade script.",
            "The transfer switch was moved to manual for the quarterly test.",
        ],
    );
    check(
        Form::PassiveOmission,
        &[
            "The runbook for head-end failover was not consulted during the incident.",
            "The rollback plan was not prepared before the go-live.",
            "The change ticket was closed as successful although the errors were already visible.",
        ],
        &[
            "The runbook for head-end failover was consulted during the incident.",
            "The rollback plan was prepared before the go-live.",
            "The change ticket was closed as successful once the errors had stopped.",
        ],
    );
}

#[test]
fn would_it_kill_someone_to() {
    check(
        Form::RhetoricalQuestion,
        &["Would it kill the reviewers to run the branch locally?"],
        &[
            "Would it kill us to add a canary stage?",
            "Would it hurt the cache to double the TTL?",
        ],
    );
}

#[test]
fn a_skill_expected_of_someone_by_now() {
    check(
        Form::Judgement,
        &[
            "Whoever maintains that list should understand substring matching by now.",
            "The on-call ought to know how to fail over by now.",
        ],
        &[
            "The reviewer should know the test results by now.",
            "The parser should understand the new format by now.",
        ],
    );
}

#[test]
fn a_counterfactual_of_a_step_not_taken_that_helped() {
    check(
        Form::Counterfactual,
        &[
            "If Ana had not skipped the check, the outage would not have happened.",
            "If Ana had not ignored the alert, we would have caught it.",
        ],
        &["Had the vendor not published their incident so fast, we'd have spent hours debugging."],
    );
}

#[test]
fn work_sent_out_with_a_part_that_was_wrong() {
    check(
        Form::PersonFault,
        &[
            "The integrations team shipped the sync with the field mapping reversed.",
            "Reza shipped the new model with the test weights.",
            "Marketing sent the newsletter with a staging link.",
        ],
        &[
            "The team shipped the fix with a regression test.",
            "The mobile squad shipped version 4.2.1 with the debug flag off.",
            "The German UI shipped with stale text because untranslated strings fall back to keys.",
            "Ana shipped the release with the new onboarding flow.",
        ],
    );
}

#[test]
fn a_setting_raised_or_a_job_pointed_is_an_act_not_a_credit() {
    check(
        Form::Responsibility,
        &[
            "The checkout fell over because Tomás raised the connection limit an hour before the sale.",
            "The recorder ran out of disk because Oyelaran pointed its archive job at the local drive.",
        ],
        &[
            "The checkout recovered because Tomás raised the alarm within minutes.",
            "The outage was caught early because Oyelaran pointed out the disk graph.",
            "Tomás raised the connection limit after the checkout fell over.",
        ],
    );
}

#[test]
fn a_negated_passive_as_learners_of_english_write_it() {
    check(
        Form::PassiveOmission,
        &[
            "The torque setting was not verify before the shift, so 40 units were rejected.",
            "Backup tapes was not rotate for two months.",
        ],
        &[
            "The clean room was not clean enough after the filter change.",
            "The report is not complete yet because the vendor data arrives on Monday.",
            "The tool was not verify-capable before the firmware update.",
            "There is no test/alert to capture traffic to that path.",
        ],
    );
}

#[test]
fn an_old_service_switched_off_before_the_new_one_worked() {
    check(
        Form::PersonFault,
        &["The web team switched off the old booking form before the new one even worked."],
        &["The web team switched off the old booking form after the new one worked for a week."],
    );
}

#[test]
fn back_office_departments_named_in_lower_case() {
    check(
        Form::PersonFault,
        &["payroll ran the bonus batch twice and the ledger went negative"],
        &["payroll for contractors ran twice because the scheduler retried"],
    );
}

#[test]
fn harm_after_an_act_as_machines_and_ledgers_suffer_it() {
    check(
        Form::Responsibility,
        &[
            "Mark changed the belt speed on Friday and the sorter jammed within ten minutes.",
            "Kwabena moved the cutoff and the settlement ledger went negative.",
            "Ines swapped the coolant and the whole line ground to a halt.",
        ],
        &[
            "Rollback changed the schema and the site went down.",
            "Mark changed the belt speed on Friday after the sorter jammed.",
        ],
    );
}

#[test]
fn a_machine_restarted_with_work_still_on_it() {
    check(
        Form::PersonFault,
        &["Joseph rebooted the GPU node with twelve people's jobs still running on it."],
        &[
            "The scheduler rebooted the node with jobs still running on it.",
            "Joseph rebooted the node after the jobs had drained.",
        ],
    );
}

#[test]
fn an_act_beside_a_standing_gap_the_sentence_gives_as_the_cause() {
    check(
        Form::PersonFault,
        &[
            "Caio took the queue offline at 10:41 in the middle of the sale.",
            "Sergei took the dailies server offline at 07:00 without telling anyone, and the review lost a morning.",
        ],
        &[
            "Caio took the queue offline at 10:41; the offline action drops all positions, and the admin UI does not say so.",
            "Sergei took the dailies server offline at 07:00 and posted in #ops; the review team aren't in that channel.",
            "Emeka's session kept running for four days after his VPN dropped; the farm has no idle-session reaper.",
            "The contractor deleted the KMS key during the cleanup, and the console shows no cross-project usage.",
            "Kwame uploaded the exhibits three times; each attempt failed because the portal rejects file names with a dash.",
        ],
    );
}

#[test]
fn harm_a_defect_did_after_an_act() {
    check(
        Form::Responsibility,
        &["Yusuf edited the macro and the invoice run broke."],
        &[
            "Yusuf edited the macro and a template-engine bug broke its placeholders.",
            "The checkout squad's bundle change hit a Safari-only parser bug in login.",
        ],
    );
}

#[test]
fn a_standing_gap_in_a_later_clause_is_no_lapse() {
    check(
        Form::PassiveOmission,
        &[
            "The runbook was not followed during the failover.",
            "Disk cleanup is done by hand and it is not done since August.",
        ],
        &[
            "Kalani approved the seat reduction; the plan's SSO minimum is not checked on downgrades.",
            "The release got default limits because the values file is not read when the name has capitals.",
        ],
    );
}

#[test]
fn a_state_left_as_the_consequence_of_what_came_first() {
    check(
        Form::PassiveOmission,
        &[
            "The disk alert went unnoticed for three days.",
            "The macro was edited so that P1 tickets were tagged as P3, and this went unnoticed for a week.",
            "Sampling had been discontinued without replacement, so the drift went undetected.",
        ],
        &[
            "The note went to the old rota channel, so the stuck queue went unwatched until morning.",
            "Matteo's query ran against the read replica, so the invoices table stayed unlocked.",
        ],
    );
}

#[test]
fn a_person_named_as_the_cause_or_harm_that_ran_out_after_an_act() {
    check(
        Form::Responsibility,
        &[
            "It's because of Pedro.",
            "Because of Lucía the wave was released an hour after cut-off.",
            "Bjørn cancelled the cert renewal job, and the API certificate expired on Sunday.",
            "Jae-min set the booking retry limit to unlimited, and the carrier blocked our IP.",
        ],
        &[
            "Because of Pedro's quick rollback, the impact was small.",
            "Due to Kenji being on leave, the rota had a gap.",
            "Networking opened port 3389 for the test and the change expired automatically after four hours.",
            "Fatima's retrain caught the label leak and we blocked the release.",
            "The crew applied Type I fluid only because the Type IV truck was out of service, and the holdover time expired in the queue.",
        ],
    );
}

#[test]
fn late_until_prompted_too_slow_and_what_a_system_did_after_an_adverbial() {
    check(
        Form::PersonOmission,
        &[
            "Switchboard did not cascade the message to the wards until prompted.",
            "Microbiology were far too slow to telephone the positive blood cultures through.",
        ],
        &[
            "Crane alarms had been muted for weeks by a firmware default introduced in version 4.2.",
            "Fatima raised the reorder point from 50 to 200 ahead of peak.",
            "Mariana verified a sample of 60 addresses and found 4 with wrong postcodes.",
        ],
    );
}

#[test]
fn checks_of_every_trade_not_done_in_the_passive() {
    check(
        Form::PassiveOmission,
        &[
            "The tug's towline was not inspected after the previous job.",
            "The crash reports from the beta channel were not triaged before the release was promoted.",
            "The till takings were not reconciled at close.",
        ],
        &[
            "The towline was inspected after the previous job and passed.",
            "The crash reports were triaged by the on-call bot within minutes.",
        ],
    );
}

#[test]
fn an_act_the_sentence_says_was_sanctioned_is_no_fault() {
    check(
        Form::PersonFault,
        &["Jonas pushed the fix straight to master."],
        &[
            "Raj switched off the paging integration at the vendor's request.",
            "The booking team overrode the clinic capacity limits, as authorised by the divisional manager.",
            "Jonas pushed the fix straight to master under the incident exception.",
            "Tomás bypassed the staging environment using the documented emergency path.",
        ],
    );
}

#[test]
fn taking_a_harmful_thing_out_of_service_is_a_remedy() {
    check(
        Form::PersonFault,
        &[
            "Priya removed the wrong node from the pool.",
            "Priya pushed the broken build.",
        ],
        &[
            "Olga drained the bad backend.",
            "Priya removed the faulty node from the pool.",
        ],
    );
}
