//! What ties the plan's actions to the rest of the assessment: the risk register's open treatment actions that are
//! the same work as an action (one action per piece of work, the other records refer to it), the EU AI Act
//! obligations an action's requirements support (its legal deadline), and the context an action carries as a note
//! rather than as a shortfall (the AI literacy of EU AI Act Art. 4).
//!
//! The rules (docs/soa-and-plan.md, "One action per piece of work"):
//! - An open treatment action of a risk is the same work as the plan's action for one of the controls the
//!   treatment chooses, when that action concerns one of the risk's AI systems (or, planned by the organisation,
//!   no AI system in particular) and is not just a document to refresh. The first control of the treatment with
//!   such an action wins.
//! - The merged action takes its owner and due date from the most specific dated record: a treatment action (one
//!   commitment against one risk, tested under 8.3) before the requirement's planned action (which may cover
//!   several systems) before the requirement's owner. Among several treatment actions, the earliest due date wins.
//!   Every record stays in the JSON plan (`sources`, `risk_treatments`).
//! - A planned action of a requirement with overdue treatment actions (8.3's "close the open treatments") whose
//!   every overdue treatment is carried out by other actions refers to them (`carried_by`): it is not counted as
//!   work of its own, and the human plan shows "see action N" instead of a second owner and due date.
//! - A proposed action to refresh a document that a dated action the organisation planned for one of the same
//!   requirements names is that action's work ([`fold_reviews`]); an action "closes" only the requirements it
//!   leaves with nothing else to do, and only brings the evidence of the others up to date ([`refreshes`]).
//! - Records that plan the same work with different dates or owners are said plainly in the client's words
//!   (`records_disagree`).

use std::collections::HashMap;

use serde::Serialize;

use super::{PlanAction, RiskTreatment};
use crate::assess::Assessment;
use crate::assess::eu_ai_act::AI_LITERACY;
use crate::assess::eu_obligations::ObligationResult;
use crate::date::Date;
use crate::rules::Code;

/// One record that plans the work of an action: the requirement's planned action or a risk's treatment action.
#[derive(Debug, Clone, Serialize)]
pub struct ActionSource {
    /// `planned` for the requirement's planned action (assessment), `risk_treatment` for a treatment action of the
    /// risk register.
    pub origin: &'static str,
    /// What it belongs to: the requirement's ID, or the risk's.
    pub reference: String,
    /// What it says will be done.
    pub action: String,
    /// Who it names; `null` when nobody.
    pub owner: Option<String>,
    /// When it says the work is due; `null` when not set.
    pub due: Option<Date>,
    /// Whether the action takes its owner and due date from this record.
    pub chosen: bool,
}

/// The EU AI Act obligation that gives an action its legal deadline: the earliest-applying obligation, of the
/// organisation or of one of the action's AI systems, that is not met and that the action's work is for: one of its
/// requirements supports the obligation, or the action closes the obligation's own finding for that AI system (a
/// transparency fact of Art. 50 not recorded, an Art. 27 assessment or an Art. 26(7) notice missing).
#[derive(Debug, Clone, Serialize)]
pub struct LegalDeadline {
    /// The article: "Art. 4".
    pub article: String,
    /// What the obligation asks, in brief ("Check every AI system against the prohibited practices, and supply or
    /// use none that is one"), so that an article number is never read on its own.
    pub title: String,
    /// The date the obligation applies from.
    pub applies_from: Date,
    /// Whether it applies already at the as-of date.
    pub in_force: bool,
    /// Whether the deadline is near: the obligation applies already (to the organisation, or to an AI system placed
    /// on the market or put into service) or applies within [`LegalDeadline::NEAR_DAYS`] days of the as-of date. Such an action is listed among the executive summary's first actions whatever else comes
    /// first, and its row says the legal date.
    pub near: bool,
    /// For a proposed action with no due date and a near deadline, the due date the plan suggests: the date the
    /// obligation applies from, or the as-of date when it applies already. The action's `due` stays `null` until
    /// the organisation agrees a date; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested_due: Option<Date>,
}

