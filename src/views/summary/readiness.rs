//! The readiness verdicts for the stage 1 and stage 2 audits (rules in the parent module's documentation and in
//! docs/soa-and-plan.md, "Readiness"), and what the stage 1 audit weighs of each requirement it reviews.

use std::collections::{HashMap, HashSet};

use super::{Readiness, Verdict};
use crate::assess::Assessment;
use crate::catalogue::Kind;
use crate::date::Date;
use crate::rules::Code;
use crate::views::plan::{Phase, PlanAction, shows_record_somewhere};
use crate::workspace::Status;

/// What the stage 1 audit weighs: the requirements it reviews with the status it weighs for each, the open actions
/// it waits for, and the per-system requirements whose remaining gap lies only in AI systems' own records.
#[derive(Debug, Clone)]
pub struct Stage1<'a> {
    /// Each clause and mandatory documented information control, in catalogue order, with the status stage 1
    /// weighs ([`Stage1::of`] says which).
    pub requirements: Vec<(&'a str, Status)>,
    /// The open actions of the phase "before the stage 1 audit" that stage 1 waits for, in plan order.
    pub actions: Vec<&'a PlanAction>,
    /// The per-system requirements among them whose status is better at stage 1 than overall, because what is
    /// left falls short only in individual AI systems' records (sampled at stage 2), by ID in catalogue order.
    pub deferred: Vec<String>,
    /// The per-system requirements whose gap lies only in AI systems' records but which stage 1 still weighs in full,
    /// because the plan's stage 1 work on those records also serves other requirements stage 1 reviews (it carries
    /// out 8.3's action, say), by ID in catalogue order, with those other requirements in catalogue order.
    pub held: Vec<String>,
    /// The requirements `held` serve, by ID in catalogue order.
    pub held_for: Vec<String>,
}

