//! The EU AI Act deadlines a client reads: the executive summary's "Nearest EU AI Act deadlines" (grouped by date,
//! open obligations first, every bound system named), the wording for systems not yet placed on the market, the
//! organisation-wide Art. 5 check, the fintech example's Art. 50(2) case and the HTML timeline's counts. Each test is
//! named after the problem it guards against.

#[path = "common/xlsx.rs"]
mod book;
mod common;

use aims::assess::Assessment;
use aims::assess::eu_obligations::{EuAiActResult, ObligationState};
use aims::views::summary::{EU_UPCOMING, EuDeadline, Summary};
use common::{AS_OF, ORGANISATION, aims, workspace};

const FINTECH: &str = "examples/fintech-ai-provider";

fn summary_of(dir: &std::path::Path) -> (Assessment, Summary) {
    let (_, ws, assessment, plan) = common::planned(dir);
    let summary = aims::views::summary::build(&ws, &assessment, &plan);
    (assessment, summary)
}

fn eu(a: &Assessment) -> &EuAiActResult {
    a.eu_ai_act.as_ref().expect("EU AI Act results")
}

fn date<'a>(s: &'a Summary, d: &str) -> &'a EuDeadline {
    s.eu_deadlines.iter().find(|x| x.applies_from.to_string() == d).unwrap_or_else(|| panic!("no entry for {d}"))
}

fn rank(state: ObligationState) -> u8 {
    match state {
        ObligationState::Open => 0,
        ObligationState::PartlySupported => 1,
        _ => 2,
    }
}