impl LegalDeadline {
    /// The deadline in a sentence, as the executive summary and the workbook say it, the obligation named by its
    /// article and what it asks: near, "EU AI Act deadline 2026-12-02: Art. 50(2) (Synthetic content is marked as
    /// such) applies from that date." or "EU AI Act Art. 4 (AI literacy of staff …), in force since 2025-02-02: this
    /// work is still open."; further out, "Linked to EU AI Act Art. 17 (…), which applies from 2027-12-02." (or
    /// "which has applied since …").
    pub fn sentence(&self) -> String {
        let (article, date) = (format!("{} ({})", self.article, self.title), self.applies_from);
        match (self.near, self.in_force) {
            (true, true) => format!("EU AI Act {article}, in force since {date}: this work is still open."),
            (true, false) => format!("EU AI Act deadline {date}: {article} applies from that date."),
            (false, true) => format!("Linked to EU AI Act {article}, which has applied since {date}."),
            (false, false) => format!("Linked to EU AI Act {article}, which applies from {date}."),
        }
    }

    /// The deadline in a sentence for an action's notes, when it is near ([`LegalDeadline::sentence`]), then, for a
    /// proposal without a due date, "No due date is set; proposed: 2026-12-02." `None` when not near.
    pub fn near_sentence(&self) -> Option<String> {
        if !self.near {
            return None;
        }
        let mut text = self.sentence();
        if let Some(date) = self.suggested_due {
            text.push_str(&format!(" No due date is set; proposed: {date}."));
        }
        Some(text)
    }

    /// How many days ahead of the as-of date an EU AI Act obligation that is not met makes its action urgent
    /// whatever its phase: about a quarter, the time a small or medium piece of work needs once started. An
    /// obligation applying within it, or already applying, puts the action among the first actions of the
    /// executive summary (docs/soa-and-plan.md, "What to do first") and gives an undated proposed action the
    /// obligation's date as its suggested due date.
    pub const NEAR_DAYS: i64 = 90;
}

/// The finding the assessment raises for an AI system when an obligation of `id` lacks a fact it needs: the
/// finding whose action is the obligation's own work. `None` for obligations without such a finding.
fn fact_finding(id: &str) -> Option<Code> {
    match id {
        "art-50-1" | "art-50-2" | "art-50-3" | "art-50-4" => Some(Code::EuDisclosureMissing),
        "art-27" => Some(Code::EuFriaMissing),
        "art-26-7" => Some(Code::EuWorkersNotInformed),
        _ => None,
    }
}

/// Links the open treatment actions (`treatments`, register order) to the actions doing the same work, sets
/// each merged action's owner, due date and overdue flag from its most specific dated record, and marks the
/// planned actions whose overdue treatments other actions carry out. `actions` are in catalogue order.
pub(super) fn treatments(actions: &mut [PlanAction], treatments: &mut [RiskTreatment], assessment: &Assessment) {
    let systems_of = |risk: &str| -> Vec<String> {
        assessment
            .risk
            .as_ref()
            .and_then(|r| r.risks.iter().find(|x| x.id == risk))
            .map(|r| r.systems.clone())
            .unwrap_or_default()
    };
    for t in treatments.iter_mut() {
        let systems = systems_of(&t.risk);
        let same_work = |a: &PlanAction, control: &str| {
            a.requirements.iter().any(|r| r == control)
                && a.carried_by.is_empty()
                && (a.planned || a.documents.is_empty())
                && (a.systems.iter().any(|s| systems.contains(s)) || (a.systems.is_empty() && a.planned))
        };
        let Some(at) = t.controls.iter().find_map(|c| actions.iter().position(|a| same_work(a, c))) else {
            continue;
        };
        let a = &mut actions[at];
        if !a.treats.contains(&t.risk) {
            a.treats.push(t.risk.clone());
        }
        if a.sources.is_empty() && a.planned {
            a.sources.push(ActionSource {
                origin: "planned",
                reference: a.requirement.clone(),
                action: a.client_action.clone(),
                owner: a.owner.clone(),
                due: a.due,
                chosen: false,
            });
        }
        a.sources.push(ActionSource {
            origin: "risk_treatment",
            reference: t.risk.clone(),
            action: t.action.clone(),
            owner: t.owner.clone(),
            due: t.due,
            chosen: false,
        });
        t.plan_action = Some(a.id.clone());
    }
    for a in actions.iter_mut().filter(|a| !a.sources.is_empty()) {
        // The most specific dated record: the earliest-due treatment action, else the planned action.
        let chosen = a
            .sources
            .iter()
            .enumerate()
            .filter(|(_, s)| s.origin == "risk_treatment" && s.due.is_some())
            .min_by_key(|(_, s)| s.due)
            .map(|(i, _)| i)
            .or_else(|| a.sources.iter().position(|s| s.origin == "planned" && s.due.is_some()));
        let Some(i) = chosen else { continue };
        a.sources[i].chosen = true;
        let source = &a.sources[i];
        a.due = source.due;
        a.owner = source.owner.clone().or_else(|| a.owner.clone());
        a.overdue = a.due.is_some_and(|d| d < assessment.as_of);
        a.records_disagree = disagreement(&a.sources, assessment.as_of);
    }
    // A planned action of a requirement with overdue treatments, all of them carried out by other actions.
    let overdue: Vec<&RiskTreatment> = treatments.iter().filter(|t| t.overdue).collect();
    if overdue.is_empty() || overdue.iter().any(|t| t.plan_action.is_none()) {
        return;
    }
    let mut carriers: Vec<String> = Vec::new();
    for t in &overdue {
        if let Some(id) = &t.plan_action
            && !carriers.contains(id)
        {
            carriers.push(id.clone());
        }
    }
    for a in actions.iter_mut() {
        if a.planned && a.findings.contains(&Code::RiskActionOverdue) && !carriers.contains(&a.id) {
            a.carried_by = carriers.clone();
        }
    }
}

