//! The EU AI Act (Regulation (EU) 2024/1689 as amended by Regulation (EU) 2026/1744) as it bears on a system's
//! classification: how a high-risk system is high-risk (Annex III or Annex I), the Annex III point an area names, and
//! the obligations data (`controls/crosswalks/eu-ai-act-obligations.yaml`): which obligations a system's roles,
//! classifications and context trigger, from which date, with which ISO/IEC 42001 support and which facts.
//!
//! The findings and the per-system obligation results are worked out in [`crate::assess::eu_ai_act`] and
//! [`crate::assess::eu_obligations`], inside the assessment.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::workspace::{EuAiAct, EuAiActRole, EuClassification, EuContext, EuFact};

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
    /// It falls on the organisation.
    Yes,
    /// Art. 27(1): only if the deployer is a body governed by public law or a private entity providing public
    /// services; aims cannot tell from the workspace.
    IfPublicService,
    /// It does not fall on the organisation.
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

/// Whether one of the organisation's roles for a high-risk system carries the duties aims checks (design and use):
/// provider, product manufacturer and deployer do; importers, distributors and authorised representatives verify
/// others' work instead.
pub fn carries_high_risk_duties(roles: &[EuAiActRole]) -> bool {
    roles.iter().any(|r| matches!(r, EuAiActRole::Provider | EuAiActRole::ProductManufacturer | EuAiActRole::Deployer))
}

/// Whether an obligation is listed once for the organisation or once per system.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObligationScope {
    /// One row per AI system that triggers it (`system`).
    #[default]
    System,
    /// One row for the organisation, naming the systems that trigger it (`organisation`).
    Organisation,
}

/// One obligation of the bundled data (`eu-ai-act-obligations.yaml`, whose header documents each field).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// Stable ID, e.g. `art-26-7`.
    pub id: String,
    /// The article and paragraph, e.g. `Art. 26(7)`.
    pub article: String,
    /// What it asks, in aims's words.
    pub title: String,
    /// Per system or once for the organisation.
    #[serde(default)]
    pub scope: ObligationScope,
    /// The roles it falls on (any of them).
    pub roles: Vec<EuAiActRole>,
    /// The classifications that trigger it (any); empty: every classification.
    #[serde(default)]
    pub classifications: Vec<EuClassification>,
    /// Condition tokens of which the system must have one (context values, `annex_iii_5b`); empty: none needed.
    #[serde(default)]
    pub when_any: Vec<String>,
    /// Condition tokens any of which rules it out.
    #[serde(default)]
    pub unless_any: Vec<String>,
    /// The date it applies from, by triggering classification (`any` for every one).
    pub applies_from: BTreeMap<String, Date>,
    /// The later date for systems or models already on the market (context `on_market_before`).
    #[serde(default)]
    pub on_market_before: Option<Date>,
    /// Where the duty and its date come from.
    pub source: String,
    /// ISO/IEC 42001 requirement IDs or clause numbers that support it; empty: outside the management system.
    #[serde(default)]
    pub iso: Vec<String>,
    /// The facts it needs recorded.
    #[serde(default)]
    pub facts: Vec<EuFact>,
    /// Per-system ISO/IEC 42001 controls that apply to a system triggering this obligation whatever the
    /// organisation's ISO/IEC 22989 role for it (the catalogue's `system_roles`), e.g. user information (A.8.2) for a
    /// system that talks to people.
    #[serde(default)]
    pub controls_apply: Vec<String>,
    /// For people.
    #[serde(default)]
    pub note: Option<String>,
}

/// The bundled obligations data.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obligations {
    /// The legal text the data follows, as amended.
    pub source: String,
    /// Every obligation, in the order reports list them.
    pub obligations: Vec<Obligation>,
}

/// The path of the bundled obligations data, as errors and reports name it.
pub const OBLIGATIONS_FILE: &str = "controls/crosswalks/eu-ai-act-obligations.yaml";
const OBLIGATIONS_TEXT: &str = include_str!("../controls/crosswalks/eu-ai-act-obligations.yaml");

/// The bundled obligations data, parsed once.
///
/// # Panics
/// If the bundled file does not parse; a test parses and checks it, so a release cannot ship a broken file.
pub fn obligations() -> &'static Obligations {
    static DATA: LazyLock<Obligations> = LazyLock::new(|| {
        serde_saphyr::from_str(OBLIGATIONS_TEXT).unwrap_or_else(|e| panic!("{OBLIGATIONS_FILE} is invalid: {e}"))
    });
    &DATA
}