fn ok(output: std::process::Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn open_eu_obligations_are_not_hidden_behind_supported_ones() {
    let (a, s) = summary_of(FINTECH.as_ref());
    for d in &s.eu_deadlines {
        let ranks: Vec<u8> = d.listed.iter().map(|o| rank(o.state)).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{}: not met first: {ranks:?}", d.applies_from);
        // Whatever is left out of a date is never less advanced than what is named.
        if d.listed.iter().any(|o| rank(o.state) == 2) {
            assert_eq!(d.more_not_met, 0, "{}: a supported one is named while an open one is not", d.applies_from);
        }
    }
    // The credit model is in operation; its open conformity assessment is named, not one of the loan assistant's
    // duties that bind only once it is placed on the market.
    let high_risk = date(&s, "2027-12-02");
    let art_43 = high_risk.listed.iter().find(|o| o.article == "Art. 43").expect("Art. 43 is named");
    assert_eq!(art_43.state, ObligationState::Open);
    assert!(art_43.concerns.iter().any(|c| c.name.contains("NCDM") && !c.met));
    // Every obligation in force is named, and at most EU_UPCOMING later ones.
    let upcoming: usize = s.eu_deadlines.iter().filter(|d| !d.in_force).map(|d| d.listed.len()).sum();
    assert!(upcoming <= EU_UPCOMING);
    for d in s.eu_deadlines.iter().filter(|d| d.in_force) {
        assert_eq!((d.more, d.listed.len()), (0, d.kinds));
    }
    // Every date of the obligations has its entry, and the counts add up to the obligations listed.
    let kinds: usize = s.eu_deadlines.iter().map(|d| d.kinds).sum();
    let mut distinct: Vec<(String, String)> = eu(&a)
        .organisation
        .iter()
        .chain(eu(&a).systems.iter().filter(|s| s.in_scope).flat_map(|s| &s.obligations))
        .map(|o| (o.applies_from.to_string(), o.id.clone()))
        .collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(kinds, distinct.len());
}

#[test]
fn every_system_an_eu_obligation_binds_is_named_with_its_state() {
    let (a, s) = summary_of(FINTECH.as_ref());
    for d in &s.eu_deadlines {
        for o in &d.listed {
            let bound: Vec<(&str, bool)> = eu(&a)
                .systems
                .iter()
                .filter(|x| x.in_scope)
                .filter_map(|x| {
                    let row = x.obligations.iter().find(|r| r.id == o.id && r.applies_from == d.applies_from)?;
                    // An obligation in force that waits for the system to be placed is neither met nor not met.
                    let waits = row.in_force && !row.applies_now;
                    Some((x.name.as_str(), !waits && row.state.is_met()))
                })
                .collect();
            if bound.is_empty() {
                assert_eq!(o.concerns.len(), 1, "{}: an organisation-wide obligation names the organisation", o.id);
                continue;
            }
            assert_eq!(o.concerns.len() + o.more, bound.len(), "{} at {}", o.id, d.applies_from);
            for c in &o.concerns {
                assert!(bound.contains(&(c.name.as_str(), c.met)), "{} at {}: {}", o.id, d.applies_from, c.name);
            }
        }
    }
    // The reader's case: Art. 18 binds both high-risk systems; the credit model has it met, and is still named.
    let art_18 = &date(&s, "2027-12-02");
    let text = ok(aims(&["gap", FINTECH, "--as-of", AS_OF, "--format", "markdown"]));
    let section = text.split("### Nearest EU AI Act deadlines").nth(1).unwrap().split("\n### ").next().unwrap();
    assert!(section.contains("Northwind Credit Decision Model (NCDM v4): open"), "{section}");
    assert!(section.contains("Nora, customer support assistant: supported"), "{section}");
    assert!(art_18.kinds > art_18.listed.len());
    assert!(section.contains("more kinds of obligation from this date"), "{section}");
}

#[test]
fn a_system_in_design_is_not_said_to_be_bound_already() {
    let (_, s) = summary_of(FINTECH.as_ref());
    assert_eq!(s.eu_not_yet_placed, ["loan-assistant"]);
    let art_50_1 = date(&s, "2026-08-02").listed.iter().find(|o| o.id == "art-50-1").unwrap();
    let loan = art_50_1.concerns.iter().find(|c| c.name.starts_with("Loan")).unwrap();
    assert!(loan.not_yet_placed);
    assert!(art_50_1.binds_now, "Nora is in operation, so Art. 50(1) binds now");
    let text = ok(aims(&["gap", FINTECH, "--as-of", AS_OF, "--format", "markdown"]));
    assert!(loan.not_yet.as_deref() == Some("not yet (in design)") && !loan.met);
    assert!(
        text.contains(
            "Nora, customer support assistant: supported; Loan pre-qualification assistant (planned): not yet (in design)."
        ),
        "the summary says the obligation does not bind the loan assistant yet"
    );
    assert!(
        text.contains("- **Since 2026-08-02**: 1 obligation already applies, all supported or recorded; 1 more applies only once its AI system, now in design, is placed on the market."),
        "the date counts only what applies now"
    );
    // Its card says the same for every obligation whose date has passed.
    let card = text.split("EU AI Act card: Loan pre-qualification assistant").nth(1).unwrap();
    let card = card.split("\n### ").next().unwrap();
    assert!(card.contains("| 2026-08-02; not yet (in design) |"), "{card}");

    // A system in design only: the in-force obligation binds nothing yet and says so on its own line.
    let design = "id: chat\nname: Planned chat\npurpose: Answers questions\nowner: Owner\nlifecycle_stage: design\n\
                  ai_role: provider\neu_ai_act:\n  roles: [provider]\n  classifications: [art_50_1]\n";
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/chat.yaml", design)]);
    let (_, s) = summary_of(dir.path());
    let o = date(&s, "2026-08-02").listed.iter().find(|o| o.id == "art-50-1").unwrap();
    assert!(!o.binds_now);
    let text = ok(aims(&["gap", dir.path().to_str().unwrap(), "--as-of", AS_OF, "--format", "markdown"]));
    assert!(text.contains("(open). Planned chat: not yet (in design)."), "{text}");
    assert!(
        text.contains("**Since 2026-08-02**: none applies yet; 1 obligation applies only once its AI system, now in design, is placed on the market."),
        "{text}"
    );
}

#[test]
fn art_5_is_checked_organisation_wide_from_2025_and_for_the_added_ban_from_2026_12_02() {
    let minimal = "id: notes\nname: Meeting notes\npurpose: Summarises meetings\nowner: Owner\n\
                   lifecycle_stage: operation\nai_role: customer\neu_ai_act:\n  roles: [deployer]\n  \
                   classifications: [minimal]\n";
    let dir = workspace(&[("organisation.yaml", ORGANISATION), ("systems/notes.yaml", minimal)]);
    let (a, s) = summary_of(dir.path());
    let org = &eu(&a).organisation;
    let screening = org.iter().find(|o| o.id == "art-5-screening").expect("Art. 5 check for every deployer");
    assert_eq!((screening.applies_from.to_string().as_str(), screening.in_force), ("2025-02-02", true));
    assert!(screening.source.contains("Art. 5(1)"));
    let added = org.iter().find(|o| o.id == "art-5-screening-intimate-imagery").unwrap();
    assert_eq!(added.applies_from.to_string(), "2026-12-02");
    assert!(added.source.contains("2026/1744"));
    // Both reach the summary, even for a minimal-risk system.
    assert!(date(&s, "2025-02-02").listed.iter().any(|o| o.id == "art-5-screening"));
    assert!(date(&s, "2026-12-02").listed.iter().any(|o| o.id == "art-5-screening-intimate-imagery"));
}

#[test]
fn nora_generates_text_so_it_carries_art_50_2_from_the_end_of_the_grace_period() {
    let (a, s) = summary_of(FINTECH.as_ref());
    let nora = eu(&a).systems.iter().find(|x| x.id == "support-chatbot").unwrap();
    let marking = nora.obligations.iter().find(|o| o.id == "art-50-2").expect("Nora's text is synthetic content");
    assert_eq!(marking.applies_from.to_string(), "2026-12-02", "in service before 2026-08-02");
    assert_ne!(marking.state, ObligationState::Supported, "no marking is recorded");
    assert!(date(&s, "2026-12-02").listed.iter().any(|o| o.id == "art-50-2"));
}

#[test]
fn eu_timeline_counts_match_the_table() {
    let (a, _) = summary_of(FINTECH.as_ref());
    let html = ok(aims(&["gap", FINTECH, "--as-of", AS_OF, "--format", "html"]));
    let desc = html.split("Dates the obligations apply from, as of").nth(1).expect("the EU timeline");
    let desc = desc[..desc.find('<').unwrap()].split_once(": ").unwrap().1;
    // "2027-12-02: 40 obligations (23 kinds) apply from this date, ..." for each date; the first number of each
    // entry counts what the report's total counts.
    let counts: Vec<usize> = desc
        .split("; ")
        .map(|entry| {
            let after = entry.split(": ").nth(1).unwrap_or_else(|| panic!("{entry}"));
            after.split(' ').next().unwrap().parse().unwrap_or_else(|_| panic!("{entry}"))
        })
        .collect();
    // Once a date has passed, the timeline counts what applies now; the loan assistant's Art. 50(1) waits.
    let total = eu(&a).summary.obligations;
    let waiting = eu(&a).rows().filter(|(_, o)| o.in_force && !o.applies_now).count();
    assert_eq!(counts.iter().sum::<usize>(), total - waiting, "{desc}");
    let markdown = ok(aims(&["gap", FINTECH, "--as-of", AS_OF, "--format", "markdown"]));
    assert!(markdown.contains(&format!("**{total} obligations**")));
    assert!(desc.contains("2027-12-02: 40 obligations (23 kinds) apply from this date"), "{desc}");
}

/// The plan looks each action's legal deadline up through maps built once (a scan of every obligation of every
/// system per action made a 10,000-system plan take seconds). The lookup must give what the plain definition gives:
/// the earliest-applying obligation (then the first listed) of the organisation or of one of the action's systems
/// that one of its requirements (not those it only lifts as a knock-on) supports while unmet, or, for one of its
/// systems, that lacks a fact whose finding the action closes (Nora's Art. 50(2) marking, closed under A.8.2 while
/// A.8.5 supports the obligation); AI literacy (Art. 4), reduced to encouragement by the 2026 amendment, is a note
/// and never a legal deadline.
#[test]
fn indexed_legal_deadline_lookup_matches_the_plain_scan() {
    let mut checked = 0;
    for example in ["fintech-ai-provider", "saas-ai-customer", "healthtech-provider", "us-federal-sample"] {
        let (_, _, assessment, plan) = common::planned(&std::path::Path::new("examples").join(example));
        let Some(eu) = &assessment.eu_ai_act else { continue };
        let obligations: Vec<(Option<&str>, &aims::assess::eu_obligations::ObligationResult)> = eu
            .organisation
            .iter()
            .map(|o| (None, o))
            .chain(
                eu.systems
                    .iter()
                    .filter(|s| s.in_scope)
                    .flat_map(|s| s.obligations.iter().map(move |o| (Some(s.id.as_str()), o))),
            )
            .collect();
        // An AI system's obligation that lacks a fact, and the finding that asks for it.
        let fact_finding = |system: &Option<&str>, o: &aims::assess::eu_obligations::ObligationResult| {
            use aims::rules::Code;
            system.filter(|_| o.facts.iter().any(|f| !f.recorded))?;
            match o.id.as_str() {
                "art-50-1" | "art-50-2" | "art-50-3" | "art-50-4" => Some(Code::EuDisclosureMissing),
                "art-27" => Some(Code::EuFriaMissing),
                "art-26-7" => Some(Code::EuWorkersNotInformed),
                _ => None,
            }
        };
        for action in plan.phases.iter().flat_map(|p| &p.actions) {
            let expected = obligations
                .iter()
                .filter(|(system, _)| {
                    action.systems.is_empty() || system.is_none_or(|s| action.systems.iter().any(|x| x == s))
                })
                .filter(|(_, o)| o.id != aims::assess::eu_ai_act::AI_LITERACY)
                .filter(|(system, o)| {
                    o.support.iter().any(|s| s.status.is_gap() && action.requirements.contains(&s.requirement))
                        || fact_finding(system, o).is_some_and(|code| action.findings.contains(&code))
                })
                .min_by_key(|(_, o)| o.applies_from)
                .map(|(_, o)| (o.article.as_str(), o.applies_from, o.in_force));
            let got = action.legal_deadline.as_ref().map(|d| (d.article.as_str(), d.applies_from, d.in_force));
            assert_eq!(got, expected, "{example}: action {}", action.id);
            checked += usize::from(got.is_some());
        }
    }
    assert!(checked > 0, "no action of any example has a legal deadline: the test checks nothing");
}

#[test]
fn eu_obligation_counts_agree_across_summary_chart_and_workbook() {
    for dir in ["examples/fintech-ai-provider", "examples/healthtech-provider"] {
        let (a, s) = summary_of(dir.as_ref());
        let total = &eu(&a).summary;
        // The summary's dates add up to the report's total, with those that wait for their systems apart; the
        // dates that have passed count exactly what applies now.
        let counted: Vec<_> = eu(&a).rows().map(|(_, o)| o).filter(|o| !o.in_force || o.applies_now).collect();
        let sum = |f: fn(&EuDeadline) -> usize| s.eu_deadlines.iter().map(f).sum::<usize>();
        assert_eq!(sum(|d| d.obligations), counted.len(), "{dir}");
        assert_eq!(sum(|d| d.obligations + d.waiting), total.obligations, "{dir}");
        let mut kinds: Vec<_> = counted.iter().map(|o| (o.applies_from, o.id.as_str())).collect();
        kinds.sort();
        kinds.dedup();
        assert_eq!(sum(|d| d.kinds), kinds.len(), "{dir}");
        assert_eq!(sum(|d| d.not_met), counted.iter().filter(|o| !o.state.is_met()).count(), "{dir}");
        assert_eq!(sum(|d| d.applies_now), total.applies_now, "{dir}");
        let since: usize = s.eu_deadlines.iter().filter(|d| d.in_force).map(|d| d.obligations).sum();
        assert_eq!(since, total.applies_now, "{dir}: the dates passed count what already applies");
        let markdown = ok(aims(&["gap", dir, "--as-of", AS_OF, "--format", "markdown"]));
        let html = ok(aims(&["gap", dir, "--as-of", AS_OF, "--format", "html"]));
        let desc = html.split("Dates the obligations apply from, as of").nth(1).expect("the EU timeline");
        let desc = &desc[..desc.find('<').unwrap()];
        for d in &s.eu_deadlines {
            // The same two numbers in the summary's words and the timeline's.
            let counted = if d.obligations == d.kinds {
                format!("{} obligation{}", d.obligations, if d.obligations == 1 { "" } else { "s" })
            } else {
                format!("{} obligations ({} kind{})", d.obligations, d.kinds, if d.kinds == 1 { "" } else { "s" })
            };
            assert!(markdown.contains(&format!("{}**", d.applies_from)), "{dir} {}", d.applies_from);
            let already = match (d.in_force, d.obligations) {
                (false, _) => "",
                (true, 1) => " already applies",
                (true, _) => " already apply",
            };
            let open = match d.not_met {
                0 => "all supported or recorded".to_string(),
                n => format!("{n} still open or partly supported"),
            };
            assert!(markdown.contains(&format!("{counted}{already}, {open}")), "{dir}: {counted}");
            let verb = if d.obligations == 1 { "applies" } else { "apply" };
            assert!(desc.contains(&format!("{}: {counted} {verb}", d.applies_from)), "{dir}: {counted} in {desc}");
        }
        let kinds = if total.kinds == total.obligations { String::new() } else { format!(" ({} kinds)", total.kinds) };
        let headline = format!("{} obligations{kinds}", total.obligations);
        assert!(markdown.contains(&format!("**{} obligations**{kinds}", total.obligations)), "{dir}");
        let already = format!("{} already apply", total.applies_now);
        assert!(markdown.contains(&already), "{dir}: {already}");
        let book = book::workbook("gap", dir);
        let totals = book::text(&book.pair("Summary", "EU AI Act"));
        assert!(totals.starts_with(&headline) && totals.contains(&already), "{dir}: {totals}");
    }
}

#[test]
fn system_in_design_has_no_obligation_in_force() {
    let (a, _) = summary_of(FINTECH.as_ref());
    let loan = eu(&a).systems.iter().find(|s| s.id == "loan-assistant").unwrap();
    let disclosure = loan.obligations.iter().find(|o| o.id == "art-50-1").unwrap();
    // Its date has passed, but the loan assistant is in design: the duty waits until it is placed on the market.
    assert!(disclosure.in_force && !disclosure.applies_now);
    let nora = eu(&a).systems.iter().find(|s| s.id == "support-chatbot").unwrap();
    assert!(nora.obligations.iter().find(|o| o.id == "art-50-1").unwrap().applies_now);
    let counted = eu(&a).rows().filter(|(_, o)| o.applies_now).count();
    assert_eq!(eu(&a).summary.applies_now, counted);
    assert_eq!(eu(&a).summary.in_force, counted + 1, "the loan assistant's Art. 50(1) is the one that waits");
    let markdown = ok(aims(&["gap", FINTECH, "--as-of", AS_OF, "--format", "markdown"]));
    assert!(markdown.contains(&format!("; {counted} already apply.")), "the headline leaves it out");
    let book = book::workbook("gap", FINTECH);
    let row = book
        .rows("EU AI Act obligations")
        .into_iter()
        .find(|r| book::text(&r["Applies to"]).starts_with("Loan") && book::text(&r["Article"]) == "Art. 50(1)")
        .expect("the loan assistant's Art. 50(1) row");
    assert_eq!(book::text(&row["Applies now"]), "Not yet (in design)");
    // The timeline names the organisation apart from the systems, and the system that waits.
    let html = ok(aims(&["gap", FINTECH, "--as-of", AS_OF, "--format", "html"]));
    assert!(
        html.contains("2026-12-02: 2 obligations apply from this date, in 5 days (the organisation and 1 AI system")
    );
    assert!(
        html.contains(
            "2026-08-02: 1 obligation applies since this date (1 AI system, 1 more not yet (in design) · Art. 50(1))"
        ),
        "the waiting system is counted apart"
    );
}

/// Every count of "already applies" comes from `applies_now`: the report's EU headline, the executive summary's
/// dates that have passed, the JSON total, the workbook's Summary sheet and its Applies now column agree for every
/// example (the fintech summary once counted the loan assistant, in design, among those in force).
#[test]
fn already_applies_counts_agree_everywhere() {
    for dir in common::EXAMPLES {
        let example = dir;
        let json = book::json("gap", dir);
        let Some(now) = json["eu_ai_act"]["summary"]["applies_now"].as_u64() else { continue };
        let now = now as usize;
        let markdown = ok(aims(&["gap", dir, "--as-of", AS_OF, "--format", "markdown"]));
        let verb = if now == 1 { "applies" } else { "apply" };
        assert!(markdown.contains(&format!("; {now} already {verb}.")), "{example}: the EU headline");
        let summary = markdown.split("### Nearest EU AI Act deadlines").nth(1).unwrap().split("\n### ").next().unwrap();
        let since: usize = summary
            .lines()
            .filter_map(|l| l.strip_prefix("- **Since "))
            .map(|l| {
                let count = l.split("**: ").nth(1).unwrap();
                if count.starts_with("none applies yet") {
                    0
                } else {
                    count.split(' ').next().unwrap().parse().unwrap()
                }
            })
            .sum();
        assert_eq!(since, now, "{example}: the summary's dates in force\n{summary}");
        let book = book::workbook("gap", dir);
        let totals = book::text(&book.pair("Summary", "EU AI Act"));
        assert!(totals.contains(&format!("{now} already {verb}")), "{example}: {totals}");
        let rows = book.rows("EU AI Act obligations");
        let yes = rows.iter().filter(|r| book::text(&r["Applies now"]) == "Yes").count();
        assert_eq!(yes, now, "{example}: the workbook's Applies now column");
        for r in &rows {
            let cell = book::text(&r["Applies now"]);
            assert!(["Yes", "No"].contains(&cell.as_str()) || cell.starts_with("Not yet ("), "{example}: {cell}");
        }
    }
}

/// A reader took "Art. 5 Check every AI system against the prohibited practices …: partly met" and "Northwind
/// Credit Decision Model: not met" for findings of a breach of the law. aims measures the support the management
/// system gives each obligation, not compliance with the Act: the summary and the EU AI Act section say supported,
/// recorded, partly supported or open, and never "met" or "not met" of an obligation.
#[test]
fn an_eu_obligation_is_never_said_to_be_met_or_not_met() {
    for dir in common::EXAMPLES {
        for audience in ["client", "practitioner"] {
            let md = ok(aims(&["gap", dir, "--as-of", AS_OF, "--audience", audience]));
            let deadlines =
                md.split("### Nearest EU AI Act deadlines").nth(1).map(|t| t.split("\n### ").next().unwrap());
            let section = md.split("\n## EU AI Act").nth(1).map(|t| t.split("\n## ").next().unwrap());
            for text in deadlines.into_iter().chain(section) {
                for words in [": met", "partly met", "not met", "of them met"] {
                    assert!(!text.contains(words), "{dir} ({audience}) says {words:?} of an obligation:\n{text}");
                }
            }
        }
    }
}

/// The federal report's methodology said "The EU AI Act section shows where the management system supports an
/// obligation", and the report has no EU AI Act section (no system is classified). A report refers to its EU AI
/// Act section only when it has one.
#[test]
fn a_report_without_an_eu_ai_act_section_does_not_refer_to_one() {
    for dir in common::EXAMPLES {
        for format in ["markdown", "html"] {
            let text = ok(aims(&["gap", dir, "--as-of", AS_OF, "--format", format]));
            let has_section = text.contains("\n## EU AI Act") || text.contains(">EU AI Act</h2>");
            if !has_section {
                assert!(!text.contains("EU AI Act section"), "{dir} ({format}) refers to a section it lacks");
            }
        }
    }
    let federal = ok(aims(&["gap", "examples/us-federal-sample", "--as-of", AS_OF]));
    assert!(!federal.contains("\n## EU AI Act"), "the federal sample classifies no system");
}
