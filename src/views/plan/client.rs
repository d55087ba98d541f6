//! The client's words for the findings a shortfall rests on: AI systems by their names, areas of impact and kinds of
//! record in words, never a workspace ID or a YAML value (docs/wording.md). The practitioner's text is the finding's
//! own message, which may name IDs; this module only rewrites what the client reads, from the same finding.

use crate::assess::risk::pointer_parts;
use crate::assess::{self, Finding, RequirementResult};
use crate::eu_ai_act;
use crate::render::{capitalised, months_text};
use crate::rules::Code;
use crate::workspace::{EvidenceKind, ImpactArea, ImpactAssessment, Status, Workspace};

/// The client's sentence for an organisation-level finding of the risk register or the impact assessments on
/// requirement `r` (codes `risk-*` and `impact-assessment-*`), capitalised, without a final full stop. A pointer from
/// another member of the family ("6.1.4 is lowered with 8.4: ...") reads as the cause in the client's words and
/// where it is reported: "Nora: the impact assessment does not yet cover societal impacts; see 8.4".
pub(super) fn record_problem(workspace: &Workspace, r: &RequirementResult, f: &Finding) -> String {
    let (origin, cause, more, member) = match pointer_parts(&r.id, &f.message) {
        Some((member, cause, more)) => (member, cause, more, Some(member)),
        None => (r.id.as_str(), f.message.as_str(), 0, None),
    };
    let text = match record_subject(workspace, origin, f) {
        Some((name, problem)) => format!("{name}: {problem}"),
        None => capitalised(cause),
    };
    // The records counted fall short in any way (missing, stale, undated, not approved), not only as this one does.
    let more = match more {
        0 => String::new(),
        1 => " (and 1 more record that falls short)".to_string(),
        n => format!(" (and {} more records that fall short)", crate::render::grouped(n)),
    };
    match member {
        Some(m) => format!("{text}{more}; see {m}"),
        None => text,
    }
}

/// The client's words for an AI system's own finding on one of the impact assessments' per-system controls
/// (A.5.3-A.5.5), without the system's name (the caller puts it first); `None` for any other finding.
pub(super) fn system_record_problem(workspace: &Workspace, r: &RequirementResult, f: &Finding) -> Option<String> {
    record_subject(workspace, &r.id, f).map(|(_, problem)| problem)
}

/// The AI system a record finding concerns, by name, and what is wrong in words, for the findings whose message
/// names a system by its ID or an area by its YAML value; `None` for the others (their message is already in the
/// organisation's terms: a risk by its register ID, a rating, a date). `origin` is the requirement the finding was
/// raised on, which decides the areas an incomplete impact assessment is missing (all for 8.4, those concerning
/// individuals for A.5.4, society for A.5.5).
fn record_subject(workspace: &Workspace, origin: &str, f: &Finding) -> Option<(String, String)> {
    let at = f.location.as_ref()?;
    let assessment = || workspace.risk.impact_assessments.iter().find(|a| a.location == *at);
    let system_at = || workspace.systems.iter().find(|s| s.location == *at).map(|s| s.name.clone());
    let name_of =
        |a: &ImpactAssessment| workspace.system(&a.system).map_or_else(|| a.system.clone(), |s| s.name.clone());
    match f.code {
        Code::ImpactAssessmentIncomplete => match assessment() {
            Some(a) => {
                let missing = missing_areas(a, origin);
                Some((name_of(a), format!("the impact assessment does not yet cover {} impacts", and_list(&missing))))
            }
            // Kept as the system's records: the record of the member requirement is what it leaves out.
            None => {
                system_at().map(|n| (n, format!("the impact assessment does not yet cover {}", evidence_areas(origin))))
            }
        },
        Code::ImpactAssessmentUnapproved => assessment()
            .map(name_of)
            .or_else(system_at)
            .map(|n| (n, "the impact assessment is not approved yet".to_string())),
        Code::ImpactAssessmentStale => match assessment() {
            Some(a) => {
                let months = workspace.settings.risk.review_interval_months;
                let problem = match a.reviewed {
                    Some(d) => {
                        format!("the impact assessment was last reviewed on {d}, more than {} ago", months_text(months))
                    }
                    None => "the impact assessment has no review date".to_string(),
                };
                Some((name_of(a), problem))
            }
            None => system_at().map(|n| (n, "the impact assessment is not current".to_string())),
        },
        Code::ImpactAssessmentMissing => system_at().map(|n| (n, "no impact assessment is recorded".to_string())),
        Code::RiskSystemUncovered => {
            system_at().map(|n| (n, "no rated risk in the risk register concerns this AI system".to_string()))
        }
        _ => None,
    }
}

