//! Words from other vocabularies that people write where aims expects one of its own values: the EU AI Act's risk
//! tiers and operator roles, ISO/IEC 22989's role names, project-management stage names and audit shorthand. A value
//! that is not allowed but appears here gets a "did you mean" with the reason, instead of only the list of allowed
//! values. The table maps honestly: where a word has no single counterpart, the note says what to check.

/// One synonym: in a field of enum type `choice` (the Rust type's name), `word` (lower case, words joined by `_`)
/// suggests the allowed value `means`, for the reason `note`.
pub(super) struct Synonym {
    pub choice: &'static str,
    pub word: &'static str,
    pub means: &'static str,
    pub note: &'static str,
}

const fn s(choice: &'static str, word: &'static str, means: &'static str, note: &'static str) -> Synonym {
    Synonym { choice, word, means, note }
}

const TIER: &str = "EuRiskTier";
const EU_ROLE: &str = "EuAiActRole";
const ISO_ROLE: &str = "AiRole";
const STAGE: &str = "LifecycleStage";
const STATUS: &str = "Status";
const REASON: &str = "SoaReason";

const LIMITED: &str = "the EU AI Act's \"limited risk\" systems are those with transparency obligations (Art. 50)";
const HIGH: &str = "the EU AI Act's high-risk systems (Art. 6, Annex I or III)";
const MINIMAL: &str = "minimal or no risk under the EU AI Act: none of the other tiers applies";
const BANNED: &str = "the EU AI Act calls unacceptable-risk practices prohibited (Art. 5)";
const GPAI: &str = "general-purpose AI models have their own chapter of the EU AI Act (Chapter V)";
const EU_USER: &str =
    "the EU AI Act's word for an organisation using an AI system is deployer (Art. 3(4)); earlier drafts said user";
const EU_MAKER: &str =
    "the EU AI Act's provider develops the system or has it developed and puts it on the market (Art. 3(3))";
const ISO_USER: &str = "in ISO/IEC 22989 an organisation that uses an AI system is an AI customer (which includes the AI user); \
     the EU AI Act role belongs in `eu_ai_act.roles` or `eu_ai_act_roles`";
const ISO_MAKER: &str = "in ISO/IEC 22989 the AI producer designs, develops and builds AI systems (which includes the AI developer); \
     choose provider instead if the organisation offers the system to others";
const ISO_OFFER: &str = "in ISO/IEC 22989 the AI provider offers AI products or services; the EU AI Act role belongs in \
     `eu_ai_act.roles` or `eu_ai_act_roles`";
const ISO_PARTNER: &str = "in ISO/IEC 22989 integrators, data suppliers, auditors and evaluators are AI partners";
const ISO_EU_ONLY: &str = "importer and distributor are EU AI Act roles, with no ISO/IEC 22989 counterpart: put them in \
     `eu_ai_act.roles` or `eu_ai_act_roles`, and choose the ISO/IEC 22989 role here (usually customer or partner)";
const PILOT: &str = "a pilot releases the system into its operating environment for a limited group; if it is still a \
     test outside that environment, use verification";
const LIVE: &str = "the system is in use, operated and monitored";
const BUILD: &str = "the system is being built, trained or configured";
const TEST: &str = "the system is being verified and validated before release";
const IDEA: &str = "the need and feasibility are still being worked out";
const GONE: &str = "the system has been withdrawn from use";
const MET: &str = "a requirement that is met and shown by evidence is compliant";
const PARTLY: &str = "a requirement met in part is partially_compliant";
const UNMET: &str = "a requirement that is not met (or only planned) is non_compliant";
const EXCLUDED: &str = "an excluded requirement is not_applicable, with a justification";
const UNKNOWN: &str = "a requirement nobody has assessed yet is not_assessed";

