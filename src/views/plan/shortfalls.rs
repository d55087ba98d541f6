//! What each unmet requirement falls short on, one shortfall per document, per AI system or per kind of gap, with
//! the action that closes it in the organisation's words (never the YAML to edit) and the effort of that action.
//!
//! Everything here reads the assessment: the evidence records with their `shortfall`, the findings with their
//! system, the planned action. Which shortfalls become one action is settled by their `key`
//! (see [`super::build`]).

use crate::assess::{EvidenceResult, EvidenceState, RequirementResult};
use crate::catalogue::{Catalogue, Effort, Kind};
use crate::render::capitalised;
use crate::rules::Code;
use crate::workspace::{EvidenceKind, Status, Workspace};

/// Where the client's action for several AI systems at once names them: [`super::rows`] puts their number in.
pub(super) const EACH_SYSTEM: &str = "each of these AI systems";

/// One thing an unmet requirement falls short on, and what closes it.
#[derive(Debug, Clone)]
pub(super) struct Shortfall {
    /// Shortfalls with the same key are closed by one action: `doc|<code>|<path>` for a document (whatever the
    /// requirement), `sys|<requirement>|<system>` for an AI system's gap, `req|<requirement>|<code>` for the
    /// organisation's, `planned|<requirement>` for a planned action.
    pub key: String,
    /// The AI system it concerns; `None` for the organisation.
    pub system: Option<String>,
    /// The document it concerns, as a workspace-relative path; `None` when none.
    pub document: Option<String>,
    /// What is wrong, in words.
    pub problem: String,
    /// What is wrong, in the client's words.
    pub client_problem: String,
    /// What to do, in words.
    pub action: String,
    /// What to do, as work for the organisation.
    pub client_action: String,
    /// The effort of the action.
    pub effort: Effort,
    /// The code of the finding behind it.
    pub code: Code,
    /// The owner the shortfall defaults to: the requirement's entry owner, then the system's owner.
    pub owner: Option<String>,
    /// A waiver accepts this gap (the requirement's, or the system's).
    pub waived: bool,
    /// For an AI system's own gap: the system's name, the problems without it (each once), and the client's action
    /// for several systems at once, so that a plan can take one control's systems together; `None` otherwise.
    pub group: Option<(String, Vec<String>, String)>,
    /// How badly it falls short, as [`Status::severity`] of the status it stands for: an AI system's shortfall
    /// weighs as that system's status, the organisation's declared gap as the status declared, a document that does
    /// not count as partially compliant. Reasons are listed most severe first.
    pub severity: u8,
    /// For a shortfall that rests only on findings of the risk register or the impact assessments: each finding's
    /// record and how directly the finding concerns it ([`record_of`]); `None` for any other shortfall. One record
    /// falling short lowers several requirements; the plan makes one action of it (`super::links::knock_ons`).
    pub records: Option<Vec<(String, u8)>>,
}

/// The record a finding of the risk register or the impact assessments (`risk-*`, `impact-assessment-*`) is about,
/// as a key (its code and the record's file and line), and how directly the finding on requirement `id` concerns it:
/// 2 for an AI system's own finding (A.5.3-A.5.5), 1 for the organisation's, 0 for a pointer from another member of
/// the family ("6.1.4 is lowered with 8.4: ..."). `None` for any other finding, or one without a location.
pub(super) fn record_of(id: &str, f: &crate::assess::Finding) -> Option<(String, u8)> {
    let code = f.code.as_str();
    if !(code.starts_with("risk-") || code.starts_with("impact-assessment-")) {
        return None;
    }
    let at = f.location.as_ref()?;
    let level = if crate::assess::risk::pointer_parts(id, &f.message).is_some() {
        0
    } else if f.system.is_some() {
        2
    } else {
        1
    };
    Some((crate::assess::risk::record_key(f.code, at), level))
}

