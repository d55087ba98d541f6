//! The EU AI Act (Regulation (EU) 2024/1689) as it bears on a system's classification: how a high-risk system is
//! high-risk (Annex III or Annex I), whether a deployer owes a fundamental-rights impact assessment (Art. 27), and
//! the findings the assessment adds for systems the Act forbids or treats as high-risk.
//!
//! The findings are part of the pure assessment: [`check`] runs once, from `assess::assess`, over the requirement
//! results, and reads nothing but the workspace. ISO/IEC 42001 is not a harmonised standard under the Act; the
//! findings say where the 42001 evidence the Act leans on is missing, never that the Act is met.

use crate::rules::Code;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::assess::{Finding, RequirementResult};
use crate::date::Date;
use crate::workspace::{EuAiActRole, EuRiskTier, EvidenceKind, Status, System, Workspace};

/// How a high-risk system comes to be high-risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// Art. 6(2): a use case listed in Annex III.
    AnnexIii,
    /// Art. 6(1): a safety component of (or itself) a product under the Union law listed in Annex I.
    AnnexI,
    /// The system file gives no `annex_iii_area`; aims assumes Annex III, the far more common route.
    NotRecorded,
}

impl Route {
    /// Reads the free-text `annex_iii_area` of a system file ("Annex III 5(b): credit scoring", "Annex I: medical
    /// devices", "4(a)").
    pub fn of(area: Option<&str>) -> Route {
        match area {
            None => Route::NotRecorded,
            Some(text) if mentions_annex_i(text) => Route::AnnexI,
            Some(_) => Route::AnnexIii,
        }
    }

    /// The key of the application date in `controls/crosswalks/eu-ai-act-dates.yaml`.
    pub fn date_key(self) -> &'static str {
        match self {
            Route::AnnexI => "high_risk_annex_i",
            Route::AnnexIii | Route::NotRecorded => "high_risk_annex_iii",
        }
    }
}

/// "Annex I" not followed by another "I" (which would make it Annex II or III).
fn mentions_annex_i(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.match_indices("annex i").any(|(at, m)| !lower[at + m.len()..].starts_with('i'))
}

/// The Annex III point a free-text area names: `(5, Some('b'))` for "Annex III 5(b): credit scoring".
pub fn annex_iii_point(area: &str) -> Option<(u8, Option<char>)> {
    let lower = area.to_ascii_lowercase();
    let rest = match lower.find("annex iii") {
        Some(at) => &lower[at + "annex iii".len()..],
        None => lower.as_str(),
    };
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == ':');
    let rest = rest.strip_prefix("point").or_else(|| rest.strip_prefix("area")).unwrap_or(rest).trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let number: u8 = digits.parse().ok().filter(|n| (1..=8).contains(n))?;
    let letter =
        rest[digits.len()..].strip_prefix('(').and_then(|r| r.chars().next()).filter(|c| c.is_ascii_lowercase());
    Some((number, letter))
}

/// Whether an obligation falls on the organisation for a system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Applies {
    Yes,
    /// Art. 27(1): only if the deployer is a body governed by public law or a private entity providing public
    /// services; aims cannot tell from the workspace.
    IfPublicService,
    No,
}

/// Whether a deployer of a high-risk system owes the fundamental-rights impact assessment of Art. 27: always for
/// credit scoring and life or health insurance pricing (Annex III 5(b), 5(c)), never for critical infrastructure
/// (Annex III 2) or Annex I systems, otherwise only for public bodies and providers of public services.
pub fn fria(route: Route, area: Option<&str>) -> Applies {
    if route == Route::AnnexI {
        return Applies::No;
    }
    match area.and_then(annex_iii_point) {
        Some((5, Some('b' | 'c'))) => Applies::Yes,
        Some((2, _)) => Applies::No,
        _ => Applies::IfPublicService,
    }
}

/// Roles that carry the high-risk duties aims checks (design and use): importers, distributors and authorised
/// representatives verify others' work instead.
fn carries_high_risk_duties(role: EuAiActRole) -> bool {
    matches!(role, EuAiActRole::Provider | EuAiActRole::ProductManufacturer | EuAiActRole::Deployer)
}