/// The synonyms, by enum and word. Every `means` is a value of its enum and no `word` is one (tested).
pub(super) const SYNONYMS: &[Synonym] = &[
    // EU AI Act risk tiers (EuRiskTier)
    s(TIER, "limited", "transparency", LIMITED),
    s(TIER, "limited_risk", "transparency", LIMITED),
    s(TIER, "transparency_risk", "transparency", LIMITED),
    s(TIER, "high", "high_risk", HIGH),
    s(TIER, "minimal_risk", "minimal", MINIMAL),
    s(TIER, "low", "minimal", MINIMAL),
    s(TIER, "low_risk", "minimal", MINIMAL),
    s(TIER, "no_risk", "minimal", MINIMAL),
    s(TIER, "none", "minimal", MINIMAL),
    s(TIER, "unacceptable", "prohibited", BANNED),
    s(TIER, "unacceptable_risk", "prohibited", BANNED),
    s(TIER, "banned", "prohibited", BANNED),
    s(TIER, "gpai", "gpai_model", GPAI),
    s(TIER, "general_purpose", "gpai_model", GPAI),
    s(TIER, "general_purpose_ai", "gpai_model", GPAI),
    s(TIER, "systemic_risk", "gpai_model", GPAI),
    // EU AI Act operator roles (EuAiActRole)
    s(EU_ROLE, "user", "deployer", EU_USER),
    s(EU_ROLE, "customer", "deployer", EU_USER),
    s(EU_ROLE, "operator", "deployer", EU_USER),
    s(EU_ROLE, "developer", "provider", EU_MAKER),
    s(EU_ROLE, "producer", "provider", EU_MAKER),
    s(
        EU_ROLE,
        "manufacturer",
        "product_manufacturer",
        "the EU AI Act names the maker of a product with an AI system in it the product manufacturer",
    ),
    s(EU_ROLE, "authorized_representative", "authorised_representative", "aims spells it the British way"),
    s(EU_ROLE, "representative", "authorised_representative", "the EU AI Act's authorised representative (Art. 3(5))"),
    // ISO/IEC 22989 roles (AiRole)
    s(ISO_ROLE, "deployer", "customer", ISO_USER),
    s(ISO_ROLE, "user", "customer", ISO_USER),
    s(ISO_ROLE, "ai_user", "customer", ISO_USER),
    s(ISO_ROLE, "operator", "customer", ISO_USER),
    s(ISO_ROLE, "developer", "producer", ISO_MAKER),
    s(ISO_ROLE, "ai_developer", "producer", ISO_MAKER),
    s(ISO_ROLE, "builder", "producer", ISO_MAKER),
    s(ISO_ROLE, "vendor", "provider", ISO_OFFER),
    s(ISO_ROLE, "supplier", "provider", ISO_OFFER),
    s(ISO_ROLE, "integrator", "partner", ISO_PARTNER),
    s(ISO_ROLE, "system_integrator", "partner", ISO_PARTNER),
    s(ISO_ROLE, "data_supplier", "partner", ISO_PARTNER),
    s(ISO_ROLE, "auditor", "partner", ISO_PARTNER),
    s(ISO_ROLE, "importer", "customer", ISO_EU_ONLY),
    s(ISO_ROLE, "distributor", "partner", ISO_EU_ONLY),
    // Life-cycle stages (LifecycleStage)
    s(STAGE, "pilot", "deployment", PILOT),
    s(STAGE, "piloting", "deployment", PILOT),
    s(STAGE, "rollout", "deployment", "the system is being released into its operating environment"),
    s(STAGE, "release", "deployment", "the system is being released into its operating environment"),
    s(STAGE, "production", "operation", LIVE),
    s(STAGE, "in_production", "operation", LIVE),
    s(STAGE, "live", "operation", LIVE),
    s(STAGE, "in_use", "operation", LIVE),
    s(STAGE, "operational", "operation", LIVE),
    s(STAGE, "maintenance", "operation", LIVE),
    s(STAGE, "monitoring", "operation", LIVE),
    s(STAGE, "build", "development", BUILD),
    s(STAGE, "training", "development", BUILD),
    s(STAGE, "prototype", "development", BUILD),
    s(STAGE, "in_development", "development", BUILD),
    s(STAGE, "testing", "verification", TEST),
    s(STAGE, "test", "verification", TEST),
    s(STAGE, "validation", "verification", TEST),
    s(STAGE, "evaluation", "verification", TEST),
    s(STAGE, "idea", "concept", IDEA),
    s(STAGE, "ideation", "concept", IDEA),
    s(STAGE, "inception", "concept", IDEA),
    s(STAGE, "planning", "concept", IDEA),
    s(STAGE, "proposed", "concept", IDEA),
    s(STAGE, "decommissioned", "retired", GONE),
    s(STAGE, "retirement", "retired", GONE),
    s(STAGE, "sunset", "retired", GONE),
    s(STAGE, "archived", "retired", GONE),
    s(STAGE, "withdrawn", "retired", GONE),
    // Statuses (Status)
    s(STATUS, "implemented", "compliant", MET),
    s(STATUS, "met", "compliant", MET),
    s(STATUS, "done", "compliant", MET),
    s(STATUS, "yes", "compliant", MET),
    s(STATUS, "pass", "compliant", MET),
    s(STATUS, "passed", "compliant", MET),
    s(STATUS, "partial", "partially_compliant", PARTLY),
    s(STATUS, "partially", "partially_compliant", PARTLY),
    s(STATUS, "partially_implemented", "partially_compliant", PARTLY),
    s(STATUS, "partially_met", "partially_compliant", PARTLY),
    s(STATUS, "in_progress", "partially_compliant", PARTLY),
    s(STATUS, "not_implemented", "non_compliant", UNMET),
    s(STATUS, "not_met", "non_compliant", UNMET),
    s(STATUS, "no", "non_compliant", UNMET),
    s(STATUS, "gap", "non_compliant", UNMET),
    s(STATUS, "missing", "non_compliant", UNMET),
    s(STATUS, "fail", "non_compliant", UNMET),
    s(STATUS, "failed", "non_compliant", UNMET),
    s(STATUS, "planned", "non_compliant", UNMET),
    s(STATUS, "noncompliant", "non_compliant", UNMET),
    s(STATUS, "n_a", "not_applicable", EXCLUDED),
    s(STATUS, "na", "not_applicable", EXCLUDED),
    s(STATUS, "excluded", "not_applicable", EXCLUDED),
    s(STATUS, "not_relevant", "not_applicable", EXCLUDED),
    s(STATUS, "todo", "not_assessed", UNKNOWN),
    s(STATUS, "unknown", "not_assessed", UNKNOWN),
    s(STATUS, "pending", "not_assessed", UNKNOWN),
    s(STATUS, "tbd", "not_assessed", UNKNOWN),
    // Statement of Applicability reasons (SoaReason)
    s(REASON, "legal", "legal_or_regulatory", "required by law or regulation"),
    s(REASON, "regulatory", "legal_or_regulatory", "required by law or regulation"),
    s(REASON, "law", "legal_or_regulatory", "required by law or regulation"),
    s(REASON, "contract", "contractual", "required by a contract"),
    s(REASON, "risk", "risk_treatment", "chosen to treat a risk found in the AI risk assessment"),
    s(REASON, "risk_assessment", "risk_treatment", "chosen to treat a risk found in the AI risk assessment"),
    s(REASON, "business", "business_need", "chosen for business reasons or as good practice"),
    s(REASON, "best_practice", "business_need", "chosen for business reasons or as good practice"),
    s(REASON, "good_practice", "business_need", "chosen for business reasons or as good practice"),
];