/// The record an AI system's own shortfall on A.5.3-A.5.5 is about, when the system's impact assessment is kept as
/// its `evidence:` records: the key the organisation's 6.1.4, 8.4 and A.5.2 point to when that assessment does not
/// count (the code it gives them, [`crate::assess::risk::knock_on_code`], and the system's file), at level 2. `None`
/// for any other requirement or shortfall.
fn system_record_of(workspace: &Workspace, id: &str, system: Option<&str>, code: Code) -> Option<(String, u8)> {
    let code = crate::assess::risk::knock_on_code(id, code)?;
    let system = workspace.system(system?)?;
    Some((crate::assess::risk::record_key(code, &system.location), 2))
}

/// The effort of closing a gap the organisation itself declares: the catalogue's estimate of the requirement
/// from nothing when it is not met at all, one size less when it is partly in place.
pub(super) fn declared_gap_effort(r: &RequirementResult) -> Effort {
    match (r.status, r.effort) {
        (Status::NonCompliant | Status::NotAssessed, e) => e,
        (_, Effort::Large) => Effort::Medium,
        (_, _) => Effort::Small,
    }
}

/// Every shortfall of one unmet requirement, in this order: the documents (the entry's records, then each
/// system's), each AI system's other gaps, then the organisation's.
pub(super) fn of(
    catalogue: &Catalogue,
    workspace: &Workspace,
    review_interval_months: u32,
    names: &super::client::Names<'_>,
    r: &RequirementResult,
) -> Vec<Shortfall> {
    let named = format!("{} {}", r.id, r.title);
    let system_name = |id: &str| workspace.system(id).map_or_else(|| id.to_string(), |s| s.name.clone());
    // An AI system's shortfall goes to the system's owner when the workspace names one, else the requirement's;
    // the organisation's to the requirement's owner.
    let system_owner =
        |system: Option<&str>| system.and_then(|id| workspace.system(id)).map(|s| s.owner.trim().to_string());
    let owner_for = |system: Option<&str>| system_owner(system).filter(|o| !o.is_empty()).or_else(|| r.owner.clone());
    let waived_for = |system: Option<&str>| r.waived || system.and_then(|id| r.system(id)).is_some_and(|s| s.waived);
    let mut out = Vec::new();

    // 1. Documents that do not count: one shortfall per record, keyed by the document so that the same file
    // under several requirements is one action.
    for e in r.evidence.iter().filter(|e| e.shortfall.is_some()) {
        let Some(code) = e.shortfall else { continue };
        let (mut problem, mut action, effort) = document(r, e, code, review_interval_months, false);
        let (mut client_problem, mut client_action, _) = document(r, e, code, review_interval_months, true);
        // An undated record of a file the same AI system's other records date: the date is there, only not on this
        // record, and the shortfall says so rather than read as a document nobody reviewed.
        if let Some(date) = (code == Code::EvidenceUndated).then(|| reviewed_elsewhere(workspace, e)).flatten() {
            let elsewhere =
                format!(", although its other records for this AI system give the same file as reviewed on {date}");
            problem.push_str(&elsewhere);
            client_problem.push_str(&elsewhere);
            action = format!(
                "If the review of {date} covered it, record that date on this record too; otherwise review it and \
                 record the date."
            );
            client_action = format!(
                "Confirm that the review of {date} covered {}, and record the date for it.",
                crate::views::evidence::title(e).map_or_else(|| "this part".to_string(), |t| format!("“{t}”"))
            );
        }
        let on_system =
            |text: &str| e.system.as_deref().map_or(text.to_string(), |s| format!("{}: {text}", system_name(s)));
        let path = e.file.clone().unwrap_or_default();
        let key = match &e.file {
            Some(file) => format!("doc|{}|{file}", code.as_str()),
            None => format!("req|{}|{}|{}", r.id, e.system.as_deref().unwrap_or(""), code.as_str()),
        };
        out.push(Shortfall {
            key,
            system: e.system.clone(),
            document: e.file.clone().filter(|_| !path.is_empty()),
            problem: on_system(&problem),
            group: e.system.as_deref().map(|id| (system_name(id), vec![client_problem.clone()], documents_work(code))),
            client_problem: on_system(&client_problem),
            client_action,
            action,
            effort,
            code,
            owner: owner_for(e.system.as_deref()),
            waived: waived_for(e.system.as_deref()),
            severity: e
                .system
                .as_deref()
                .and_then(|id| r.system(id))
                .map_or(Status::PartiallyCompliant, |s| s.status)
                .severity(),
            records: system_record_of(workspace, &r.id, e.system.as_deref(), code).map(|k| vec![k]),
        });
    }

    // 2. Each AI system's other gaps (no record, an unjustified exclusion, the EU AI Act): one per system.
    let evidence_kind = catalogue.get(&r.id).and_then(|req| req.system_evidence);
    let kind = evidence_kind.map(|k| k.as_str().replace('_', " "));
    // Each system's findings other than documents', in the assessment's order, looked up once per system rather
    // than by scanning every finding for each of thousands of systems.
    let mut by_system: std::collections::HashMap<&str, Vec<&crate::assess::Finding>> = std::collections::HashMap::new();
    for f in r.findings.iter().filter(|f| !is_document_code(f.code)) {
        if let Some(system) = f.system.as_deref() {
            by_system.entry(system).or_default().push(f);
        }
    }
    for s in r.systems.iter().filter(|s| s.status.is_gap()) {
        let findings: &[&crate::assess::Finding] = by_system.get(s.system.as_str()).map_or(&[], Vec::as_slice);
        let Some(first) = findings.first() else { continue };
        let name = system_name(&s.system);
        let (action, effort) = match first.code {
            Code::SystemImpactAssessmentMissing => (
                format!("Carry out the impact assessment of {name} that {} asks for, and file its record.", named),
                r.effort,
            ),
            Code::SystemEvidenceMissing => (
                format!(
                    "Produce the {} record of {name} ({}), have it reviewed, and file it.",
                    kind.as_deref().unwrap_or("required"),
                    named
                ),
                r.effort,
            ),
            Code::ExclusionUnjustified => (
                format!("Decide whether {} applies to {name}: record why it does not, or put it in place.", named),
                Effort::Small,
            ),
            Code::EuHighRiskGap => {
                (format!("Put {} in place for {name}, a high-risk AI system under the EU AI Act.", named), r.effort)
            }
            Code::EuProhibitedPractice => (
                format!(
                    "Stop supplying or using {name}, classified as a prohibited AI practice under the EU AI Act, \
                     or have the classification reviewed by legal counsel and corrected."
                ),
                r.effort,
            ),
            _ => (format!("Resolve for {name}: {}.", first.message), r.effort),
        };
        let problems: Vec<String> = findings.iter().map(|f| problem_of(f.code, &f.message, kind.as_deref())).collect();
        // For one system the missing record says what it does to the status; for several at once (a plan row of
        // one control's systems) only what is missing.
        let client_problems_for = |one: bool| -> Vec<String> {
            findings
                .iter()
                .map(|f| match f.code {
                    Code::SystemEvidenceMissing | Code::SystemImpactAssessmentMissing if one => {
                        super::client::missing_record(evidence_kind, s.status, r.declared)
                    }
                    Code::SystemEvidenceMissing | Code::SystemImpactAssessmentMissing => {
                        super::client::missing_evidence(evidence_kind)
                    }
                    Code::EuDisclosureMissing => {
                        let missing = super::client::eu_transparency(workspace, &s.system, &name);
                        match missing.is_empty() {
                            true => client_problem_of(f.code, kind.as_deref(), &named),
                            false => missing.into_iter().map(|(p, _)| p).collect::<Vec<_>>().join("; "),
                        }
                    }
                    _ => super::client::system_record_problem(workspace, r, f)
                        .unwrap_or_else(|| client_problem_of(f.code, kind.as_deref(), &named)),
                })
                .collect()
        };
        let client_problems = client_problems_for(true);
        let client_problem = dedup(client_problems.clone()).join("; ");
        let client_action = match first.code {
            Code::SystemImpactAssessmentMissing | Code::SystemEvidenceMissing => match evidence_kind {
                Some(k) => format!("{} ({named}).", record_work(k, &name)),
                None => format!("Produce and file the record {named} asks for {name}."),
            },
            Code::EuHighRiskGap | Code::EuProhibitedPractice | Code::ExclusionUnjustified => action.clone(),
            _ => super::client::record_action(workspace, &r.id, first, false)
                .or_else(|| super::client::system_work(workspace, &s.system, first.code, &name))
                .unwrap_or_else(|| super::client::put_right(names, &named, Some(&name), &client_problem)),
        };
        let records: Option<Vec<(String, u8)>> = findings
            .iter()
            .map(|f| record_of(&r.id, f).or_else(|| system_record_of(workspace, &r.id, f.system.as_deref(), f.code)))
            .collect();
        // The same work for several systems at once, when a plan takes one control's systems together.
        let each = EACH_SYSTEM;
        let group_action = match first.code {
            Code::SystemImpactAssessmentMissing | Code::SystemEvidenceMissing => match evidence_kind {
                Some(k) => format!("{} ({named}).", record_work(k, each)),
                None => format!("Produce and file the record {named} asks for {each}."),
            },
            Code::ExclusionUnjustified => {
                format!("Decide whether {named} applies to {each}: record why it does not, or put it in place.")
            }
            Code::EuHighRiskGap => {
                format!("Put {named} in place for {each}: they are high-risk AI systems under the EU AI Act.")
            }
            Code::EuProhibitedPractice => format!(
                "Stop supplying or using {each}, classified as prohibited AI practices under the EU AI Act, or have \
                 the classifications reviewed by legal counsel and corrected."
            ),
            _ => super::client::system_work(workspace, &s.system, first.code, each)
                .unwrap_or_else(|| super::client::put_right(names, &named, Some(each), &client_problem)),
        };
        out.push(Shortfall {
            key: format!("sys|{}|{}", r.id, s.system),
            system: Some(s.system.clone()),
            document: None,
            problem: format!("{name}: {}", dedup(problems).join("; ")),
            group: Some((name.clone(), dedup(client_problems_for(false)), group_action)),
            client_problem: format!("{name}: {client_problem}"),
            client_action,
            action,
            effort,
            code: first.code,
            owner: owner_for(Some(&s.system)),
            waived: waived_for(Some(&s.system)),
            severity: s.status.severity(),
            records,
        });
    }

    // 3. The organisation's gaps.
    let record_without_file =
        r.evidence.iter().any(|e| e.system.is_none() && e.shortfall == Some(Code::ClaimWithoutEvidence));
    for f in r.findings.iter().filter(|f| f.system.is_none()) {
        let (problem, action, effort) = match f.code {
            // Documents are above; a planned action, its due date and waivers are not gaps of their own.
            c if is_document_code(c) && c != Code::ClaimWithoutEvidence => continue,
            Code::ClaimWithoutEvidence if record_without_file => continue,
            Code::ActionMissing | Code::ActionOverdue | Code::WaiverExpired => continue,
            // The EU AI Act's AI literacy leaning on the requirement is context, a note on its actions
            // (`super::links`), not a shortfall; see below for a requirement with nothing else to close.
            Code::EuLiteracyUnsupported => continue,
            // A control's missing justification is closed by the one action of 6.1.3, which names every control.
            Code::SoaJustificationMissing if r.kind != Kind::Clause => continue,
            Code::SoaJustificationMissing => (
                f.message.clone(),
                "Complete the Statement of Applicability: for each control named, record why it is included or why \
                 it does not apply, and have the document approved."
                    .to_string(),
                Effort::Small,
            ),
            Code::ClaimWithoutEvidence => (
                "declared met, but no evidence is recorded".to_string(),
                format!("Gather the records that show {} is in place and file them with their review dates.", named),
                Effort::Small,
            ),
            Code::NotAssessed => (
                "not assessed yet".to_string(),
                format!("Assess {} with its owner and record the result.", named),
                Effort::Small,
            ),
            Code::ExclusionUnjustified => (
                "marked not applicable without a justification, so the exclusion is rejected".to_string(),
                format!(
                    "Decide whether {} applies: record why it does not and have the decision approved, or put it in \
                     place.",
                    named
                ),
                Effort::Small,
            ),
            // The organisation's own justification is quoted, so the reader sees what was rejected and why.
            Code::ClauseNotExcludable => (
                match r.justification.as_deref() {
                    Some(j) => format!(
                        "marked not applicable with the justification “{}”, but clauses 4 to 10 apply to every AI \
                         management system, so the exclusion is rejected",
                        j.trim().trim_end_matches('.')
                    ),
                    None => {
                        "marked not applicable, but clauses 4 to 10 apply to every AI management system".to_string()
                    }
                },
                format!(
                    "Withdraw the exclusion of clause {named}: assess it (a `status:` other than `not_applicable`) \
                     and record its evidence."
                ),
                Effort::Small,
            ),
            Code::GapDeclared => (
                f.message.clone(),
                format!("Agree how to close the gap in {}, who does it and by when.", named),
                declared_gap_effort(r),
            ),
            _ => (f.message.clone(), format!("Resolve: {}.", f.message), r.effort),
        };
        let (client_problem, client_action) = match f.code {
            // The organisation's own note on the gap, without the status it declared (the plan shows the status).
            Code::GapDeclared => (
                f.message.split_once(": ").map_or_else(
                    || {
                        super::client::declared_without_note(
                            r.declared.unwrap_or(r.status),
                            r.recorded_action.is_some(),
                        )
                    },
                    |(_, note)| super::client::organisation_note(note),
                ),
                declared_gap_action(catalogue.get(&r.id).map_or(&[][..], |q| &q.evidence), &named),
            ),
            Code::ClaimWithoutEvidence | Code::NotAssessed | Code::ExclusionUnjustified => {
                (problem.clone(), action.clone())
            }
            Code::ClauseNotExcludable => (problem.clone(), withdraw_exclusion(r, &named)),
            // The risk register's findings state the gap in the organisation's terms already (a risk, its rating, a
            // date); only their next steps name fields of the register.
            Code::RiskActionOverdue => (
                capitalised(&f.message),
                "Finish the treatment action, or agree a new due date with its owner, and update the risk register."
                    .to_string(),
            ),
            Code::RiskResidualUnaccepted => (
                capitalised(&f.message),
                "Treat the risk further, or have someone authorised to accept risks record the acceptance.".to_string(),
            ),
            Code::SoaJustificationMissing => (capitalised(&f.message), action.clone()),
            Code::ControlWithoutReason => (
                capitalised(&f.message),
                "Record why each of these controls is included: the risk it treats, or the law, contract or business \
                 need that requires it."
                    .to_string(),
            ),
            c if c.as_str().starts_with("risk-") || c.as_str().starts_with("impact-assessment-") => {
                // One action for every such finding of the requirement: the sentence names one record or several.
                let several = r.findings.iter().filter(|g| g.code == c && g.system.is_none()).count() > 1;
                (
                    super::client::record_problem(workspace, r, f),
                    super::client::record_action(workspace, &r.id, f, several).unwrap_or_else(|| {
                        format!("Bring the risk register and impact assessments for {named} up to date.")
                    }),
                )
            }
            _ => {
                // No rule words this finding for the client: its own message says what falls short.
                (capitalised(&f.message), super::client::put_right(names, &named, None, &f.message))
            }
        };
        out.push(Shortfall {
            key: format!("req|{}|{}", r.id, f.code.as_str()),
            system: None,
            group: None,
            document: None,
            problem,
            client_problem,
            client_action,
            action,
            effort,
            code: f.code,
            owner: owner_for(None),
            waived: r.waived,
            severity: match f.code {
                Code::GapDeclared => r.declared.unwrap_or(r.status),
                Code::NotAssessed | Code::ExclusionUnjustified | Code::ClauseNotExcludable => r.status,
                _ => Status::PartiallyCompliant,
            }
            .severity(),
            records: record_of(&r.id, f).map(|x| vec![x]),
        });
    }
    // A requirement whose only finding is the EU AI Act's AI literacy leaning on it still has a gap to close: one
    // action for the requirement as a whole, with the literacy as its note.
    if out.is_empty()
        && r.recorded_action.is_none()
        && let Some(f) = r.findings.iter().find(|f| f.code == Code::EuLiteracyUnsupported)
    {
        let problem = format!("{named} is {}", r.status.label().to_lowercase());
        out.push(Shortfall {
            key: format!("req|{}|{}", r.id, f.code.as_str()),
            system: None,
            group: None,
            document: None,
            client_problem: problem.clone(),
            problem,
            client_action: format!("Bring {named} fully into place."),
            action: format!("Bring {named} fully into place."),
            effort: declared_gap_effort(r),
            code: f.code,
            owner: owner_for(None),
            waived: r.waived,
            severity: r.status.severity(),
            records: None,
        });
    }
    // The most severe first, so that a non-compliant system's problem leads, not a partial one's stale review; the
    // order above within one severity.
    out.sort_by_key(|s| std::cmp::Reverse(s.severity));
    // Each client problem starts a cell or a sentence of its own: in sentence case, whatever fragment it began as
    // ("marked not applicable ..." reads "Marked not applicable ...").
    for s in &mut out {
        s.client_problem = capitalised(&s.client_problem);
    }
    out
}