impl<'a> Stage1<'a> {
    /// Works out what stage 1 weighs from the assessment and the plan's actions (`actions`: the actions of the plan
    /// that are work of their own, in plan order; `every_action`: with those other actions carry out).
    ///
    /// Stage 1 reviews the documented management system, so it weighs the organisation-level part of each
    /// requirement: for a clause or an organisation-level control, its status. For a per-system control with a
    /// gap, when at least one AI system it is due for shows its record (compliant or partially compliant), the
    /// process evidently exists and what is missing are other systems' operational records, which the stage 2
    /// audit samples: stage 1 then weighs only the organisation's own shortfalls, the plan's problems of the
    /// organisation (no AI system) in actions that concern no AI system, at the status each stands for. When no AI
    /// system shows the record, the systems' gaps are the whole control and stage 1 weighs its full status; so it
    /// does when an action of the stage 1 phase already works on AI systems' records of the control. The
    /// actions stage 1 waits for are those of its phase, except the ones that concern AI systems and close only
    /// such deferred per-system gaps.
    pub fn of(assessment: &'a Assessment, actions: &[&'a PlanAction], every_action: &[&PlanAction]) -> Stage1<'a> {
        // A control whose exclusion the SoA does not justify is reviewed there too: stage 1 reviews the SoA's
        // decisions, and the plan puts the decision before stage 1.
        let reviewed = assessment.requirements.iter().filter(|r| {
            r.kind == Kind::Clause
                || r.documented_information
                || r.findings.iter().any(|f| f.code == Code::ExclusionUnjustified && f.system.is_none())
        });
        // The per-system controls some AI system shows the record of: their other systems' gaps go to stage 2.
        // A control the plan already works on for AI systems before stage 1 (such an action carries out a stage 1
        // action of a clause, say) is not left to stage 2: the verdict and the plan put its work in the same stage.
        let system_work_before_stage_1: Vec<&PlanAction> =
            actions.iter().copied().filter(|a| a.phase == Phase::BeforeStage1 && !a.systems.is_empty()).collect();
        let worked_before_stage_1: HashSet<&str> = system_work_before_stage_1
            .iter()
            .flat_map(|a| a.requirements.iter().chain(&a.lifts).map(String::as_str))
            .collect();
        let records_only: HashSet<&str> = reviewed
            .clone()
            .filter(|r| shows_record_somewhere(r) && !worked_before_stage_1.contains(r.id.as_str()))
            .map(|r| r.id.as_str())
            .collect();
        // The controls held at stage 1 that way, and what their stage 1 work serves: the other requirements of those
        // actions and of the actions they carry out.
        let held: Vec<String> = reviewed
            .clone()
            .filter(|r| r.status.is_gap() && shows_record_somewhere(r) && worked_before_stage_1.contains(r.id.as_str()))
            .map(|r| r.id.clone())
            .collect();
        // The requirements of the actions each action carries out, by the carrier's ID.
        let mut carries: HashMap<&str, Vec<&str>> = HashMap::new();
        for c in every_action {
            for id in &c.carried_by {
                carries.entry(id.as_str()).or_default().extend(c.requirements.iter().map(String::as_str));
            }
        }
        let mut served: HashSet<&str> = HashSet::new();
        for a in &system_work_before_stage_1 {
            if a.requirements.iter().any(|id| held.contains(id)) {
                served.extend(a.requirements.iter().map(String::as_str));
                served.extend(carries.get(a.id.as_str()).into_iter().flatten().copied());
            }
        }
        let held_for: Vec<String> = assessment
            .requirements
            .iter()
            .filter(|r| r.kind == Kind::Clause || r.documented_information)
            .filter(|r| served.contains(r.id.as_str()) && !held.contains(&r.id))
            .map(|r| r.id.clone())
            .collect();
        // The organisation's own shortfalls per requirement: its problems in actions for no AI system, as the
        // severity of the status each stands for. The SoA's missing justifications have a rule of their own
        // (rule 3) and lower no status.
        let mut own: HashMap<&str, u8> = HashMap::new();
        for a in actions.iter().filter(|a| a.systems.is_empty()) {
            for p in a.problems.iter().filter(|p| p.system.is_none()) {
                if !matches!(p.code, Code::SoaJustificationMissing | Code::ControlWithoutReason) {
                    let worst = own.entry(p.requirement.as_str()).or_default();
                    *worst = (*worst).max(p.severity);
                }
            }
        }
        let mut deferred = Vec::new();
        let requirements = reviewed
            .map(|r| {
                if !r.status.is_gap() || !records_only.contains(r.id.as_str()) {
                    return (r.id.as_str(), r.status);
                }
                let severity = own.get(r.id.as_str()).copied().unwrap_or(0).min(r.status.severity());
                let status = Status::ALL
                    .into_iter()
                    .filter(|s| *s != Status::NotApplicable)
                    .find(|s| s.severity() == severity)
                    .unwrap_or(Status::Compliant);
                if status.severity() < r.status.severity() {
                    deferred.push(r.id.clone());
                }
                (r.id.as_str(), status)
            })
            .collect();
        let stage_1_actions = actions
            .iter()
            .copied()
            .filter(|a| a.phase == Phase::BeforeStage1)
            .filter(|a| a.systems.is_empty() || !a.requirements.iter().all(|id| records_only.contains(id.as_str())))
            .collect();
        Stage1 { requirements, actions: stage_1_actions, deferred, held, held_for }
    }

    /// The readiness for stage 1 ([`readiness`]), with a last reason naming the deferred requirements.
    pub fn readiness(&self, target: Option<Date>, unjustified_controls: usize) -> Readiness {
        let mut r = readiness(Stage::One, &self.requirements, &self.actions, target, unjustified_controls);
        if !self.deferred.is_empty() {
            let n = self.deferred.len();
            r.reasons.push(format!(
                "{n} {} reviewed at stage 1 {} short only in individual AI systems' records, which the stage 2 audit \
                 samples, so {} against stage 2: {}.",
                crate::render::plural("requirement", n),
                if n == 1 { "falls" } else { "fall" },
                if n == 1 { "it counts" } else { "they count" },
                some(&self.deferred)
            ));
        }
        if !self.held.is_empty() && !self.held_for.is_empty() {
            let n = self.held.len();
            r.reasons.push(format!(
                "Although {} {} short only in individual AI systems' records, {} against stage 1: the plan's work on \
                 {} also serves {}, which stage 1 reviews.",
                crate::render::and_list(&self.held),
                if n == 1 { "falls" } else { "fall" },
                if n == 1 { "it counts" } else { "they count" },
                if n == 1 { "it" } else { "them" },
                crate::render::and_list(&self.held_for),
            ));
        }
        r.deferred.clone_from(&self.deferred);
        r
    }
}

/// Puts `readiness` at risk at best (a "not ready" stays) and adds `reason` last.
pub fn at_risk(readiness: &mut Readiness, reason: String) {
    if readiness.verdict < Verdict::AtRisk {
        readiness.verdict = Verdict::AtRisk;
        readiness.label = readiness.verdict.label();
    }
    readiness.reasons.push(reason);
}

