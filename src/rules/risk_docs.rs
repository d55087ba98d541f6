//! The documentation of the codes about AI risk records: the risk register, the risk criteria and the impact
//! assessments (docs/risk.md). [`Code::rule`] refers to these.

use super::{Code, Rule, RuleKind};

pub(super) const RISK_SYSTEM_UNCOVERED: Rule = Rule {
    code: Code::RiskSystemUncovered,
    kind: RuleKind::Finding,
    title: "AI system not covered by the risk assessment",
    checks: "The workspace keeps a risk register, and an in-scope AI system (not retired) is named by no risk with an \
             inherent rating. Listed on 8.2.",
    why: "8.2 expects AI risk assessments to be carried out for the AI systems in scope; a system the register never \
          mentions has not been assessed, whatever the register says about the others.",
    example: "# systems/chatbot.yaml exists; no risk in risks.yaml has `systems: [chatbot]`",
    fix: "Assess the system's risks and add them to the register with `systems: [ID]` and an `inherent:` rating, or \
          take the system out of scope (`in_scope: false`).",
};

pub(super) const RISK_INCOMPLETE: Rule = Rule {
    code: Code::RiskIncomplete,
    kind: RuleKind::Finding,
    title: "Risk without owner, rating or review date",
    checks: "A risk of the register has no `owner`, no `inherent` rating or no `reviewed` date. Listed on 6.1.2, and \
             as a pointer (\"lowered with 6.1.2\") on 6.1.3, 8.2 and 8.3, which it lowers too.",
    why: "6.1.2 asks for a repeatable risk assessment against the organisation's criteria: a risk nobody owns, that \
          is not rated on the scales, or that was never reviewed cannot be compared, prioritised or followed up.",
    example: "risks:\n  - id: R-4\n    title: Chatbot gives wrong repayment figures",
    fix: "Add `owner:`, `inherent: {likelihood: .., consequence: ..}` on the scales of aims.toml `[risk]`, and \
          `reviewed:` with the date of the last review.",
};

pub(super) const RISK_REVIEW_STALE: Rule = Rule {
    code: Code::RiskReviewStale,
    kind: RuleKind::Finding,
    title: "Risk review overdue",
    checks: "A risk's `reviewed` date plus aims.toml `[risk] review_interval_months` (default 12) lies before the \
             as-of date. Listed on 6.1.2.",
    why: "AI risks change with the data, the model and its use; 6.1.2 and 8.2 expect assessments to be repeated at \
          planned intervals, and an auditor samples the dates.",
    example: "    reviewed: 2024-06-30",
    fix: "Review the risk with its owner, update the ratings and treatment if needed, and record the new date.",
};

pub(super) const RISK_UNTREATED: Rule = Rule {
    code: Code::RiskUntreated,
    kind: RuleKind::Finding,
    title: "Risk above the threshold without treatment",
    checks: "A risk whose inherent rating (likelihood × consequence) is above aims.toml `[risk] accept_up_to` has \
             neither a treatment that chooses controls and plans actions, nor an acceptance by one of the acceptors. \
             A `retain` or `avoid` treatment needs an acceptance or actions instead of controls. Listed on 6.1.3.",
    why: "6.1.3 expects every risk the criteria do not accept to be treated: options chosen, controls selected and a \
          plan to put them in place, or a conscious decision by someone entitled to take it.",
    example: "    inherent: {likelihood: 4, consequence: 5}\n    # no treatment, no acceptance",
    fix: "Add `treatment:` with the option, the Annex A `controls:` chosen and `actions:` with owners and due dates, \
          or have an acceptor record `acceptance: {by: .., on: ..}`.",
};

pub(super) const RISK_ACTION_OVERDUE: Rule = Rule {
    code: Code::RiskActionOverdue,
    kind: RuleKind::Finding,
    title: "Risk treatment action overdue",
    checks: "A treatment action without a `done` date is due before the as-of date. Listed on 8.3.",
    why: "8.3 expects the risk treatment plan to be carried out; an overdue action leaves the risk at its inherent \
          level for longer than planned.",
    example: "      actions:\n        - description: Add a fairness test to the release pipeline\n          due: 2026-03-31",
    fix: "Finish the action and record `done:` with its date, or agree a new due date with its owner.",
};