/// The codes of findings about one evidence record, which the records' `shortfall` carries: each is planned once,
/// as its document's shortfall, never again as a system's or the organisation's.
fn is_document_code(code: Code) -> bool {
    matches!(
        code,
        Code::EvidenceMissing
            | Code::EvidenceStale
            | Code::EvidenceUndated
            | Code::ClaimWithoutEvidence
            | Code::EvidenceDraft
            | Code::EvidenceSuperseded
            | Code::EvidenceNotYetEffective
    )
}

/// The latest review date the other records of an AI system give the file its undated record `e` names; `None` for
/// an organisation's record or when no other record of the system dates that file.
fn reviewed_elsewhere(workspace: &Workspace, e: &EvidenceResult) -> Option<crate::date::Date> {
    let file = e.file.as_deref()?;
    let system = workspace.system(e.system.as_deref()?)?;
    system.evidence.values().filter(|x| x.file.as_deref() == Some(file)).filter_map(|x| x.reviewed).max()
}

/// The problem, action and effort of a document that does not count: for the practitioner the document is its
/// path in backticks, for the client (`client`) the title every document names it by ([`crate::views::evidence::title`]).
fn document(
    r: &RequirementResult,
    e: &EvidenceResult,
    code: Code,
    months: u32,
    client: bool,
) -> (String, String, Effort) {
    let path = if client {
        crate::views::evidence::title(e).map(|t| format!("“{t}”")).unwrap_or_default()
    } else {
        e.file
            .as_deref()
            .or(e.register_id.as_deref())
            .or(e.url.as_deref())
            .map(|p| format!("`{p}`"))
            .unwrap_or_default()
    };
    match code {
        Code::EvidenceStale => (
            format!(
                "{path} was last reviewed on {}, more than {} ago",
                e.reviewed.map(|d| d.to_string()).unwrap_or_default(),
                crate::render::months_text(months)
            ),
            format!("Review {path}, update it where needed, and record the new review date."),
            Effort::Small,
        ),
        Code::EvidenceUndated => (
            format!("{path} has no recorded review date"),
            format!("Review {path} and record when it was reviewed."),
            Effort::Small,
        ),
        Code::EvidenceMissing => (
            match e.state {
                EvidenceState::Empty => format!("{path} is empty"),
                EvidenceState::NotAFile => format!("{path} is not a document"),
                EvidenceState::WorkspaceInput => format!("{path} is an assessment input, not a record"),
                _ => format!("{path} was not found"),
            },
            format!("Provide {path}: locate the approved document, or produce and approve it if it does not exist."),
            r.effort,
        ),
        Code::ClaimWithoutEvidence => (
            "an evidence record names no document".to_string(),
            format!("Identify the document that shows {} {} is in place and file it.", r.id, r.title),
            Effort::Small,
        ),
        Code::EvidenceDraft => (
            format!("{path} is a draft, not yet approved"),
            format!("Have {path} reviewed and approved, then record it as approved."),
            Effort::Small,
        ),
        Code::EvidenceSuperseded => (
            format!("{path} is a superseded version"),
            format!("Replace {path} with the version in force and record its review date."),
            Effort::Small,
        ),
        Code::EvidenceNotYetEffective => (
            format!("{path} takes effect only on {}", e.effective.map(|d| d.to_string()).unwrap_or_default()),
            format!("Keep the version of {path} in force as evidence until the new one takes effect."),
            Effort::Small,
        ),
        _ => (
            format!("{path} does not count as evidence"),
            format!("Bring {path} up to date so that it counts as evidence."),
            Effort::Small,
        ),
    }
}

