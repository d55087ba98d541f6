//! The AI risk records: aims.toml `[risk]` (the criteria), the risk register (`risks.yaml`, `risks/*.yaml`) and the
//! impact assessments (`impact-assessments/*.yaml`), as written (the `raw` types here, re-exported by `raw`) and
//! validated against the criteria, the catalogue and the system inventory. Every problem is located and carries a
//! hint: a rating off the scale lists the scale, an unknown control or system gets the closest ID, an acceptance by
//! someone aims.toml does not allow names those who may accept.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Loader, SourceFile, is_blank};
use crate::catalogue::Kind;
use crate::diagnostic::Diagnostic;
use crate::rules::Code;
use crate::workspace::{
    Affected, AreaImpact, Decision, ImpactArea, ImpactAssessment, Location, Rating, Risk, RiskCriteria, RiskRecords,
    RiskSource, System, TreatmentAction, TreatmentOption,
};

// ----- the files as written ---------------------------------------------------------------------------------------

/// `[risk]` of aims.toml: the organisation's risk criteria (ISO/IEC 42001 6.1.1). Every key is optional.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskSettings {
    /// The names of the likelihood levels, lowest first (2 to 10). Default: rare, unlikely, possible, likely,
    /// almost certain.
    #[schemars(with = "Option<Vec<String>>")]
    pub likelihood: Option<Vec<toml::Spanned<String>>>,
    /// The names of the consequence levels, lowest first (2 to 10). Default: negligible, minor, moderate, major,
    /// severe.
    #[schemars(with = "Option<Vec<String>>")]
    pub consequence: Option<Vec<toml::Spanned<String>>>,
    /// The highest rating (likelihood level × consequence level) acceptable without treatment. Default 6.
    #[schemars(with = "Option<u32>", range(min = 1))]
    pub accept_up_to: Option<toml::Spanned<i64>>,
    /// Who may accept a risk rated above `accept_up_to`, e.g. ["Chief Risk Officer"].
    #[serde(default)]
    pub acceptors: Vec<String>,
    /// How many months a risk's or impact assessment's review stays current. 1 to 120; default 12.
    #[schemars(with = "Option<u32>", range(min = 1, max = 120))]
    pub review_interval_months: Option<toml::Spanned<i64>>,
}

/// risks.yaml and risks/*.yaml: the AI risk register.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RisksFile {
    /// The risks.
    #[serde(default)]
    #[schemars(with = "Vec<RiskEntry>")]
    pub risks: Vec<Spanned<RiskEntry>>,
}

/// One risk of the register.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskEntry {
    /// A unique ID, e.g. "R-3".
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// A short title.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// What could happen, and why.
    pub description: Option<String>,
    /// Where the risk comes from (ISO/IEC 42001 Annex C.3): environment_complexity, transparency, automation,
    /// machine_learning, hardware, life_cycle, technology_readiness or other.
    pub source: Option<RiskSource>,
    /// The individuals, groups or parts of society the risk would affect.
    #[serde(default)]
    pub affected: Vec<String>,
    /// The IDs of the AI systems concerned (systems/*.yaml `id`).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub systems: Vec<Spanned<String>>,
    /// Who owns the risk.
    pub owner: Option<String>,
    /// The rating before treatment.
    pub inherent: Option<RatingInput>,
    /// How the risk is treated.
    pub treatment: Option<TreatmentInput>,
    /// The rating expected once the treatment is in place.
    pub residual: Option<RatingInput>,
    /// The acceptance of the remaining risk, by one of aims.toml's `[risk] acceptors`.
    #[schemars(with = "Option<DecisionInput>")]
    pub acceptance: Option<Spanned<DecisionInput>>,
    /// When the risk was last reviewed, YYYY-MM-DD.
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub reviewed: Option<Spanned<String>>,
}

/// A rating on the scales of aims.toml `[risk]`: each a level number (1 = lowest) or a level name.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingInput {
    /// The likelihood level: a number from 1 or a name of `[risk] likelihood`.
    #[schemars(with = "String")]
    pub likelihood: Spanned<String>,
    /// The consequence level: a number from 1 or a name of `[risk] consequence`.
    #[schemars(with = "String")]
    pub consequence: Spanned<String>,
}