/// When the records that plan one piece of work (`sources`, the chosen one marked) give different due dates or
/// owners, the sentence the client's documents show: each record by what the client knows it as (the risk register
/// and the risk, the action planned for the requirement), with its date, whether that date has passed at `as_of`, and its
/// owner where the owners differ, then what to agree: "The risk register (R-14) sets 2026-09-30, now overdue; the
/// action planned for A.6.2.8 says 2027-01-29. Agree one date." `None` when every record agrees.
fn disagreement(sources: &[ActionSource], as_of: Date) -> Option<String> {
    let chosen = sources.iter().find(|s| s.chosen)?;
    let dates = sources.iter().any(|s| s.due != chosen.due);
    let owners = sources.iter().any(|s| s.owner.is_some() && chosen.owner.is_some() && s.owner != chosen.owner);
    if !dates && !owners {
        return None;
    }
    // The chosen record first: it is the one the row shows.
    let others = sources.iter().filter(|s| !s.chosen && (s.due != chosen.due || (owners && s.owner != chosen.owner)));
    let said: Vec<String> = std::iter::once(chosen)
        .chain(others)
        .enumerate()
        .map(|(i, s)| {
            let (record, verb) = match s.origin {
                "risk_treatment" => (format!("the risk register ({})", s.reference), "sets"),
                _ => (format!("the organisation's action plan for {}", s.reference), "says"),
            };
            let verb = if dates { verb } else { "names" };
            let when = match s.due {
                Some(d) if dates && d < as_of => format!(" {d}, now overdue"),
                Some(d) if dates => format!(" {d}"),
                None if dates => " no date".to_string(),
                _ => String::new(),
            };
            let who = match (&s.owner, owners) {
                (Some(o), true) if dates => format!(", with {o} as owner"),
                (Some(o), true) => format!(" {o} as owner"),
                _ => String::new(),
            };
            let text = format!("{record} {verb}{when}{who}");
            if i == 0 { crate::render::capitalised(&text) } else { text }
        })
        .collect();
    let agree = match (dates, owners) {
        (true, true) => "Agree one owner and date.",
        (true, false) => "Agree one date.",
        _ => "Agree one owner.",
    };
    Some(format!("{}. {agree}", said.join("; ")))
}