/// The client's action for the records of several AI systems that fall short in the same way.
fn documents_work(code: Code) -> String {
    match code {
        Code::EvidenceStale | Code::EvidenceUndated => {
            format!("Review the records of {EACH_SYSTEM}, update them where needed, and record the review dates.")
        }
        Code::EvidenceMissing => format!(
            "Provide the records of {EACH_SYSTEM}: locate the approved documents, or produce and approve them where \
             they do not exist."
        ),
        Code::EvidenceDraft => format!("Have the draft records of {EACH_SYSTEM} reviewed and approved."),
        Code::EvidenceSuperseded => format!("Replace the records of {EACH_SYSTEM} with the versions in force."),
        _ => format!("Bring the records of {EACH_SYSTEM} up to date so that they count as evidence."),
    }
}

/// A system's problem in words, from one of its findings.
fn problem_of(code: Code, message: &str, kind: Option<&str>) -> String {
    match code {
        Code::SystemEvidenceMissing | Code::SystemImpactAssessmentMissing => {
            format!("no {} record", kind.unwrap_or("required"))
        }
        Code::ExclusionUnjustified => "excluded without a justification, so the exclusion is rejected".to_string(),
        Code::EuHighRiskGap => "the system is high-risk under the EU AI Act, which relies on this control".to_string(),
        Code::EuProhibitedPractice => "classified as a prohibited AI practice under the EU AI Act".to_string(),
        _ => message.to_string(),
    }
}