/// A risk's treatment: the option, the controls chosen and the actions that carry it out.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TreatmentInput {
    /// modify, avoid, share or retain.
    pub option: TreatmentOption,
    /// The Annex A controls chosen, e.g. ["A.7.4", "A.6.2.4"].
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub controls: Vec<Spanned<String>>,
    /// Other controls chosen, by name.
    #[serde(default)]
    pub other_controls: Vec<String>,
    /// The actions that carry the treatment out.
    #[serde(default)]
    #[schemars(with = "Vec<ActionInput>")]
    pub actions: Vec<Spanned<ActionInput>>,
}

/// One treatment action.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    /// What will be done.
    #[schemars(with = "String")]
    pub description: Spanned<String>,
    /// Who will do it.
    pub owner: Option<String>,
    /// When it is due, YYYY-MM-DD.
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub due: Option<Spanned<String>>,
    /// When it was completed, YYYY-MM-DD; leave out while it is open.
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub done: Option<Spanned<String>>,
}

/// A decision by a named person: who, and when.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    /// Who decided.
    #[schemars(with = "String")]
    pub by: Spanned<String>,
    /// When, YYYY-MM-DD.
    #[schemars(with = "String", extend("format" = "date"))]
    pub on: Spanned<String>,
}

/// impact-assessments/*.yaml: the impact assessment of one AI system (ISO/IEC 42001 6.1.4, 8.4, A.5), along the
/// topics of ISO/IEC 42005.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImpactAssessmentFile {
    /// The ID of the AI system assessed (systems/*.yaml `id`).
    #[schemars(with = "String")]
    pub system: Spanned<String>,
    /// What the assessment covers, and the context the system works in.
    #[schemars(with = "String")]
    pub scope: Spanned<String>,
    /// The intended use.
    pub intended_use: Option<String>,
    /// Reasonably foreseeable misuse.
    pub foreseeable_misuse: Option<String>,
    /// Who the system affects.
    #[serde(default)]
    pub affected: AffectedInput,
    /// Each area of impact considered: fundamental_rights, fairness, privacy, safety, economic, environment,
    /// societal.
    #[serde(default)]
    #[schemars(with = "Vec<AreaInput>")]
    pub areas: Vec<Spanned<AreaInput>>,
    /// Who was consulted, and how.
    pub consultation: Option<String>,
    /// The conclusions.
    pub results: Option<String>,
    /// Who approved the assessment, and when.
    #[schemars(with = "Option<DecisionInput>")]
    pub approved: Option<Spanned<DecisionInput>>,
    /// When it was last reviewed, YYYY-MM-DD.
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub reviewed: Option<Spanned<String>>,
}

/// Who an AI system affects.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AffectedInput {
    /// Individuals.
    #[serde(default)]
    pub individuals: Vec<String>,
    /// Groups of individuals.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Parts of society.
    #[serde(default)]
    pub society: Vec<String>,
}

/// One area of impact.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaInput {
    /// The area.
    #[schemars(with = "ImpactArea")]
    pub area: Spanned<ImpactArea>,
    /// The impact in words, or why the area is not affected.
    #[schemars(with = "String")]
    pub impact: Spanned<String>,
    /// How likely the impact is: a level number or name of `[risk] likelihood`.
    #[schemars(with = "Option<String>")]
    pub likelihood: Option<Spanned<String>>,
    /// How severe it would be: a level number or name of `[risk] consequence`.
    #[schemars(with = "Option<String>")]
    pub severity: Option<Spanned<String>>,
    /// What is done to prevent or reduce it.
    pub measures: Option<String>,
}

// ----- validation -------------------------------------------------------------------------------------------------

/// Which scale a level is read on.
#[derive(Clone, Copy)]
enum Scale {
    Likelihood,
    Consequence,
}