/// One EU AI Act finding to add: on which requirement, how far it lowers the system's status, whether a waiver
/// may accept it.
struct Flag {
    requirement: &'static str,
    floor: Status,
    waivable: bool,
    finding: Finding,
}

/// Adds the EU AI Act findings to `requirements` (the engine's results, in catalogue order):
/// - a system classified `prohibited` is non-compliant with A.5.4 (`eu-prohibited-practice`), and no waiver
///   accepts it;
/// - a `high_risk` system whose organisation is its provider, product manufacturer or deployer, and that lacks an
///   impact assessment (A.5.3), a human-oversight description (A.9.4) or event logging (A.6.2.8), is at most
///   partially compliant with that control (`eu-high-risk-gap`).
///
/// Statuses only go down; the requirement's status, score and waiver mark follow its systems.
pub fn check(workspace: &Workspace, as_of: Date, requirements: &mut [RequirementResult]) {
    // Requirement index → its status and waiver mark before this check, and whether a flag may not be waived.
    let mut touched: BTreeMap<usize, (Status, bool, bool)> = BTreeMap::new();
    for system in workspace.systems.iter().filter(|s| s.in_scope) {
        for flag in flags(system) {
            let Some(i) = requirements.iter().position(|r| r.id == flag.requirement) else { continue };
            let r = &mut requirements[i];
            let before = touched.entry(i).or_insert((r.status, r.waived, false));
            before.2 |= !flag.waivable;
            // Per-system results follow the workspace's system order, which is sorted by ID.
            let found = r.systems.binary_search_by(|s| s.system.as_str().cmp(&system.id)).ok();
            if let Some(s) = found.map(|k| &mut r.systems[k]) {
                s.status = weakest(s.status, flag.floor);
                s.reason = None;
                s.waived =
                    flag.waivable && s.status.is_gap() && waiver_active(workspace, as_of, &r.id, Some(&system.id));
            }
            r.status = weakest(r.status, flag.floor);
            r.findings.push(flag.finding);
        }
    }
    for (i, (status_before, waived_before, unwaivable)) in touched {
        let r = &mut requirements[i];
        r.score = r.status.points().map(|p| p * 100.0);
        let mut gaps = r.systems.iter().filter(|s| s.status.is_gap()).peekable();
        let systems_waived = gaps.peek().is_some() && gaps.all(|s| s.waived);
        // Waived as a whole: by a waiver for the requirement, or because every short system is waived and the
        // requirement was not an unwaived gap of its own before.
        let whole = waiver_active(workspace, as_of, &r.id, None);
        r.waived = !unwaivable
            && r.status.is_gap()
            && (whole || ((waived_before || !status_before.is_gap()) && systems_waived));
    }
}