/// The client's action for a clause the organisation marked not applicable, an exclusion the assessment rejects
/// (clauses 4 to 10 apply to every AI management system): withdraw it and record how the clause is met, naming what
/// may serve as evidence: the organisation's records listed for the clause, else the arrangement its justification
/// describes. "Withdraw the exclusion of clause 7.4 Communication and record how the AI management system meets it;
/// the arrangement described in the exclusion's justification may serve as evidence where it covers AI."
fn withdraw_exclusion(r: &RequirementResult, named: &str) -> String {
    let titles: Vec<String> = r
        .evidence
        .iter()
        .filter(|e| e.system.is_none())
        .filter_map(crate::views::evidence::title)
        .map(|t| format!("\u{201c}{t}\u{201d}"))
        .collect();
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    let serve = match titles.as_slice() {
        [] if r.justification.as_deref().is_some_and(|j| !j.trim().is_empty()) => {
            "; the arrangement described in the exclusion's justification may serve as evidence where it covers AI"
                .to_string()
        }
        [] => String::new(),
        [one] => format!("; {one} may serve as evidence"),
        several => format!("; {} may serve as evidence", super::client::and_list(several)),
    };
    format!("Withdraw the exclusion of clause {named} and record how the AI management system meets it{serve}.")
}

/// A system's problem in the client's words: what is missing, never a field name or a finding's own message.
fn client_problem_of(code: Code, kind: Option<&str>, named: &str) -> String {
    match code {
        Code::SystemEvidenceMissing
        | Code::SystemImpactAssessmentMissing
        | Code::ExclusionUnjustified
        | Code::EuHighRiskGap
        | Code::EuProhibitedPractice => problem_of(code, "", kind),
        Code::EuDisclosureMissing => {
            "an EU AI Act transparency duty (Art. 50) applies, and a fact it needs is not recorded".to_string()
        }
        Code::EuFriaMissing => "the EU AI Act asks for a fundamental-rights impact assessment before first use \
                                (Art. 27), and none is recorded"
            .to_string(),
        Code::EuWorkersNotInformed => "no record shows that the workers affected and their representatives were told \
                                       before the system was used, as the EU AI Act asks (Art. 26(7))"
            .to_string(),
        _ => format!("{named} is not fully in place"),
    }
}