impl Loader<'_> {
    /// Validates aims.toml `[risk]` into the criteria; a key with a problem keeps its default.
    pub(super) fn risk_criteria(&mut self, file: &SourceFile, raw: RiskSettings) -> RiskCriteria {
        let mut criteria = RiskCriteria::default();
        for (levels, target, name) in [
            (raw.likelihood, &mut criteria.likelihood, "likelihood"),
            (raw.consequence, &mut criteria.consequence, "consequence"),
        ] {
            let Some(levels) = levels else { continue };
            let names: Vec<String> = levels.iter().map(|l| l.get_ref().trim().to_string()).collect();
            let blank = levels.iter().find(|l| is_blank(l.get_ref()));
            let mut seen = std::collections::HashSet::new();
            let repeated = levels.iter().find(|l| !seen.insert(l.get_ref().trim().to_lowercase()));
            if let Some(bad) = blank.or(repeated) {
                let d = self.toml_diagnostic(
                    file,
                    bad.span(),
                    Code::InvalidValue,
                    format!("the {name} levels must be distinct names, not blank"),
                    "name each level once, lowest first, e.g. [\"rare\", \"possible\", \"likely\"]",
                );
                self.push_toml(d);
            } else if !(2..=10).contains(&names.len()) {
                let d = Diagnostic::error(
                    Code::InvalidValue,
                    &file.path,
                    format!("`[risk] {name}` has {} levels; a scale has 2 to 10", names.len()),
                )
                .help("5 levels is the usual choice, lowest first");
                self.push_toml(d);
            } else {
                *target = names;
            }
        }
        let most = (criteria.likelihood.len() * criteria.consequence.len()) as i64;
        if let Some(up_to) = raw.accept_up_to {
            match *up_to.get_ref() {
                n if (1..=most).contains(&n) => criteria.accept_up_to = n as u32,
                _ => {
                    let d = self.toml_diagnostic(
                        file,
                        up_to.span(),
                        Code::InvalidValue,
                        format!("accept_up_to must be 1 to {most} (likelihood levels × consequence levels)"),
                        "ratings are likelihood × consequence; 6 accepts low risks on a 5 × 5 scale",
                    );
                    self.push_toml(d);
                }
            }
        }
        criteria.acceptors = raw.acceptors.into_iter().filter(|a| !is_blank(a)).map(|a| a.trim().to_string()).collect();
        if let Some(months) = raw.review_interval_months {
            match u32::try_from(*months.get_ref()) {
                Ok(m) if (1..=120).contains(&m) => criteria.review_interval_months = m,
                _ => {
                    let d = self.toml_diagnostic(
                        file,
                        months.span(),
                        Code::InvalidValue,
                        "review_interval_months must be 1 to 120",
                        "12 (a yearly review) is the usual choice",
                    );
                    self.push_toml(d);
                }
            }
        }
        criteria
    }

    /// Reads the risk register and the impact assessments, checked against the criteria and the systems.
    pub(super) fn risk_records(
        &mut self,
        risk_files: &[String],
        impact_files: &[String],
        systems: &[System],
        criteria: &RiskCriteria,
    ) -> RiskRecords {
        let mut records = RiskRecords::default();
        let mut ids: HashMap<String, Location> = HashMap::new();
        for path in risk_files {
            let Some(file) = self.read(path) else { continue };
            let Some(raw) = self.parse::<RisksFile>(&file) else { continue };
            for raw_risk in raw.risks {
                let at = raw_risk.value.id.referenced;
                let risk = self.risk(&file, raw_risk, systems, criteria);
                if risk.id.is_empty() {
                    continue;
                }
                if let Some(first) = ids.get(&risk.id.to_lowercase()) {
                    let message =
                        format!("risk `{}` is already in the register at {}:{}", risk.id, first.file, first.line);
                    self.push_at(
                        &file,
                        &at,
                        Diagnostic::error(Code::DuplicateRecord, &file.path, message)
                            .help("give every risk its own ID; merge the two if they are the same risk"),
                    );
                    continue;
                }
                ids.insert(risk.id.to_lowercase(), risk.location.clone());
                records.risks.push(risk);
            }
        }
        let mut assessed: HashMap<String, Location> = HashMap::new();
        for path in impact_files {
            let Some(file) = self.read(path) else { continue };
            let Some(raw) = self.parse::<ImpactAssessmentFile>(&file) else { continue };
            let at = raw.system.referenced;
            let Some(assessment) = self.impact_assessment(&file, raw, systems, criteria) else { continue };
            if let Some(first) = assessed.get(&assessment.system) {
                let message = format!(
                    "system `{}` already has an impact assessment in {}:{}",
                    assessment.system, first.file, first.line
                );
                self.push_at(
                    &file,
                    &at,
                    Diagnostic::error(Code::DuplicateRecord, &file.path, message)
                        .help("keep one impact assessment per AI system; merge the two files"),
                );
                continue;
            }
            assessed.insert(assessment.system.clone(), assessment.location.clone());
            records.impact_assessments.push(assessment);
        }
        records.impact_assessments.sort_by(|a, b| a.system.cmp(&b.system));
        records
    }

    fn risk(&mut self, file: &SourceFile, raw: Spanned<RiskEntry>, systems: &[System], c: &RiskCriteria) -> Risk {
        let location = self.location(file, &raw.referenced);
        let raw = raw.value;
        let id = self.text(file, raw.id, "id");
        let title = self.text(file, raw.title, "title");
        let risk_systems = raw.systems.into_iter().filter_map(|s| self.system_ref(file, s, systems)).collect();
        let inherent = raw.inherent.and_then(|r| self.rating(file, r, c));
        let residual = raw.residual.and_then(|r| self.rating(file, r, c));
        let (mut controls, mut actions) = (Vec::new(), Vec::new());
        let (treatment, other_controls) = match raw.treatment {
            None => (None, Vec::new()),
            Some(t) => {
                for control in t.controls {
                    if let Some(id) = self.control_ref(file, control)
                        && !controls.contains(&id)
                    {
                        controls.push(id);
                    }
                }
                for action in t.actions {
                    let location = self.location(file, &action.referenced);
                    let a = action.value;
                    actions.push(TreatmentAction {
                        description: self.text(file, a.description, "description"),
                        owner: optional_text(a.owner),
                        due: a.due.filter(|d| !is_blank(&d.value)).and_then(|d| self.date(file, d, false)),
                        done: a.done.filter(|d| !is_blank(&d.value)).and_then(|d| self.date(file, d, true)),
                        location,
                    });
                }
                let others = t.other_controls.into_iter().filter(|o| !is_blank(o)).map(|o| o.trim().to_string());
                (Some(t.option), others.collect())
            }
        };
        let acceptance = raw.acceptance.and_then(|a| self.decision(file, a, Some(c)));
        Risk {
            id,
            title,
            description: optional_text(raw.description),
            source: raw.source,
            affected: raw.affected.into_iter().filter(|a| !is_blank(a)).map(|a| a.trim().to_string()).collect(),
            systems: risk_systems,
            owner: optional_text(raw.owner),
            inherent,
            treatment,
            controls,
            other_controls,
            actions,
            residual,
            acceptance,
            reviewed: raw.reviewed.filter(|d| !is_blank(&d.value)).and_then(|d| self.date(file, d, true)),
            location,
        }
    }

    fn impact_assessment(
        &mut self,
        file: &SourceFile,
        raw: ImpactAssessmentFile,
        systems: &[System],
        c: &RiskCriteria,
    ) -> Option<ImpactAssessment> {
        let location = self.location(file, &raw.system.referenced);
        let system = self.system_ref(file, raw.system, systems);
        let scope = self.text(file, raw.scope, "scope");
        let mut areas: Vec<AreaImpact> = Vec::new();
        for area in raw.areas {
            let location = self.location(file, &area.referenced);
            let a = area.value;
            if let Some(first) = areas.iter().find(|x| x.area == a.area.value) {
                let message =
                    format!("the area `{}` is already assessed at line {}", a.area.value.as_str(), first.location.line);
                self.push_at(
                    file,
                    &a.area.referenced,
                    Diagnostic::error(Code::DuplicateRecord, &file.path, message)
                        .help("describe each area once; merge the two entries"),
                );
                continue;
            }
            areas.push(AreaImpact {
                area: a.area.value,
                impact: self.text(file, a.impact, "impact"),
                likelihood: a.likelihood.and_then(|l| self.level(file, l, Scale::Likelihood, c)),
                severity: a.severity.and_then(|s| self.level(file, s, Scale::Consequence, c)),
                measures: optional_text(a.measures),
                location,
            });
        }
        let clean = |list: Vec<String>| list.into_iter().filter(|t| !is_blank(t)).map(|t| t.trim().to_string());
        let affected = Affected {
            individuals: clean(raw.affected.individuals).collect(),
            groups: clean(raw.affected.groups).collect(),
            society: clean(raw.affected.society).collect(),
        };
        let approval = raw.approved.and_then(|a| self.decision(file, a, None));
        let reviewed = raw.reviewed.filter(|d| !is_blank(&d.value)).and_then(|d| self.date(file, d, true));
        Some(ImpactAssessment {
            system: system?,
            scope,
            intended_use: optional_text(raw.intended_use),
            foreseeable_misuse: optional_text(raw.foreseeable_misuse),
            affected,
            areas,
            consultation: optional_text(raw.consultation),
            results: optional_text(raw.results),
            approval,
            reviewed,
            location,
        })
    }

    /// An AI system's ID, which must be declared in systems/.
    fn system_ref(&mut self, file: &SourceFile, value: Spanned<String>, systems: &[System]) -> Option<String> {
        let id = value.value.trim();
        if systems.iter().any(|s| s.id == id) {
            return Some(id.to_string());
        }
        let help = match crate::diagnostic::did_you_mean(id, systems.iter().map(|s| s.id.as_str())) {
            Some(best) => format!("did you mean `{best}`? systems are named by the `id` in systems/*.yaml"),
            None => "systems are named by the `id` in systems/*.yaml".to_string(),
        };
        self.push_at(
            file,
            &value.referenced,
            Diagnostic::error(Code::UnknownSystem, &file.path, format!("no AI system has the ID `{id}`")).help(help),
        );
        None
    }

    /// An Annex A control chosen by a treatment, resolved to its catalogue ID.
    fn control_ref(&mut self, file: &SourceFile, value: Spanned<String>) -> Option<String> {
        let at = value.referenced;
        let id = self.requirement_id(file, value)?;
        if self.catalogue.resolve(&id).is_some_and(|r| r.kind == Kind::Clause) {
            self.push_at(
                file,
                &at,
                Diagnostic::error(
                    Code::InvalidValue,
                    &file.path,
                    format!("{id} is a management-system clause, not an Annex A control"),
                )
                .help("a treatment chooses Annex A controls (\"A.7.4\"); name other measures under `other_controls`"),
            );
            return None;
        }
        Some(id)
    }

    fn rating(&mut self, file: &SourceFile, raw: RatingInput, c: &RiskCriteria) -> Option<Rating> {
        let likelihood = self.level(file, raw.likelihood, Scale::Likelihood, c);
        let consequence = self.level(file, raw.consequence, Scale::Consequence, c);
        Some(Rating { likelihood: likelihood?, consequence: consequence? })
    }

    /// A level on one of the scales: its number (1 = lowest) or its name, in any letter case.
    fn level(&mut self, file: &SourceFile, value: Spanned<String>, scale: Scale, c: &RiskCriteria) -> Option<u32> {
        let (levels, name) = match scale {
            Scale::Likelihood => (&c.likelihood, "likelihood"),
            Scale::Consequence => (&c.consequence, "consequence"),
        };
        let typed = value.value.trim();
        let norm = |t: &str| t.to_lowercase().replace(['_', '-'], " ");
        if let Ok(n) = typed.parse::<u32>() {
            if (1..=levels.len() as u32).contains(&n) {
                return Some(n);
            }
        } else if let Some(k) = levels.iter().position(|l| norm(l) == norm(typed)) {
            return Some(k as u32 + 1);
        }
        let scale_text: Vec<String> = levels.iter().enumerate().map(|(k, l)| format!("{} {l}", k + 1)).collect();
        self.push_at(
            file,
            &value.referenced,
            Diagnostic::error(
                Code::InvalidValue,
                &file.path,
                format!("{name} `{typed}` is off the scale of aims.toml `[risk] {name}`"),
            )
            .help(format!(
                "write a level from 1 to {} or its name: {}",
                levels.len(),
                scale_text.join(", ")
            )),
        );
        None
    }

    /// A decision: who and when. For a risk acceptance (`criteria` given), `by` must be one of the acceptors.
    fn decision(
        &mut self,
        file: &SourceFile,
        raw: Spanned<DecisionInput>,
        criteria: Option<&RiskCriteria>,
    ) -> Option<Decision> {
        let location = self.location(file, &raw.referenced);
        let raw = raw.value;
        let by_at = raw.by.referenced;
        let by = self.text(file, raw.by, "by");
        let on = self.date(file, raw.on, true);
        if let Some(c) = criteria.filter(|c| !by.is_empty() && !c.may_accept(&by)) {
            let help = if c.acceptors.is_empty() {
                "aims.toml names nobody who may accept AI risks: add `acceptors = [\"...\"]` under `[risk]`".to_string()
            } else {
                format!(
                    "aims.toml `[risk] acceptors` allows {}; have one of them accept the risk, or treat it further",
                    c.acceptors.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
                )
            };
            self.push_at(
                file,
                &by_at,
                Diagnostic::error(
                    Code::AcceptanceNotAllowed,
                    &file.path,
                    format!("`{by}` may not accept AI risks under aims.toml `[risk] acceptors`"),
                )
                .help(help),
            );
            return None;
        }
        Some(Decision { by, on: on?, location })
    }
}

/// An optional text, trimmed; `None` when absent or blank.
fn optional_text(value: Option<String>) -> Option<String> {
    value.filter(|t| !is_blank(t)).map(|t| t.trim().to_string())
}