/// The client's action for a finding of the risk register or the impact assessments (codes `risk-*` and
/// `impact-assessment-*`) on requirement `id`: the work on the one record it names, never a generic "bring the
/// register up to date" ("Extend the impact assessment of Nora to cover societal impacts."). A pointer from another
/// member of the family is the same work as its cause. `several` is true when the action closes more than one such
/// finding (one action for every record of a requirement that falls short in the same way): the sentence then speaks
/// of the records the shortfalls name. `None` for a finding with no record-specific work.
pub(super) fn record_action(workspace: &Workspace, id: &str, f: &Finding, several: bool) -> Option<String> {
    let (origin, more) = match pointer_parts(id, &f.message) {
        Some((member, _, more)) => (member, more),
        None => (id, 0),
    };
    let several = several || more > 0;
    let at = f.location.as_ref()?;
    let assessment = || workspace.risk.impact_assessments.iter().find(|a| a.location == *at);
    let name_of = |system: &str| workspace.system(system).map_or_else(|| system.to_string(), |s| s.name.clone());
    let risk = || workspace.risk.risks.iter().find(|r| r.location == *at);
    // An impact assessment kept as an AI system's `evidence:` records is located at the system's file.
    let kept_as_records = || workspace.systems.iter().find(|s| s.location == *at).map(|s| s.name.clone());
    let subject = || assessment().map(|a| name_of(&a.system)).or_else(kept_as_records);
    let text = match f.code {
        Code::ImpactAssessmentIncomplete if several => {
            "Extend the impact assessments named to cover the impacts they leave out.".to_string()
        }
        Code::ImpactAssessmentIncomplete => match assessment() {
            Some(a) => {
                let missing = missing_areas(a, origin);
                format!(
                    "Extend the impact assessment of {} to cover {} impacts.",
                    appositive(&name_of(&a.system)),
                    and_list(&missing)
                )
            }
            // Kept as the system's records: the record of the member requirement is what it leaves out.
            None => format!(
                "Extend the impact assessment of {} to cover {}.",
                appositive(&kept_as_records()?),
                evidence_areas(origin)
            ),
        },
        Code::ImpactAssessmentUnapproved if several => {
            "Have the impact assessments named approved by the people accountable for the AI systems.".to_string()
        }
        Code::ImpactAssessmentUnapproved => format!(
            "Have the impact assessment of {} approved by the person accountable for the AI system.",
            appositive(&subject()?)
        ),
        Code::ImpactAssessmentStale if several => {
            "Review the impact assessments named against the AI systems as they are today and record the review \
             dates."
                .to_string()
        }
        Code::ImpactAssessmentStale => format!(
            "Review the impact assessment of {} against the AI system as it is today and record the review date.",
            appositive(&subject()?)
        ),
        Code::ImpactAssessmentMissing if several => {
            "Carry out and record an AI system impact assessment for each AI system named.".to_string()
        }
        Code::ImpactAssessmentMissing => {
            let system = workspace.systems.iter().find(|s| s.location == *at)?;
            format!("Carry out and record an AI system impact assessment for {}.", system.name)
        }
        Code::RiskIncomplete if several => {
            "Complete the risks named in the risk register: each needs an owner, a rating before treatment and the \
             date it was last reviewed."
                .to_string()
        }
        Code::RiskIncomplete => {
            let r = risk()?;
            let mut lacking = Vec::new();
            if r.owner.is_none() {
                lacking.push("owner");
            }
            if r.inherent.is_none() {
                lacking.push("rating before treatment");
            }
            if r.reviewed.is_none() {
                lacking.push("review date");
            }
            format!("Record the {} of risk {} in the risk register.", and_list(&lacking), r.id)
        }
        Code::RiskReviewStale if several => {
            "Review the risks named with their owners and record the review dates in the risk register.".to_string()
        }
        Code::RiskReviewStale => {
            format!("Review risk {} with its owner and record the review date in the risk register.", risk()?.id)
        }
        Code::RiskUntreated if several => "Choose controls and actions to treat each risk named, or have someone \
                                           authorised to accept risks record the acceptance."
            .to_string(),
        Code::RiskUntreated => format!(
            "Choose controls and actions to treat risk {}, or have someone authorised to accept risks record the \
             acceptance.",
            risk()?.id
        ),
        Code::RiskSystemUncovered if several => {
            "Assess the risks of each AI system named and add them to the risk register.".to_string()
        }
        Code::RiskSystemUncovered => {
            let system = workspace.systems.iter().find(|s| s.location == *at)?;
            format!("Assess the risks of {} and add them to the risk register.", system.name)
        }
        _ => return None,
    };
    Some(text)
}