/// The work that produces a system's missing record, as the organisation would put it in a plan: what the
/// catalogue's evidence expectations for the control ask the organisation to do and keep.
pub(super) fn record_work(kind: EvidenceKind, system: &str) -> String {
    match kind {
        EvidenceKind::ImpactAssessment => format!("Carry out and record an AI system impact assessment for {system}"),
        EvidenceKind::ImpactOnIndividuals => {
            format!("Assess and record how {system} could affect the individuals and groups it touches")
        }
        EvidenceKind::SocietalImpact => format!("Assess and record the societal impact of {system}"),
        EvidenceKind::RequirementsSpecification => {
            format!("Write down and approve the requirements specification of {system}")
        }
        EvidenceKind::DesignDocumentation => format!("Record the design and development choices made for {system}"),
        EvidenceKind::VerificationAndValidation => {
            format!("Plan the verification and validation of {system} and record the results")
        }
        EvidenceKind::DeploymentPlan => format!("Prepare and approve a deployment plan for {system}"),
        EvidenceKind::Monitoring => format!("Define and record how {system} is operated and monitored"),
        EvidenceKind::TechnicalDocumentation => format!("Compile and approve the technical documentation of {system}"),
        EvidenceKind::EventLogging => {
            format!("Decide which events {system} logs and how long the logs are kept, and record the decision")
        }
        EvidenceKind::DataQuality => {
            format!("Set the data quality requirements for {system} and record how they are met")
        }
        EvidenceKind::DataProvenance => format!("Record where the data of {system} comes from and how it was handled"),
        EvidenceKind::DataPreparation => format!("Record how the data of {system} is prepared"),
        EvidenceKind::UserDocumentation => {
            format!("Prepare, approve and publish the documentation and information for users of {system}")
        }
        EvidenceKind::IntendedUse => format!("Write down and approve the intended use of {system}"),
    }
}

/// The proposed action for a gap the organisation declares and plans nothing for, in the client's words: who closes
/// it and by when, and what the audit will look for (the catalogue's evidence expectations for the requirement).
fn declared_gap_action(expected: &[String], named: &str) -> String {
    let mut action = format!("Agree who closes the gap in {named} and by when");
    if !expected.is_empty() {
        let mut listed: Vec<String> =
            expected.iter().map(|e| super::client::lower_first(e.trim_end_matches('.'))).collect();
        if let [_, .., last] = listed.as_mut_slice() {
            *last = format!("and {last}");
        }
        action.push_str(&format!("; the audit will look for: {}", listed.join("; ")));
    }
    action.push('.');
    action
}

/// `items` without repeats, in their order.
fn dedup(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}