/// Whether the organisation places the system on the market or puts it into service under its own name: it is the
/// system's EU AI Act provider or product manufacturer. It then makes the system available to others, the ISO/IEC
/// 22989 AI provider's part, whatever role the system file names for it (a producer that also supplies what it
/// builds, say), so the controls that concern AI providers concern it too.
pub fn supplies(eu: &EuAiAct) -> bool {
    eu.holds(EuAiActRole::Provider) || eu.holds(EuAiActRole::ProductManufacturer)
}

/// Whether the obligations `eu` triggers make per-system control `requirement` apply to the system whatever the
/// organisation's ISO/IEC 22989 role for it ([`Obligation::controls_apply`]).
pub fn control_applies(eu: &EuAiAct, requirement: &str) -> bool {
    triggered(obligations(), eu).iter().any(|t| t.obligation.controls_apply.iter().any(|c| c == requirement))
}

/// An obligation a system triggers, with the date it applies from for that system.
#[derive(Debug, Clone)]
pub struct Triggered<'a> {
    /// The obligation.
    pub obligation: &'a Obligation,
    /// The earliest date among the classifications that trigger it (the later transition date for a system already
    /// on the market, where the data gives one).
    pub applies_from: Date,
    /// The roles and classifications that trigger it, as YAML writes them.
    pub because: Vec<&'static str>,
}

/// The context value as YAML writes it.
pub fn context_key(context: EuContext) -> &'static str {
    match context {
        EuContext::PublicBody => "public_body",
        EuContext::PublicService => "public_service",
        EuContext::Workplace => "workplace",
        EuContext::ProviderOutsideEu => "provider_outside_eu",
        EuContext::OnMarketBefore => "on_market_before",
    }
}

/// The classifications that count for obligations: an Annex III system under the Art. 6(3) derogation does not
/// trigger the Annex III entries.
pub fn effective_classifications(eu: &EuAiAct) -> Vec<EuClassification> {
    let derogated = eu.has(EuClassification::Art6_3Derogation);
    eu.classifications.iter().copied().filter(|&c| !(derogated && c == EuClassification::AnnexIii)).collect()
}

/// The condition tokens a system has: its context values and the Annex III points of its areas
/// (`annex_iii_5b`, `annex_iii_2`).
pub fn tokens(eu: &EuAiAct) -> Vec<String> {
    let mut tokens: Vec<String> = eu.context.iter().map(|&c| context_key(c).to_string()).collect();
    for area in &eu.annex_iii_areas {
        if let Some((number, letter)) = annex_iii_point(area) {
            tokens.push(format!("annex_iii_{number}"));
            if let Some(letter) = letter {
                tokens.push(format!("annex_iii_{number}{letter}"));
            }
        }
    }
    tokens
}

/// Every obligation of `data` that the system's roles, classifications and context trigger, in data order.
pub fn triggered<'a>(data: &'a Obligations, eu: &EuAiAct) -> Vec<Triggered<'a>> {
    let classes = effective_classifications(eu);
    let tokens = tokens(eu);
    let has = |t: &String| tokens.contains(t);
    let mut out = Vec::new();
    for o in &data.obligations {
        let roles: Vec<&'static str> = o.roles.iter().filter(|r| eu.holds(**r)).map(|r| r.as_str()).collect();
        if roles.is_empty() {
            continue;
        }
        let matched: Vec<EuClassification> = if o.classifications.is_empty() {
            classes.clone()
        } else {
            classes.iter().copied().filter(|c| o.classifications.contains(c)).collect()
        };
        if matched.is_empty() || (!o.when_any.is_empty() && !o.when_any.iter().any(has)) || o.unless_any.iter().any(has)
        {
            continue;
        }
        let Some(mut date) = matched
            .iter()
            .filter_map(|c| o.applies_from.get(c.as_str()).or_else(|| o.applies_from.get("any")))
            .min()
            .copied()
        else {
            continue;
        };
        if let Some(later) = o.on_market_before.filter(|_| eu.context.contains(&EuContext::OnMarketBefore)) {
            date = date.max(later);
        }
        let mut because = roles;
        if !o.classifications.is_empty() {
            because.extend(matched.iter().map(|c| c.as_str()));
        }
        out.push(Triggered { obligation: o, applies_from: date, because });
    }
    out
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
