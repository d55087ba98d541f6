//! A system file's `eu_ai_act:`: the organisation's roles, the system's classifications, its context and the facts
//! its obligations need. The single-value shape of earlier versions (`role`, `risk_tier`, `annex_iii_area`) still
//! loads, with an `eu-legacy-classification` warning saying how it was read (docs/eu-ai-act.md, "Migrating").

use crate::diagnostic::Diagnostic;
use crate::eu_ai_act::Route;
use crate::rules::Code;
use crate::workspace::{EuAiAct, EuClassification, EuFact, EuRiskTier};

use super::{Loader, SourceFile, is_blank, raw};

impl Loader<'_> {
    /// Validates `eu_ai_act:`; `human_oversight` is the system file's own field, recorded as the
    /// [`EuFact::HumanOversight`] fact unless `facts:` gives one.
    pub(super) fn eu_ai_act(&mut self, file: &SourceFile, raw: raw::EuAiAct, human_oversight: Option<&str>) -> EuAiAct {
        let mut eu = EuAiAct {
            roles: raw.roles,
            classifications: raw.classifications,
            annex_iii_areas: raw
                .annex_iii_areas
                .into_iter()
                .filter(|a| !is_blank(a))
                .map(|a| a.trim().to_string())
                .collect(),
            annex_i_product: raw.annex_i_product.filter(|t| !is_blank(t)).map(|t| t.trim().to_string()),
            context: raw.context,
            facts: raw
                .facts
                .into_iter()
                .filter(|(_, text)| !is_blank(text))
                .map(|(fact, text)| (fact, text.trim().to_string()))
                .collect(),
            legacy: false,
        };
        if let Some(text) = human_oversight {
            eu.facts.entry(EuFact::HumanOversight).or_insert_with(|| text.to_string());
        }
        // In the current shape, an Annex III area or a derogation means the system is in an Annex III area. (The
        // earlier `annex_iii_area` implies nothing: its `risk_tier` says whether the system is high-risk.)
        if (!eu.annex_iii_areas.is_empty() || eu.classifications.contains(&EuClassification::Art6_3Derogation))
            && !eu.classifications.contains(&EuClassification::AnnexIii)
        {
            eu.classifications.push(EuClassification::AnnexIii);
        }
        let area = raw.annex_iii_area.filter(|t| !is_blank(t)).map(|t| t.trim().to_string());
        let legacy_at = raw.role.as_ref().map(|r| r.referenced).or(raw.risk_tier.as_ref().map(|t| t.referenced));
        if let Some(role) = &raw.role {
            eu.roles.push(role.value);
        }
        let mut read_as = Vec::new();
        if let Some(tier) = &raw.risk_tier {
            let classification = match tier.value {
                EuRiskTier::Prohibited => EuClassification::Prohibited,
                EuRiskTier::HighRisk if Route::of(area.as_deref()) == Route::AnnexI => EuClassification::AnnexI,
                EuRiskTier::HighRisk => EuClassification::AnnexIii,
                EuRiskTier::Transparency => {
                    read_as.push("`transparency` as `art_50_1` (a system interacting with people)".to_string());
                    EuClassification::Art50_1
                }
                EuRiskTier::Minimal => EuClassification::Minimal,
                EuRiskTier::GpaiModel => EuClassification::GpaiModel,
            };
            eu.classifications.push(classification);
        }
        if let Some(area) = area {
            if Route::of(Some(&area)) == Route::AnnexI {
                eu.annex_i_product.get_or_insert(area);
            } else {
                eu.annex_iii_areas.push(area);
            }
        }
        if let Some(at) = legacy_at {
            eu.legacy = true;
            let roles: Vec<&str> = eu.roles.iter().map(|r| r.as_str()).collect();
            let classes: Vec<&str> = eu.classifications.iter().map(|c| c.as_str()).collect();
            // A file with problems holds stand-ins where its values were wrong: saying how they were read would
            // report a value nobody wrote.
            let recovered = self.reported.iter().any(|(f, _, _)| *f == file.path);
            let mut message = if recovered {
                "`role`, `risk_tier` and `annex_iii_area` are the earlier single-value shape".to_string()
            } else {
                format!(
                    "`role`, `risk_tier` and `annex_iii_area` are the earlier single-value shape; aims reads them as \
                     `roles: [{}]` and `classifications: [{}]`",
                    roles.join(", "),
                    classes.join(", ")
                )
            };
            if !read_as.is_empty() && !recovered {
                message.push_str(&format!(" (reading {})", read_as.join(", ")));
            }
            self.push_at(
                file,
                &at,
                Diagnostic::warning(Code::EuLegacyClassification, &file.path, message).help(
                    "write `roles:` and `classifications:` lists (and `annex_iii_areas:`), as docs/eu-ai-act.md shows; \
                     a system can hold several roles and several classifications at once",
                ),
            );
        }
        eu.roles.sort();
        eu.roles.dedup();
        eu.classifications.sort();
        eu.classifications.dedup();
        eu.context.sort();
        eu.context.dedup();
        if eu.classifications.len() > 1 {
            eu.classifications.retain(|&c| c != EuClassification::Minimal);
        }
        for (field, empty) in [("roles", eu.roles.is_empty()), ("classifications", eu.classifications.is_empty())] {
            if empty {
                self.diags.push(
                    Diagnostic::error(Code::MissingField, &file.path, format!("`eu_ai_act.{field}` is empty"))
                        .help(if field == "roles" {
                            "name the organisation's operator roles for the system, e.g. `roles: [provider, deployer]`"
                        } else {
                            "name the system's classifications, e.g. `classifications: [annex_iii, art_50_1]`, or `[minimal]`"
                        }),
                );
            }
        }
        eu
    }
}