/// What an impact assessment kept as an AI system's `evidence:` records leaves out when the record of `origin` is
/// missing: A.5.4's impacts on individuals or groups, A.5.5's societal impacts, else every area.
fn evidence_areas(origin: &str) -> &'static str {
    match origin {
        "A.5.4" => "the impacts on individuals and groups of individuals",
        "A.5.5" => "the societal impacts",
        _ => "every area of impact",
    }
}

/// The impact areas (labels) an impact assessment leaves out, of those requirement `origin` looks at: A.5.4 the
/// individuals' areas, A.5.5 the societal ones, any other every area.
fn missing_areas(a: &ImpactAssessment, origin: &str) -> Vec<&'static str> {
    let within: &[ImpactArea] = match origin {
        "A.5.4" => &ImpactArea::INDIVIDUALS,
        "A.5.5" => &ImpactArea::SOCIETY,
        _ => &ImpactArea::ALL,
    };
    within.iter().filter(|x| !a.areas.iter().any(|y| y.area == **x)).map(|x| x.label()).collect()
}

/// A name inside a sentence: followed by a comma when it holds one itself ("Nora, customer support assistant,"), so
/// that the sentence reads on after it.
fn appositive(name: &str) -> String {
    if name.contains(", ") { format!("{name},") } else { name.to_string() }
}

/// The EU AI Act Art. 50 duties of AI system `system` that no record supports, each as what is missing and the work
/// that closes it, in the client's words: `(problem, action)` where the problem leaves out the system's name (the
/// caller puts it first) and the action names the system as `who` ("Nora, customer support assistant" or "each of
/// these AI systems"). Only the facts that are missing are named, so a system whose disclosure to people is recorded
/// is never said to lack it. Empty when nothing is missing.
pub(super) fn eu_transparency(workspace: &Workspace, system: &str, who: &str) -> Vec<(String, String)> {
    let Some(s) = workspace.system(system) else { return Vec::new() };
    let Some(eu) = &s.eu_ai_act else { return Vec::new() };
    let mut out = Vec::new();
    for t in eu_ai_act::triggered(eu_ai_act::obligations(), eu) {
        let o = t.obligation;
        if !o.id.starts_with("art-50-")
            || o.facts.iter().all(|&f| assess::eu_ai_act::fact_recorded(s, &workspace.risk, f))
        {
            continue;
        }
        let law = format!("EU AI Act {}, from {}", o.article, t.applies_from);
        let (problem, action) = match o.id.as_str() {
            "art-50-1" => (
                "no record shows how people are told that they are dealing with an AI system",
                format!(
                    "For {who}, tell the people who use it that they are dealing with an AI system, and record how."
                ),
            ),
            "art-50-2" => (
                "no record shows how the content it generates is marked as machine-generated in a machine-readable way",
                format!(
                    "For {who}, mark the content it generates as machine-generated in a machine-readable way, and record how."
                ),
            ),
            "art-50-3" => (
                "no record shows how the people exposed to its emotion recognition or biometric categorisation are \
                 informed",
                format!(
                    "For {who}, inform the people exposed to its emotion recognition or biometric categorisation, and record how."
                ),
            ),
            _ => (
                "no record shows how the deep fakes or public-interest text it produces are disclosed as AI-generated",
                format!(
                    "For {who}, disclose the deep fakes and public-interest text it produces as AI-generated, and record how."
                ),
            ),
        };
        out.push((format!("{problem} ({law})"), action));
    }
    out
}