/// The audit stage a verdict is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The documentation review.
    One,
    /// The audit of implementation and effectiveness.
    Two,
}

/// The readiness for `stage` from the statuses of the requirements it looks at (ID and status, catalogue order),
/// the open actions it depends on, the target audit date and the Statement of Applicability's controls without a
/// justification (stage 1 only). The rules are in the module documentation.
pub fn readiness(
    stage: Stage,
    requirements: &[(&str, Status)],
    actions: &[&PlanAction],
    target: Option<Date>,
    unjustified_controls: usize,
) -> Readiness {
    let what = match stage {
        Stage::One => "reviewed at stage 1",
        Stage::Two => "tested at stage 2",
    };
    let ids = |keep: &dyn Fn(Status) -> bool| -> Vec<String> {
        requirements.iter().filter(|(_, s)| keep(*s)).map(|(id, _)| id.to_string()).collect()
    };
    let unmet = ids(&|s| matches!(s, Status::NonCompliant | Status::NotAssessed));
    let partial = ids(&|s| s == Status::PartiallyCompliant);
    let overdue: Vec<&&PlanAction> = actions.iter().filter(|a| a.overdue).collect();
    let late: Vec<&&PlanAction> = actions.iter().filter(|a| a.after_target).collect();
    let undated = actions.iter().filter(|a| a.due.is_none()).count();
    let mut reasons = Vec::new();
    let mut blocking = unmet.clone();
    let mut verdict = Verdict::Ready;
    if !unmet.is_empty() {
        verdict = Verdict::NotReady;
        reasons.push(format!(
            "{} {} {what} {} not met or not assessed: {}.",
            unmet.len(),
            crate::render::plural("requirement", unmet.len()),
            if unmet.len() == 1 { "is" } else { "are" },
            some(&unmet)
        ));
    }
    if !overdue.is_empty() || !late.is_empty() {
        verdict = Verdict::NotReady;
        for a in overdue.iter().chain(late.iter()) {
            for id in &a.requirements {
                if !blocking.contains(id) {
                    blocking.push(id.clone());
                }
            }
        }
        if !overdue.is_empty() {
            reasons.push(format!(
                "{} {} {} overdue.",
                overdue.len(),
                crate::render::plural("action", overdue.len()),
                if overdue.len() == 1 { "is" } else { "are" }
            ));
        }
        if let (false, Some(t)) = (late.is_empty(), target) {
            reasons.push(format!(
                "{} {} {} due after the target audit date, {t}.",
                late.len(),
                crate::render::plural("action", late.len()),
                if late.len() == 1 { "is" } else { "are" }
            ));
        }
    }
    if !partial.is_empty() {
        verdict = verdict.max(Verdict::AtRisk);
        reasons.push(format!(
            "{} {} {what} {} partly in place: {}.",
            partial.len(),
            crate::render::plural("requirement", partial.len()),
            if partial.len() == 1 { "is" } else { "are" },
            some(&partial)
        ));
    }
    if undated > 0 {
        verdict = verdict.max(Verdict::AtRisk);
        reasons.push(format!(
            "{} {} no due date yet.",
            crate::render::grouped(undated),
            if undated == 1 { "action has" } else { "actions have" }
        ));
    }
    if unjustified_controls > 0 {
        verdict = verdict.max(Verdict::AtRisk);
        reasons.push(format!(
            "The Statement of Applicability gives no justification for {unjustified_controls} Annex A {}.",
            crate::render::plural("control", unjustified_controls)
        ));
    }
    let order = |id: &String| requirements.iter().position(|(r, _)| r == id).unwrap_or(usize::MAX);
    blocking.sort_by_key(order);
    Readiness { verdict, label: verdict.label(), reasons, blocking, open_actions: actions.len(), deferred: Vec::new() }
}

/// At most [`LISTED`] IDs, then how many more there are: `4.1, 4.2 and 57 more`.
pub(super) fn some(ids: &[String]) -> String {
    match ids.len() {
        n if n <= LISTED => ids.join(", "),
        n => format!("{} and {} more", ids[..LISTED].join(", "), n - LISTED),
    }
}