pub(super) const RISK_RESIDUAL_UNACCEPTED: Rule = Rule {
    code: Code::RiskResidualUnaccepted,
    kind: RuleKind::Finding,
    title: "Residual risk above the threshold not accepted",
    checks: "A risk's residual rating is above aims.toml `[risk] accept_up_to` and no acceptor has accepted it. \
             Listed on 8.3.",
    why: "6.1.3 and 8.3 expect the risk owners to approve the treatment plan and accept the risk that remains; a \
          residual risk above the criteria that nobody accepted is an open decision.",
    example: "    residual: {likelihood: 3, consequence: 4}\n    # no acceptance",
    fix: "Treat the risk further until the residual rating is acceptable, or have one of the acceptors record \
          `acceptance: {by: .., on: ..}`.",
};

pub(super) const RISK_CONTROL_EXCLUDED: Rule = Rule {
    code: Code::RiskControlExcluded,
    kind: RuleKind::Finding,
    title: "Control chosen by a treatment but excluded",
    checks: "A risk treatment chooses an Annex A control that the assessment marks `not_applicable`. Listed on 6.1.3.",
    why: "The Statement of Applicability must hold the controls the risk treatment needs (6.1.3); a chosen control \
          that is also excluded is a contradiction an auditor will find at once.",
    example: "    treatment:\n      controls: [\"A.7.4\"]\n# assessment: A.7.4 not_applicable",
    fix: "Include the control in the assessment (and implement it), or choose another control for the treatment.",
};

pub(super) const CONTROL_WITHOUT_REASON: Rule = Rule {
    code: Code::ControlWithoutReason,
    kind: RuleKind::Finding,
    title: "Included control that no risk or stated reason calls for",
    checks: "The workspace keeps a risk register, and Annex A controls are included in the assessment while no risk \
             treatment chooses them and their `reasons` name none of `legal_or_regulatory`, `contractual` or \
             `business_need`. One \
             finding on 6.1.3 lists them all; it does not lower any status.",
    why: "6.1.3 asks the organisation to justify each inclusion; the register is the natural justification, and a \
          control without one is either a treatment the register forgot or a reason the SoA should state.",
    example: "  - requirement: \"A.8.3\"\n    status: compliant\n# no risk lists A.8.3 under treatment.controls",
    fix: "Add the control to the treatment of the risk it addresses, or state the reason (`reasons:`) in the \
          assessment entry.",
};

pub(super) const IMPACT_ASSESSMENT_MISSING: Rule = Rule {
    code: Code::ImpactAssessmentMissing,
    kind: RuleKind::Finding,
    title: "AI system without an impact assessment",
    checks: "The workspace keeps impact assessments (impact-assessments/), and an in-scope AI system due one (A.5.3 \
             concerns its AI role, is not excluded for it and is due at its life-cycle stage) has none. Listed on \
             6.1.4 and A.5.2, and as a pointer on 8.4, which it lowers too. Without impact-assessments/, also the \
             pointer (\"lowered with A.5.3\") on 6.1.4, 8.4 and A.5.2 when such a system has no impact_assessment \
             record, or excludes A.5.3 without a justification.",
    why: "6.1.4 and A.5.2 expect a process that assesses the consequences of every AI system in scope for \
          individuals, groups and society; one system left out shows the process does not reach it.",
    example: "# impact-assessments/credit-scoring.yaml exists; none names `system: chatbot`",
    fix: "Write impact-assessments/ID.yaml for the system (`aims init` scaffolds the structure).",
};