/// The work that closes an AI system's finding other than a missing record, for `who` (the system's name or "each
/// of these AI systems"), from what the finding says is missing; `None` for a finding with no work of its own here.
pub(super) fn system_work(workspace: &Workspace, system: &str, code: Code, who: &str) -> Option<String> {
    Some(match code {
        Code::EuDisclosureMissing => {
            let work: Vec<String> = eu_transparency(workspace, system, who).into_iter().map(|(_, a)| a).collect();
            return (!work.is_empty()).then(|| work.join(" "));
        }
        Code::EuFriaMissing => format!(
            "Carry out the fundamental-rights impact assessment of {who} before first use (EU AI Act Art. 27), and \
             record it."
        ),
        Code::EuWorkersNotInformed => format!(
            "Tell the workers affected by {who} and their representatives before it is used (EU AI Act Art. 26(7)), \
             and record when and how."
        ),
        Code::ImpactAssessmentIncomplete => {
            format!("Extend the impact assessment of {who} to the areas of impact it leaves out, and have it approved.")
        }
        Code::ImpactAssessmentUnapproved => {
            format!("Have the impact assessment of {who} approved, and record the approval.")
        }
        Code::ImpactAssessmentStale => {
            format!("Review the impact assessment of {who}, update it where needed, and record the review date.")
        }
        Code::ImpactAssessmentMissing => format!("Carry out and record an impact assessment of {who}."),
        Code::RiskSystemUncovered => format!("Identify and rate the risks of {who} in the risk register."),
        _ => return None,
    })
}

/// The action for a shortfall no more specific rule words, from what falls short: "Put right in 7.5 Documented
/// information: …". `problem` is the client's problem; `who` names the AI system, when the shortfall is one's. The
/// problem continues the sentence, so its first letter is put in lower case, unless it starts with a proper name of
/// the workspace ([`Names`]: "Meridian Labs moved Nora to a new model version …").
pub(super) fn put_right(names: &Names<'_>, named: &str, who: Option<&str>, problem: &str) -> String {
    let problem = problem.trim().trim_end_matches('.');
    let problem = if names.starts(problem) { problem.to_string() } else { lower_first(problem) };
    match who {
        Some(who) => format!("Put right in {named} for {who}: {problem}."),
        None => format!("Put right in {named}: {problem}."),
    }
}

/// The names the workspace gives something, collected once per plan: the organisation's, each AI system's, and the
/// supplier of one (the part before any parenthesis or comma: "Meridian Labs" of "Meridian Labs (general-purpose
/// language model …)"). Such a name keeps its capital wherever it stands in a sentence.
pub(super) struct Names<'a>(std::collections::HashSet<&'a str>);

impl<'a> Names<'a> {
    /// The names of `workspace`.
    pub(super) fn new(workspace: &'a Workspace) -> Names<'a> {
        let part = |name: &'a str| name.split(['(', ',']).next().unwrap_or_default().trim();
        let systems =
            workspace.systems.iter().flat_map(|s| std::iter::once(s.name.as_str()).chain(s.supplier.as_deref()));
        let names = std::iter::once(workspace.organisation.name.as_str()).chain(systems).map(part);
        Names(names.filter(|name| !name.is_empty()).collect())
    }

    /// Whether `text` starts with one of the names, as a whole word (the name is all of `text`, or the character
    /// after it is not a letter or digit).
    fn starts(&self, text: &str) -> bool {
        // Only a word that lower-casing would change needs the look-up.
        if !text.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        let ends = text.char_indices().filter(|(_, c)| !c.is_alphanumeric()).map(|(at, _)| at);
        ends.chain(std::iter::once(text.len())).any(|at| at > 0 && self.0.contains(&text[..at]))
    }
}

/// `text` with its first letter in lower case, for a fragment that continues a sentence; an acronym or a name
/// that starts with two capitals ("EU", "AI") is kept.
pub(super) fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(std::iter::once(b)).chain(chars).collect()
        }
        _ => text.to_string(),
    }
}

/// An AI system's missing record in the client's words, without the system's name: what is missing, and that the
/// control counts as not met for the system; when the organisation rated the requirement better than that
/// (`declared`), the sentence says so, so that the lower status never stands without its reason.
pub(super) fn missing_record(kind: Option<EvidenceKind>, status: Status, declared: Option<Status>) -> String {
    let counts = match status {
        Status::NonCompliant => "not met",
        Status::PartiallyCompliant => "partly met",
        _ => "not assessed",
    };
    let mut text = format!("{}, so the control counts as {counts} for this AI system", missing_evidence(kind));
    if let Some(d) = declared.filter(|d| *d != Status::NotAssessed && d.severity() < status.severity()) {
        text.push_str(&format!(", although the organisation rated it {}", d.label().to_lowercase()));
    }
    text
}