/// How many requirement IDs a reason lists before it counts the rest.
const LISTED: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Effort;
    use crate::workspace::Status::*;

    fn action(phase: Phase, due: Option<Date>, overdue: bool, after_target: bool) -> PlanAction {
        PlanAction {
            rank: 1,
            requirement: "6.2".to_string(),
            title: "AI objectives".to_string(),
            kind: Kind::Clause,
            status: PartiallyCompliant,
            waived: false,
            phase,
            priority: crate::views::plan::Priority::High,
            action: String::new(),
            client_action: String::new(),
            planned: true,
            owner: None,
            due,
            overdue,
            effort: Some(Effort::Small),
            systems: Vec::new(),
            findings: Vec::new(),
            id: "act-0000000000".to_string(),
            requirements: vec!["6.2".to_string()],
            documents: Vec::new(),
            problems: Vec::new(),
            after_target,
            group: None,
            severity: 2,
            treats: Vec::new(),
            sources: Vec::new(),
            carried_by: Vec::new(),
            carried_by_ranks: Vec::new(),
            lifts: Vec::new(),
            lead_title: None,
            system_status: None,
            status_label: None,
            elsewhere: Vec::new(),
            refreshes: Vec::new(),
            records_disagree: None,
            notes: Vec::new(),
            legal_deadline: None,
        }
    }

    fn date(text: &str) -> Option<Date> {
        text.parse().ok()
    }

    #[test]
    fn nothing_open_is_ready() {
        let r = readiness(Stage::One, &[("4.1", Compliant), ("A.2.2", NotApplicable)], &[], None, 0);
        assert_eq!(r.verdict, Verdict::Ready);
        assert!(r.reasons.is_empty() && r.blocking.is_empty());
    }

    #[test]
    fn rule_1_a_requirement_not_met_or_not_assessed_blocks_the_stage() {
        for status in [NonCompliant, NotAssessed] {
            let r = readiness(Stage::One, &[("4.1", Compliant), ("6.2", status)], &[], None, 0);
            assert_eq!(r.verdict, Verdict::NotReady);
            assert_eq!(r.blocking, ["6.2"]);
            assert!(r.reasons[0].contains("reviewed at stage 1"), "{:?}", r.reasons);
        }
    }

    #[test]
    fn rule_2_an_overdue_action_or_one_due_after_the_target_blocks_the_stage() {
        let overdue = action(Phase::BeforeStage1, date("2026-01-01"), true, false);
        let r = readiness(Stage::One, &[("6.2", PartiallyCompliant)], &[&overdue], None, 0);
        assert_eq!(r.verdict, Verdict::NotReady);
        assert_eq!(r.blocking, ["6.2"]);
        let late = action(Phase::BeforeStage1, date("2027-06-01"), false, true);
        let r = readiness(Stage::Two, &[("6.2", PartiallyCompliant)], &[&late], date("2027-03-01"), 0);
        assert_eq!(r.verdict, Verdict::NotReady);
        assert!(r.reasons[0].contains("after the target audit date, 2027-03-01"), "{:?}", r.reasons);
    }

    #[test]
    fn rule_3_partial_gaps_undated_actions_and_unjustified_controls_put_the_stage_at_risk() {
        let on_time = action(Phase::BeforeStage1, date("2027-01-01"), false, false);
        let r = readiness(Stage::One, &[("6.2", PartiallyCompliant)], &[&on_time], date("2027-03-01"), 0);
        assert_eq!((r.verdict, r.blocking.len()), (Verdict::AtRisk, 0));
        let undated = action(Phase::BeforeStage2, None, false, false);
        let r = readiness(Stage::Two, &[("A.6.2.2", Compliant)], &[&undated], None, 0);
        assert_eq!(r.verdict, Verdict::AtRisk);
        let r = readiness(Stage::One, &[("4.1", Compliant)], &[], None, 2);
        assert_eq!(r.verdict, Verdict::AtRisk);
        assert!(r.reasons[0].contains("2 Annex A controls"), "{:?}", r.reasons);
    }

    #[test]
    fn the_deciding_rule_comes_first_and_blockers_keep_catalogue_order() {
        let late = action(Phase::BeforeStage1, date("2027-06-01"), false, true);
        let r = readiness(
            Stage::Two,
            &[("4.1", NotAssessed), ("6.2", PartiallyCompliant), ("A.2.2", NonCompliant)],
            &[&late],
            date("2027-03-01"),
            0,
        );
        assert_eq!(r.verdict, Verdict::NotReady);
        assert_eq!(r.blocking, ["4.1", "6.2", "A.2.2"]);
        assert!(r.reasons[0].starts_with("2 requirements tested at stage 2 are not met"), "{:?}", r.reasons);
    }
}
