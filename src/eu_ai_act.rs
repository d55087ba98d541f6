//! The EU AI Act (Regulation (EU) 2024/1689) as it bears on a system's classification: how a high-risk system is
//! high-risk (Annex III or Annex I), whether a deployer owes a fundamental-rights impact assessment (Art. 27), and
//! which roles carry the high-risk duties aims checks. Pure classification from the system file's free text.
//!
//! The findings the assessment adds for systems the Act forbids or treats as high-risk are worked out in
//! [`crate::assess::eu_ai_act`], inside the one decision pass.

use serde::Serialize;

use crate::workspace::EuAiActRole;

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

/// Whether the organisation's role for a high-risk system carries the duties aims checks (design and use):
/// provider, product manufacturer and deployer do; importers, distributors and authorised representatives verify
/// others' work instead.
pub fn carries_high_risk_duties(role: EuAiActRole) -> bool {
    matches!(role, EuAiActRole::Provider | EuAiActRole::ProductManufacturer | EuAiActRole::Deployer)
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