/// One action per record that falls short (docs/soa-and-plan.md, "One action per piece of work"): a record of the
/// risk register or the impact assessments that is unfit lowers several requirements at once (Nora's impact
/// assessment leaving out societal impacts lowers A.5.5 for Nora, and 8.4, 6.1.4 and A.5.2 for the organisation),
/// and fixing the record lifts them all. `records[i]` is what `actions[i]` rests on: the records of its shortfalls
/// ([`super::shortfalls::record_of`]: key and how directly) and whether it rests on nothing else.
///
/// Each record's work belongs to the action that concerns it most directly (an AI system's own finding, then the
/// organisation's, then a pointer from another member of the family; among equals, the first in catalogue order).
/// An action the assessment proposes that rests only on records whose work belongs to other actions is carried out
/// by them (`carried_by`); each of those names the requirements it also lifts (`lifts`) and moves to the earliest
/// phase among them. A planned action of the organisation stays work of its own.
pub(super) fn knock_ons(actions: &mut [PlanAction], records: &[(&[(String, u8)], bool)]) {
    // Each record's most direct holders: the level, and every action at that level, in catalogue order.
    let mut holders: HashMap<&str, (u8, Vec<usize>)> = HashMap::new();
    for (i, (held, _)) in records.iter().enumerate() {
        for (key, level) in held.iter() {
            let slot = holders.entry(key.as_str()).or_insert((*level, Vec::new()));
            if *level > slot.0 {
                *slot = (*level, Vec::new());
            }
            if *level == slot.0 && !slot.1.contains(&i) {
                slot.1.push(i);
            }
        }
    }
    for (i, (held, only)) in records.iter().enumerate() {
        let a = &actions[i];
        if !only || a.planned || !a.documents.is_empty() || !a.carried_by.is_empty() {
            continue;
        }
        let mut carriers: Vec<usize> = Vec::new();
        for (key, _) in held.iter() {
            let Some((level, at)) = holders.get(key.as_str()) else { continue };
            // AI systems' own findings on different controls (A.5.4 and A.5.5 of one assessment) are each work of
            // their own; the organisation's same finding on two requirements is the first one's work.
            let by: &[usize] = match at.iter().position(|&x| x == i) {
                Some(_) if *level == 2 => &[i],
                Some(_) => &at[..1],
                None => at,
            };
            for &c in by {
                if !carriers.contains(&c) {
                    carriers.push(c);
                }
            }
        }
        if carriers.is_empty() || carriers.contains(&i) {
            continue;
        }
        let (ids, lifted, phase) = (
            carriers.iter().map(|&c| actions[c].id.clone()).collect::<Vec<_>>(),
            actions[i].requirements.clone(),
            actions[i].phase,
        );
        actions[i].carried_by = ids;
        for c in carriers {
            let carrier = &mut actions[c];
            for r in &lifted {
                if !carrier.requirements.contains(r) && !carrier.lifts.contains(r) {
                    carrier.lifts.push(r.clone());
                }
            }
            carrier.phase = carrier.phase.min(phase);
        }
    }
}

/// Sets each action's legal deadline: the earliest EU AI Act obligation, in force or not, of the organisation or of
/// one of the action's AI systems, that one of the action's requirements supports while it is unmet, or whose
/// missing fact the action's finding for that AI system asks for ([`LegalDeadline`]); and, when that deadline is
/// near and the action is proposed without a due date, its suggested due date. AI literacy
/// (Art. 4), reduced to encouragement by Regulation (EU) 2026/1744, is the action's note instead.
pub(super) fn legal_deadlines(actions: &mut [PlanAction], assessment: &Assessment) {
    let Some(eu) = &assessment.eu_ai_act else { return };
    let organisation = eu.organisation.iter().map(|o| (None, o));
    let systems =
        eu.systems.iter().filter(|s| s.in_scope).flat_map(|s| s.obligations.iter().map(move |o| (Some(&s.id), o)));
    let obligations: Vec<(Option<&String>, &ObligationResult)> = organisation.chain(systems).collect();
    // The earliest obligation (date, then order) each unmet requirement supports, per AI system (`None`: the
    // organisation's) and over all of them, so that each action looks up its own requirements and systems instead
    // of scanning every obligation of every system.
    type Earliest = (Date, usize);
    let keep = |slot: &mut Option<Earliest>, x: Earliest| {
        if slot.is_none_or(|y| x < y) {
            *slot = Some(x);
        }
    };
    let mut per_system: HashMap<(&str, Option<&str>), Option<Earliest>> = HashMap::new();
    let mut any: HashMap<&str, Option<Earliest>> = HashMap::new();
    // AI literacy (Art. 4) is context for an action, its note, not a legal deadline (`AI_LITERACY`).
    for (i, (system, o)) in obligations.iter().enumerate().filter(|(_, (_, o))| o.id != AI_LITERACY) {
        for s in o.support.iter().filter(|s| s.status.is_gap()) {
            let at = (o.applies_from, i);
            keep(per_system.entry((s.requirement.as_str(), system.map(String::as_str))).or_default(), at);
            keep(any.entry(s.requirement.as_str()).or_default(), at);
        }
    }
    // The obligations of each AI system that lack a fact, by the finding that asks for it: the action closing that
    // finding for the system is the obligation's own work, whichever requirement carries the finding.
    let mut by_fact: HashMap<(&str, Code), Option<Earliest>> = HashMap::new();
    for (i, (system, o)) in obligations.iter().enumerate() {
        let (Some(system), Some(code)) = (system, fact_finding(&o.id)) else { continue };
        if o.facts.iter().any(|f| !f.recorded) {
            keep(by_fact.entry((system.as_str(), code)).or_default(), (o.applies_from, i));
        }
    }
    let as_of = assessment.as_of;
    for a in actions.iter_mut() {
        let mut best: Option<Earliest> = None;
        for s in &a.systems {
            for code in &a.findings {
                by_fact.get(&(s.as_str(), *code)).copied().flatten().into_iter().for_each(|x| keep(&mut best, x));
            }
        }
        // The requirements it closes. Those it only lifts as a knock-on of the same record give no legal deadline:
        // the knock-on says the records agree, not that this work is what the obligation asks for.
        for r in &a.requirements {
            if a.systems.is_empty() {
                any.get(r.as_str()).copied().flatten().into_iter().for_each(|x| keep(&mut best, x));
            } else {
                for s in std::iter::once(None).chain(a.systems.iter().map(|s| Some(s.as_str()))) {
                    per_system.get(&(r.as_str(), s)).copied().flatten().into_iter().for_each(|x| keep(&mut best, x));
                }
            }
        }
        a.legal_deadline = best.map(|(_, i)| {
            let o = obligations[i].1;
            // In force, it is near only where it applies now: a system still in design takes it on when placed on
            // the market or put into service.
            let near =
                if o.in_force { o.applies_now } else { as_of.days_until(o.applies_from) <= LegalDeadline::NEAR_DAYS };
            let suggested_due = (near && !a.planned && a.due.is_none()).then(|| o.applies_from.max(as_of));
            LegalDeadline {
                article: o.article.clone(),
                title: o.title.clone(),
                applies_from: o.applies_from,
                in_force: o.in_force,
                near,
                suggested_due,
            }
        });
    }
}