/// `typed` as the table spells its words: trimmed, lower case, with spaces, `-` and `/` as `_`, runs of `_` as one.
pub(super) fn normalise(typed: &str) -> String {
    let mut out = String::with_capacity(typed.len());
    for c in typed.trim().chars().flat_map(char::to_lowercase) {
        let c = if matches!(c, ' ' | '-' | '/' | '.') { '_' } else { c };
        if !(c == '_' && (out.is_empty() || out.ends_with('_'))) {
            out.push(c);
        }
    }
    out.trim_end_matches('_').to_string()
}

/// The synonym of `typed` for the enum named `choice`, if the table has one.
pub(super) fn lookup(choice: &str, typed: &str) -> Option<&'static Synonym> {
    let word = normalise(typed);
    SYNONYMS.iter().find(|s| s.choice == choice && s.word == word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{AiRole, EuAiActRole, EuRiskTier, LifecycleStage, SoaReason, Status};
    use serde::de::DeserializeOwned;

    fn is_value<T: DeserializeOwned>(word: &str) -> bool {
        serde_json::from_value::<T>(serde_json::Value::String(word.to_string())).is_ok()
    }

    fn check(choice: &str, word: &str) -> bool {
        match choice {
            TIER => is_value::<EuRiskTier>(word),
            EU_ROLE => is_value::<EuAiActRole>(word),
            ISO_ROLE => is_value::<AiRole>(word),
            STAGE => is_value::<LifecycleStage>(word),
            STATUS => is_value::<Status>(word),
            REASON => is_value::<SoaReason>(word),
            other => panic!("the synonyms table names an enum aims does not have: {other}"),
        }
    }

    #[test]
    fn every_synonym_points_at_a_real_value_and_shadows_none() {
        let mut seen = std::collections::HashSet::new();
        for s in SYNONYMS {
            assert!(check(s.choice, s.means), "{}: `{}` is not a value", s.choice, s.means);
            assert!(!check(s.choice, s.word), "{}: `{}` is itself a value", s.choice, s.word);
            assert_eq!(normalise(s.word), s.word, "`{}` is not written as the lookup normalises it", s.word);
            assert!(seen.insert((s.choice, s.word)), "{}: `{}` appears twice", s.choice, s.word);
        }
    }

    #[test]
    fn eu_ai_act_words_map_to_the_workspace_vocabulary() {
        assert_eq!(lookup(TIER, "Limited").map(|s| s.means), Some("transparency"));
        assert_eq!(lookup(TIER, "minimal-risk").map(|s| s.means), Some("minimal"));
        assert_eq!(lookup(TIER, "High").map(|s| s.means), Some("high_risk"));
        assert_eq!(lookup(ISO_ROLE, "deployer").map(|s| s.means), Some("customer"));
        assert_eq!(lookup(EU_ROLE, "user").map(|s| s.means), Some("deployer"));
        assert_eq!(lookup(STAGE, "Pilot").map(|s| s.means), Some("deployment"));
        assert_eq!(lookup(STATUS, "N/A").map(|s| s.means), Some("not_applicable"));
        assert!(lookup(TIER, "deployer").is_none(), "synonyms are per field type");
    }
}