fn flags(system: &System) -> Vec<Flag> {
    let Some(eu) = &system.eu_ai_act else { return Vec::new() };
    let at = Some(system.location.clone());
    let id = &system.id;
    match eu.risk_tier {
        EuRiskTier::Prohibited => vec![Flag {
            requirement: "A.5.4",
            floor: Status::NonCompliant,
            waivable: false,
            finding: Finding {
                code: Code::EuProhibitedPractice,
                message: format!(
                    "system {id} is classified as a prohibited AI practice under Art. 5 of the EU AI Act; it may \
                     not be placed on the market, put into service or used"
                ),
                system: Some(id.clone()),
                location: at,
                action: "Stop supplying or using the system and record the decision; if the classification is \
                         wrong, correct `eu_ai_act.risk_tier` after a documented legal review."
                    .to_string(),
            },
        }],
        EuRiskTier::HighRisk if carries_high_risk_duties(eu.role) => {
            let provider = eu.role != EuAiActRole::Deployer;
            let mut missing = Vec::new();
            if !system.evidence.contains_key(&EvidenceKind::ImpactAssessment) {
                missing.push((
                    "A.5.3",
                    "no `impact_assessment` record",
                    if provider {
                        "the risk management system of Art. 9"
                    } else {
                        "the deployer's duties of Art. 26 and, where it applies, the fundamental-rights impact assessment of Art. 27"
                    },
                    "Carry out the system's impact assessment, covering health, safety and fundamental rights, and record it under `evidence: impact_assessment:`.",
                ));
            }
            if system.human_oversight.is_none() {
                missing.push((
                    "A.9.4",
                    "no `human_oversight` description",
                    if provider {
                        "the human oversight the provider must design for (Art. 14)"
                    } else {
                        "the human oversight the deployer must assign to trained people (Art. 26(2))"
                    },
                    "Describe in `human_oversight:` who oversees the system, how they can intervene, override or stop it, and how they are trained.",
                ));
            }
            if !system.evidence.contains_key(&EvidenceKind::EventLogging) {
                missing.push((
                    "A.6.2.8",
                    "no `event_logging` record",
                    if provider {
                        "the automatic record-keeping of Art. 12"
                    } else {
                        "the deployer's duty to keep the logs (Art. 26(6))"
                    },
                    "Record where the system's event logs are kept and for how long, under `evidence: event_logging:`.",
                ));
            }
            missing
                .into_iter()
                .map(|(requirement, what, article, action)| Flag {
                    requirement,
                    floor: Status::PartiallyCompliant,
                    waivable: true,
                    finding: Finding {
                        code: Code::EuHighRiskGap,
                        message: format!(
                            "high-risk system {id} has {what}, which {article} of the EU AI Act relies on"
                        ),
                        system: Some(id.clone()),
                        location: at.clone(),
                        action: action.to_string(),
                    },
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

fn waiver_active(workspace: &Workspace, as_of: Date, requirement: &str, system: Option<&str>) -> bool {
    workspace
        .waivers
        .iter()
        .any(|w| w.requirement == requirement && w.system.as_deref() == system && w.expires >= as_of)
}

/// The weaker of two statuses (not applicable never wins), as in the engine.
fn weakest(a: Status, b: Status) -> Status {
    if b.severity() > a.severity() { b } else { a }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_route_from_free_text() {
        assert_eq!(Route::of(Some("Annex III 5(b): credit scoring")), Route::AnnexIii);
        assert_eq!(Route::of(Some("4(a) recruitment")), Route::AnnexIii);
        assert_eq!(Route::of(Some("Annex I: medical devices (MDR)")), Route::AnnexI);
        assert_eq!(Route::of(Some("annex i section a, machinery")), Route::AnnexI);
        assert_eq!(Route::of(Some("Annex II")), Route::AnnexIii);
        assert_eq!(Route::of(None), Route::NotRecorded);
    }

    #[test]
    fn reads_the_annex_iii_point() {
        assert_eq!(annex_iii_point("Annex III 5(b): creditworthiness"), Some((5, Some('b'))));
        assert_eq!(annex_iii_point("Annex III, point 4(a)"), Some((4, Some('a'))));
        assert_eq!(annex_iii_point("2: critical infrastructure"), Some((2, None)));
        assert_eq!(annex_iii_point("recruitment"), None);
        assert_eq!(annex_iii_point("Annex III 9"), None);
    }

    #[test]
    fn art_27_falls_on_the_deployers_it_names() {
        let area = |t: &'static str| (Route::of(Some(t)), Some(t));
        let (r, a) = area("Annex III 5(b): credit scoring");
        assert_eq!(fria(r, a), Applies::Yes);
        let (r, a) = area("Annex III 5(c): life insurance pricing");
        assert_eq!(fria(r, a), Applies::Yes);
        let (r, a) = area("Annex III 2: water supply");
        assert_eq!(fria(r, a), Applies::No);
        let (r, a) = area("Annex III 4(a): recruitment");
        assert_eq!(fria(r, a), Applies::IfPublicService);
        let (r, a) = area("Annex I: lifts");
        assert_eq!(fria(r, a), Applies::No);
        assert_eq!(fria(Route::NotRecorded, None), Applies::IfPublicService);
    }
}