/// The note an action of `requirement` carries for the EU AI Act's AI literacy (Art. 4): context for why the
/// requirement matters, not a shortfall of its own.
pub(super) fn literacy_note(requirement: &str, title: &str) -> String {
    format!(
        "The AI literacy the EU AI Act expects of the organisation's staff (Art. 4) relies on {requirement} {title}; \
         closing this gap also supports it."
    )
}

/// Which requirements each action only brings the evidence of up to date (`refreshes`): of an action that lists
/// several requirements, those for which another action remains to be done, one that this action does not carry
/// out. Saying the action "closes" them would overstate it.
pub(super) fn refreshes(actions: &mut [&mut PlanAction]) {
    let mut by_requirement: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in actions.iter().enumerate() {
        for r in &a.requirements {
            by_requirement.entry(r.as_str()).or_default().push(i);
        }
    }
    let found: Vec<(usize, Vec<String>)> = actions
        .iter()
        .enumerate()
        .filter(|(_, a)| a.requirements.len() > 1)
        .map(|(i, a)| {
            let open = |r: &String| {
                by_requirement[r.as_str()].iter().any(|&j| j != i && !actions[j].carried_by.contains(&a.id))
            };
            (i, a.requirements.iter().filter(|r| open(r)).cloned().collect())
        })
        .collect();
    for (i, refreshed) in found {
        actions[i].refreshes = refreshed;
    }
}