/// What is missing for an AI system without its record, for a sentence about several systems at once: "no evidence
/// of event logging is recorded".
pub(super) fn missing_evidence(kind: Option<EvidenceKind>) -> String {
    format!("no evidence of {} is recorded", kind.map_or("the record the control asks for", evidence_words))
}

/// What a per-system record shows, as the object of "no evidence of ...".
fn evidence_words(kind: EvidenceKind) -> &'static str {
    match kind {
        EvidenceKind::ImpactAssessment => "an AI system impact assessment",
        EvidenceKind::ImpactOnIndividuals => "an assessment of the impact on individuals and groups",
        EvidenceKind::SocietalImpact => "an assessment of the societal impact",
        EvidenceKind::RequirementsSpecification => "a requirements specification",
        EvidenceKind::DesignDocumentation => "design and development documentation",
        EvidenceKind::VerificationAndValidation => "verification and validation",
        EvidenceKind::DeploymentPlan => "a deployment plan",
        EvidenceKind::Monitoring => "how the system is operated and monitored",
        EvidenceKind::TechnicalDocumentation => "technical documentation",
        EvidenceKind::EventLogging => "event logging",
        EvidenceKind::DataQuality => "data quality requirements",
        EvidenceKind::DataProvenance => "data provenance",
        EvidenceKind::DataPreparation => "how the data is prepared",
        EvidenceKind::UserDocumentation => "documentation for users",
        EvidenceKind::IntendedUse => "a statement of intended use",
    }
}

/// A gap the organisation declares without saying what is missing, in the client's words: that the rating is the
/// organisation's own, and what to ask, or, when it `planned` an action, only whose rating it is (the action beside
/// it says what will be done).
pub(super) fn declared_without_note(declared: Status, planned: bool) -> String {
    let rated = match declared {
        Status::NonCompliant => "not in place",
        _ => "partly in place",
    };
    if planned {
        format!("{}, by the organisation's own rating", crate::render::capitalised(rated))
    } else {
        format!("Rated {rated} by the organisation, with no reason recorded: ask the owner what is missing")
    }
}

/// The organisation's own note on a gap it declares, labelled as its words so that it never reads as a further
/// shortfall after the one the assessment found: "The organisation notes: Nora's logs are kept for 30 days only."
pub(super) fn organisation_note(note: &str) -> String {
    format!("The organisation notes: {}", note.trim())
}

pub(super) use crate::render::and_list;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn and_list_joins_like_a_sentence() {
        assert_eq!(and_list(&["societal"]), "societal");
        assert_eq!(and_list(&["fundamental rights", "societal"]), "fundamental rights and societal");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn a_missing_record_says_why_the_status_is_lower_than_declared() {
        let text =
            missing_record(Some(EvidenceKind::EventLogging), Status::NonCompliant, Some(Status::PartiallyCompliant));
        assert_eq!(
            text,
            "no evidence of event logging is recorded, so the control counts as not met for this AI system, \
             although the organisation rated it partially compliant"
        );
        let plain = missing_record(Some(EvidenceKind::EventLogging), Status::NonCompliant, None);
        assert!(!plain.contains("although"), "{plain}");
    }

    #[test]
    fn put_right_keeps_the_capital_of_a_name_that_starts_the_problem() {
        let catalogue = crate::catalogue::Catalogue::bundled().expect("bundled catalogue");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/fintech-ai-provider");
        let as_of: crate::date::Date = "2026-11-30".parse().unwrap();
        let workspace = crate::load::load(&dir, &catalogue, as_of).workspace.expect("the example loads");
        let named = "A.10.3 Suppliers";
        let names = Names::new(&workspace);
        // A supplier's name (the part of `supplier:` before its parenthesis), an AI system's and the organisation's.
        for (problem, kept) in [
            ("Meridian Labs moved Nora to a new model version.", "Meridian Labs moved"),
            ("Nora, customer support assistant has no owner", "Nora, customer support assistant has"),
            (&format!("{} has no supplier review", workspace.organisation.name), &workspace.organisation.name),
        ] {
            let text = put_right(&names, named, None, problem);
            assert!(text.starts_with(&format!("Put right in {named}: {kept}")), "{text}");
        }
        // Any other first word continues the sentence in lower case; a name only counts as a whole word.
        assert_eq!(
            put_right(&names, named, None, "The review is overdue."),
            format!("Put right in {named}: the review is overdue.")
        );
        assert_eq!(
            put_right(&names, named, Some("Nora"), "Noras are many"),
            format!("Put right in {named} for Nora: noras are many.")
        );
    }
}