pub(super) const IMPACT_ASSESSMENT_INCOMPLETE: Rule = Rule {
    code: Code::ImpactAssessmentIncomplete,
    kind: RuleKind::Finding,
    title: "Impact assessment leaves out an area of impact",
    checks: "An impact assessment's `areas` lack one of fundamental_rights, fairness, privacy, safety (the areas of \
             A.5.4) or economic, environment, societal (A.5.5). Listed on 8.4 and on the control concerned for the \
             system, and as a pointer (\"lowered with 8.4\") on 6.1.4 and A.5.2, which it lowers too. Without \
             impact-assessments/, also the pointer (\"lowered with A.5.4\" or A.5.5) on 6.1.4, 8.4 and A.5.2 when an \
             AI system due them has no impact_on_individuals or societal_impact record.",
    why: "A.5.4 and A.5.5 ask for the impact on individuals, groups and society to be assessed; ISO/IEC 42005 guides \
          through these areas. An area left out cannot be told apart from one never considered.",
    example: "areas:\n  - area: privacy\n    impact: Applicants' financial data is processed",
    fix: "Add an entry for each missing area; where the system has no such impact, say so in `impact:`.",
};

pub(super) const IMPACT_ASSESSMENT_UNAPPROVED: Rule = Rule {
    code: Code::ImpactAssessmentUnapproved,
    kind: RuleKind::Finding,
    title: "Impact assessment not approved",
    checks: "An impact assessment has no `approved: {by, on}`. Listed on 8.4 and A.5.3 for the system, and as a \
             pointer on the requirements it lowers with them: 6.1.4 and A.5.2, and A.5.4 and A.5.5 for the system. \
             Without impact-assessments/, also the pointer (\"lowered with A.5.3\") on 6.1.4, 8.4 and A.5.2 when an \
             AI system's impact assessment record is a draft or superseded.",
    why: "A.5.3 expects the results of impact assessments to be documented and kept; an unapproved assessment is a \
          draft, and nobody has taken responsibility for its conclusions.",
    example: "system: credit-scoring\nscope: Retail credit decisions\n# no approved:",
    fix: "Have the accountable person approve it and record `approved: {by: .., on: ..}`.",
};

pub(super) const IMPACT_ASSESSMENT_STALE: Rule = Rule {
    code: Code::ImpactAssessmentStale,
    kind: RuleKind::Finding,
    title: "Impact assessment not current",
    checks: "An impact assessment has no `reviewed` date, or its date plus aims.toml `[risk] review_interval_months` \
             lies before the as-of date. Listed on 8.4 and A.5.3 for the system, and as a pointer on 6.1.4 and A.5.2, \
             and on A.5.4 and A.5.5 for the system, which it lowers too. Without impact-assessments/, also the \
             pointer (\"lowered with A.5.3\") on 6.1.4, 8.4 and A.5.2 when an AI system's impact assessment record \
             is undated, stale or not yet effective.",
    why: "8.4 expects impact assessments to be repeated at planned intervals and when the system or its use changes.",
    example: "reviewed: 2024-02-01",
    fix: "Review the assessment against the system as it is today and record the new date.",
};

pub(super) const DUPLICATE_RECORD: Rule = Rule {
    code: Code::DuplicateRecord,
    kind: RuleKind::Diagnostic,
    title: "Risk or impact assessment recorded twice",
    checks: "Two risks with the same ID (in any letter case, in any register file), two impact assessments of the \
             same AI system, or one area twice in an impact assessment.",
    why: "Two records for one thing cannot both be true; aims refuses to pick one.",
    example: "risks:\n  - id: R-1\n    title: A\n  - id: R-1\n    title: B",
    fix: "Give each risk its own ID, keep one impact assessment per system, and describe each area once.",
};

pub(super) const ACCEPTANCE_NOT_ALLOWED: Rule = Rule {
    code: Code::AcceptanceNotAllowed,
    kind: RuleKind::Diagnostic,
    title: "Risk accepted by someone not allowed to",
    checks: "A risk's `acceptance.by` is not one of aims.toml `[risk] acceptors` (compared without regard to letter \
             case), or aims.toml names no acceptors.",
    why: "6.1.1 and 6.1.3 leave it to the organisation's criteria who may accept AI risks; an acceptance by anyone \
          else decides nothing.",
    example: "    acceptance: {by: Product intern, on: 2026-10-01}",
    fix: "Have one of the acceptors accept the risk, or add the person to `[risk] acceptors` if they are entitled.",
};