/// One piece of work once (docs/soa-and-plan.md, "One action per piece of work"): a proposed action on a document
/// (key `doc|…` in `by_key`) is folded into a dated action the organisation planned for one of the same
/// requirements when that action names the document (its words contain the document's title: "Review the incident
/// procedure and add a route for concerns about AI"), or when the document is a draft to approve, of the
/// organisation or of an AI system the planned action concerns (a planned action that names no AI system concerns
/// them all): the draft is that work's record ("Add an automated answer-accuracy measure to Nora's daily dashboard"
/// and the draft monitoring plan that adds it). The organisation's action keeps its owner, due date and words, to
/// which a draft it does not name adds its approval ("…, and have the monitoring plan approved"); it takes the
/// document, its shortfalls and the requirements it closes, and comes where the earlier of the two came (its phase
/// and catalogue position, the first of each pair). `held[i]` is what `actions[i]` holds.
pub(super) fn fold_reviews(
    actions: &mut Vec<(usize, PlanAction)>,
    held: &mut Vec<super::Held>,
    by_key: &HashMap<String, usize>,
) {
    let names = |planned: &PlanAction, document: &PlanAction| {
        let words = planned.client_action.to_lowercase();
        // The record's title as the proposed action quotes it, and the file's name as words.
        let quoted = document.client_action.split(['\u{201c}', '\u{201d}']).nth(1).map(str::to_lowercase);
        let file = document
            .documents
            .iter()
            .filter_map(|d| crate::render::document_title(None, Some(d), None, None, None))
            .map(|t| t.to_lowercase());
        quoted.into_iter().chain(file).any(|t| !t.is_empty() && words.contains(&t))
    };
    // A draft to approve, of the organisation or of AI systems the planned action concerns (it concerns the
    // organisation's systems as a whole when it names none).
    let draft_of = |planned: &PlanAction, document: &PlanAction| {
        !document.findings.is_empty()
            && document.findings.iter().all(|c| *c == Code::EvidenceDraft)
            && (planned.systems.is_empty() || document.systems.iter().all(|s| planned.systems.contains(s)))
    };
    // The organisation's dated actions by the requirement they are listed under, in action order: looked up for
    // each document rather than searched (a large inventory has thousands of both).
    let mut dated: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, p)) in actions.iter().enumerate().filter(|(_, (_, p))| p.planned && p.due.is_some()) {
        dated.entry(p.requirement.as_str()).or_default().push(i);
    }
    // (the proposed action, the organisation's action, whether the organisation's words name the document)
    let mut folds: Vec<(usize, usize, bool)> = by_key
        .iter()
        .filter(|(key, _)| key.starts_with("doc|"))
        .filter_map(|(_, &d)| {
            let document = &actions[d].1;
            let mut candidates: Vec<usize> =
                document.requirements.iter().filter_map(|r| dated.get(r.as_str())).flatten().copied().collect();
            candidates.sort_unstable();
            candidates.dedup();
            if let Some(&into) = candidates.iter().find(|&&i| names(&actions[i].1, document)) {
                return Some((d, into, true));
            }
            let into = *candidates.iter().find(|&&i| draft_of(&actions[i].1, document))?;
            Some((d, into, false))
        })
        .collect();
    drop(dated);
    if folds.is_empty() {
        return;
    }
    folds.sort_unstable();
    for &(d, into, named) in &folds {
        let (order, document) = actions[d].clone();
        let (at, p) = &mut actions[into];
        *at = (*at).min(order);
        if !named {
            approval_too(p, &document.documents);
        }
        extend_new(&mut p.requirements, document.requirements);
        extend_new(&mut p.systems, document.systems);
        extend_new(&mut p.documents, document.documents);
        extend_new(&mut p.findings, document.findings);
        p.problems.extend(document.problems);
        p.status = super::worst(p.status, document.status);
        p.phase = p.phase.min(document.phase);
        p.effort = p.effort.max(document.effort);
        p.severity = p.severity.max(document.severity);
        p.waived &= document.waived;
        let records = std::mem::take(&mut held[d].records);
        let unrecorded = held[d].unrecorded;
        let h = &mut held[into];
        extend_new(&mut h.records, records);
        h.unrecorded |= unrecorded;
    }
    let folded: std::collections::HashSet<usize> = folds.iter().map(|&(d, _, _)| d).collect();
    remove_at(actions, &folded);
    remove_at(held, &folded);
}

/// Completes the words of a planned action with the approval of the draft `documents` folded into it: the client's
/// words name each by what it is ("Add an automated answer-accuracy measure to Nora's daily dashboard, and have the
/// monitoring plan approved"), the practitioner's by its path.
fn approval_too(planned: &mut PlanAction, documents: &[String]) {
    let titles: Vec<String> = documents
        .iter()
        .map(|d| {
            crate::render::document_title(None, Some(d), None, None, None)
                .map_or_else(|| "the draft".to_string(), |t| format!("the {}", super::client::lower_first(&t)))
        })
        .collect();
    let paths: Vec<String> = documents.iter().map(|d| format!("`{d}`")).collect();
    let complete = |words: &str, names: &[String]| {
        let (stem, stop) = match words.trim_end().strip_suffix('.') {
            Some(stem) => (stem, "."),
            None => (words.trim_end(), ""),
        };
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        format!("{stem}, and have {} approved{stop}", super::client::and_list(&names))
    };
    planned.client_action = complete(&planned.client_action, &titles);
    planned.action = complete(&planned.action, &paths);
}

/// Appends the items of `from` that `into` does not hold yet, in order.
pub(super) fn extend_new<T: PartialEq>(into: &mut Vec<T>, from: impl IntoIterator<Item = T>) {
    for x in from {
        if !into.contains(&x) {
            into.push(x);
        }
    }
}

/// Removes the items of `list` at the indexes of `at`, keeping the others in order.
fn remove_at<T>(list: &mut Vec<T>, at: &std::collections::HashSet<usize>) {
    let mut i = 0;
    list.retain(|_| {
        i += 1;
        !at.contains(&(i - 1))
    });
}
