//! The user documentation of every code: the arms of [`Code::rule`], which `aims explain CODE` prints and
//! docs/rules.md lists. Kept apart from the registry in `rules.rs` so that each file stays readable.

use super::{Code, Rule, RuleKind, risk_docs};

impl Code {
    /// The documentation of this code: what `aims explain` prints and docs/rules.md lists. The match is
    /// exhaustive, so a code without documentation does not compile.
    pub const fn rule(self) -> &'static Rule {
        match self {
            // ----- assessment findings ------------------------------------------------------------------------------------
            Code::NotAssessed => &Rule {
                code: Code::NotAssessed,
                kind: RuleKind::Finding,
                title: "Requirement not assessed",
                checks: "A requirement has no entry in the assessment, or its entry says `not_assessed`.",
                why: "Certification covers every clause of 4-10 and every Annex A control in the Statement of Applicability \
              (6.1.3); an unassessed requirement is an unknown, and an auditor treats unknowns as gaps.",
                example: "requirements:\n  - requirement: \"9.2.1\"\n    status: not_assessed",
                fix: "Interview the owner with the questions `aims controls ID` lists, then record a status and evidence.",
            },
            Code::GapDeclared => &Rule {
                code: Code::GapDeclared,
                kind: RuleKind::Finding,
                title: "Gap declared by the organisation",
                checks: "The workspace itself declares a requirement `partially_compliant` or `non_compliant`.",
                why: "A known gap is a nonconformity waiting to be found; 10.2 expects it to be corrected and tracked.",
                example: "  - requirement: \"A.6.2.4\"\n    status: non_compliant\n    action:\n      description: Write a validation plan\n      due: 2027-03-31",
                fix: "Plan an action with an owner and a due date (`action:`), carry it out, then attach the evidence.",
            },
            Code::ActionMissing => &Rule {
                code: Code::ActionMissing,
                kind: RuleKind::Finding,
                title: "Gap without a planned action",
                checks: "A requirement that is not met has no `action:` with a description.",
                why: "6.1.3 and 10.2 expect identified gaps to be treated by planned actions with owners and deadlines.",
                example: "  - requirement: \"7.2\"\n    status: partially_compliant",
                fix: "Add `action:` with `description`, `owner` and `due`.",
            },
            Code::ActionOverdue => &Rule {
                code: Code::ActionOverdue,
                kind: RuleKind::Finding,
                title: "Planned action overdue",
                checks: "The due date of a gap's planned action is before the assessment date.",
                why: "Management review (9.3) looks at the status of actions; overdue actions show the plan is not working.",
                example: "    action:\n      description: Train reviewers\n      due: 2026-01-31",
                fix: "Finish the action and update the status, or agree a new due date and record why it moved.",
            },
            Code::ClaimWithoutEvidence => &Rule {
                code: Code::ClaimWithoutEvidence,
                kind: RuleKind::Finding,
                title: "Claim without evidence",
                checks: "A requirement is declared `compliant` without any evidence, or an evidence item names no file, \
                 URL or document-register ID.",
                why: "A claim is not evidence: an auditor samples records (7.5), so aims scores a bare claim as partially \
              compliant until something shows it.",
                example: "  - requirement: \"5.2\"\n    status: compliant",
                fix: "Add `evidence:` with the file that shows the requirement is met (or the `url:` or `register_id:` of \
              a document kept elsewhere) and the date it was last reviewed.",
            },
            Code::EvidenceMissing => &Rule {
                code: Code::EvidenceMissing,
                kind: RuleKind::Finding,
                title: "Evidence file does not exist or is not evidence",
                checks: "An evidence path points at a file that is not in the workspace, or at something that cannot be \
                 evidence: an empty file, a folder, a pipe or device, or a workspace input file such as \
                 assessment.yaml (`aims validate` reports those as `evidence-unusable`).",
                why: "Documented information must be available where it is needed (7.5.3); a reference to nothing proves nothing.",
                example: "    evidence:\n      - file: evidence/ai-policy-v3.pdf",
                fix: "Put the file at that path (relative to the workspace folder) or correct the path.",
            },
            Code::EvidenceStale => &Rule {
                code: Code::EvidenceStale,
                kind: RuleKind::Finding,
                title: "Evidence past its review date",
                checks: "An evidence item's `reviewed` date is older than the review interval (aims.toml \
                 `[evidence] review_interval_months`, default 12) before the assessment date.",
                why: "Documented information has to be kept current (7.5.2, 7.5.3), and the AI policy and impact \
              assessments have to be reviewed at planned intervals (A.2.4, 8.4).",
                example: "    evidence:\n      - file: evidence/risk-register.xlsx\n        reviewed: 2024-05-01",
                fix: "Review the document, update it if needed, and set `reviewed` to the date of that review.",
            },
            Code::EvidenceUndated => &Rule {
                code: Code::EvidenceUndated,
                kind: RuleKind::Finding,
                title: "Evidence without a review date",
                checks: "An evidence item has no `reviewed` date, so nobody can tell whether it is current.",
                why: "Control of documented information (7.5.3) includes knowing which version is current and when it was \
              last reviewed. aims does not guess from file dates, which change with every checkout.",
                example: "    evidence:\n      - file: evidence/competence-matrix.md",
                fix: "Add `reviewed: YYYY-MM-DD` with the date the document was last reviewed.",
            },
            Code::EvidenceDraft => &Rule {
                code: Code::EvidenceDraft,
                kind: RuleKind::Finding,
                title: "Evidence is a draft",
                checks: "An evidence record says `status: draft`: the document is written but not yet approved.",
                why: "Documented information is approved for suitability before it is used (7.5.2); a draft impact \
              assessment or policy shows work in progress, not a requirement met, so only approved evidence counts.",
                example: "    evidence:\n      - file: evidence/dpia-chatbot.md\n        status: draft\n        reviewed: 2026-10-01",
                fix: "Have the document approved, then record `status: approved` (the default) and the review date.",
            },
            Code::EvidenceSuperseded => &Rule {
                code: Code::EvidenceSuperseded,
                kind: RuleKind::Finding,
                title: "Evidence is superseded",
                checks: "An evidence record says `status: superseded`: a newer version has replaced the document.",
                why: "Control of documented information (7.5.3) keeps obsolete versions from being used; evidence must \
              be the version in force.",
                example: "    evidence:\n      - register_id: QMS-POL-007 rev 2\n        status: superseded\n        reviewed: 2025-02-01",
                fix: "Point the record at the version in force and record its review date; keep the old record out.",
            },
            Code::EvidenceNotYetEffective => &Rule {
                code: Code::EvidenceNotYetEffective,
                kind: RuleKind::Finding,
                title: "Evidence not yet in effect",
                checks: "An evidence record's `effective` date is after the assessment date (`--as-of`).",
                why: "A document approved to take effect later does not yet show the requirement is met (7.5.3); \
              until then the version in force is what counts.",
                example: "    evidence:\n      - file: evidence/ai-policy-v4.md\n        effective: 2099-01-01\n        reviewed: 2026-10-01",
                fix: "Point the record at the version in force now, or assess again once the new one takes effect.",
            },
            Code::ExclusionUnjustified => &Rule {
                code: Code::ExclusionUnjustified,
                kind: RuleKind::Finding,
                title: "Exclusion without justification",
                checks: "A control is marked `not_applicable` (for the organisation, or for one system under `exclusions:`) \
                 without a `justification`.",
                why: "The Statement of Applicability (6.1.3) must justify every excluded Annex A control; an unjustified \
              exclusion is not accepted, so the control counts as not met.",
                example: "  - requirement: \"A.7.3\"\n    status: not_applicable",
                fix: "Add `justification:` saying why the control does not apply, or assess it.",
            },
            Code::SoaJustificationMissing => &Rule {
                code: Code::SoaJustificationMissing,
                kind: RuleKind::Finding,
                title: "Annex A control without a justification in the Statement of Applicability",
                checks: "An Annex A control is included (not marked `not_applicable`), its assessment entry gives no \
                 `justification`, and no risk of the register chooses it (a control under a risk's \
                 `treatment.controls` is justified by that risk). Listed on the control, whose own status does not \
                 change, and once on 6.1.3, which counts every control without a justification (these, and \
                 exclusions rejected for want of one) and is then at most partially compliant.",
                why: "6.1.3 asks for a Statement of Applicability that gives, for every Annex A control, the reason it \
              is included or the reason it is left out; an auditor reads those reasons to check that the selection \
              follows from the risk treatment and the organisation's obligations. The missing reason is a gap in \
              that document (6.1.3), not in the control.",
                example: "  - requirement: \"A.6.2.4\"\n    status: compliant\n    evidence:\n      - file: evidence/validation.md\n        reviewed: 2026-04-27\n# no justification:, and no risk lists A.6.2.4 under treatment.controls",
                fix: "Add `justification:` to the entry saying why the control is needed (the risk it addresses, the law \
              or contract that requires it, or the business need), or add the control to the treatment of the risk \
              it addresses in the register.",
            },
            Code::ClauseNotExcludable => &Rule {
                code: Code::ClauseNotExcludable,
                kind: RuleKind::Finding,
                title: "Management-system clause marked not applicable",
                checks: "A clause of 4-10 is marked `not_applicable`.",
                why: "Every requirement of clauses 4 to 10 applies to every organisation claiming conformity; only Annex A \
              controls can be excluded, and only with a justification.",
                example: "  - requirement: \"7.4\"\n    status: not_applicable",
                fix: "Assess the clause and record its real status.",
            },
            Code::SystemEvidenceMissing => &Rule {
                code: Code::SystemEvidenceMissing,
                kind: RuleKind::Finding,
                title: "AI system lacks the record a per-system control needs",
                checks: "An in-scope AI system has no record of the kind a per-system control reads (for example \
                 `event_logging` for A.6.2.8 or `intended_use` for A.9.4).",
                why: "Annex A life-cycle, data and use controls are met system by system; one system without the record \
              is enough for the control to fall short.",
                example: "# systems/chatbot.yaml\nevidence:\n  monitoring:\n    file: evidence/chatbot/monitoring.md\n    reviewed: 2026-05-02",
                fix: "Add the record under the system's `evidence:` with the file and its review date, or exclude the \
              control for that system under `exclusions:` with a justification.",
            },
            Code::SystemImpactAssessmentMissing => &Rule {
                code: Code::SystemImpactAssessmentMissing,
                kind: RuleKind::Finding,
                title: "AI system without an impact assessment",
                checks: "An in-scope AI system has no `impact_assessment`, `impact_on_individuals` or `societal_impact` record.",
                why: "6.1.4 and 8.4 require AI system impact assessments, and A.5.3-A.5.5 require them documented per \
              system, covering individuals, groups and society.",
                example: "# systems/cv-screening.yaml\nevidence: {}",
                fix: "Carry out the impact assessment, store it under evidence/, and add the record with its date.",
            },
            Code::WaiverExpired => &Rule {
                code: Code::WaiverExpired,
                kind: RuleKind::Finding,
                title: "Waiver past its expiry date",
                checks: "A `[[waiver]]` in aims.toml whose `expires` date is before the assessment date. It no longer covers \
                 the gap, and it fails the gate until it is renewed or removed.",
                why: "An accepted risk is accepted for a time (6.1.3, 8.3); a waiver nobody renews is a decision nobody took.",
                example: "[[waiver]]\nrequirement = \"A.6.2.8\"\nreason = \"Logging platform migration\"\nowner = \"CTO\"\nexpires = 2026-06-30",
                fix: "Close the gap and remove the waiver, or renew it with a new reason, owner approval and expiry date.",
            },
            Code::EuProhibitedPractice => &Rule {
                code: Code::EuProhibitedPractice,
                kind: RuleKind::Finding,
                title: "AI system classified as a prohibited practice under the EU AI Act",
                checks: "An in-scope AI system classified `prohibited` (Art. 5(1)(a)-(h)) or `prohibited_intimate_imagery` \
                 (the Art. 5 ban added by Regulation (EU) 2026/1744, from 2026-12-02). aims records it against A.5.4 for \
                 that system as non-compliant (partially compliant before the ban applies), and no waiver can accept it.",
                why: "Art. 5 of the EU AI Act has banned these practices since 2 February 2025, and the added ban applies \
              from 2 December 2026; no management system makes them acceptable. ISO/IEC 42001 expects the organisation \
              to know the legal requirements that bind it (4.1) and to weigh what a system does to people (A.5.4).",
                example: "# systems/staff-mood.yaml\neu_ai_act:\n  roles: [deployer]\n  classifications: [prohibited]   # emotion recognition at work",
                fix: "Stop supplying or using the system and record the decision (`facts: discontinued:`). If the \
              classification is wrong, have it reviewed by counsel, keep the reasoning, and correct it.",
            },
            Code::EuHighRiskGap => &Rule {
                code: Code::EuHighRiskGap,
                kind: RuleKind::Finding,
                title: "High-risk AI system lacks what the EU AI Act relies on",
                checks: "An in-scope high-risk AI system (`annex_i`, or `annex_iii` without `art_6_3_derogation`) of which \
                 the organisation is provider, product manufacturer or deployer, with no `impact_assessment` record \
                 (flagged on A.5.3), no `human_oversight` description (on A.9.4) or no `event_logging` record (on \
                 A.6.2.8). The system's status for that control becomes at most partially compliant.",
                why: "For high-risk systems the Act requires risk management (Art. 9), automatic record-keeping (Art. 12) and \
              human oversight (Art. 14) from providers, and oversight by trained people and keeping the logs (Art. 26) \
              from deployers. The ISO/IEC 42001 records named here are where that evidence lives. Having them shows \
              alignment, not conformity.",
                example: "# systems/cv-screening.yaml\neu_ai_act:\n  roles: [deployer]\n  classifications: [annex_iii]\n  annex_iii_areas: [\"4(a): recruitment\"]\n# no human_oversight, no evidence: event_logging",
                fix: "Carry out and record the impact assessment, describe who oversees the system and how they can \
              intervene (`human_oversight:`), and record where its event logs are kept (`evidence: event_logging:`).",
            },
            Code::EuDisclosureMissing => &Rule {
                code: Code::EuDisclosureMissing,
                kind: RuleKind::Finding,
                title: "EU AI Act Art. 50 case without its disclosure",
                checks: "An in-scope system classified `art_50_1`-`art_50_4` where the organisation holds the role the \
                 paragraph names (provider for 50(1) and 50(2), deployer for 50(3) and 50(4)) and `eu_ai_act.facts` \
                 records no `disclosure` (no `content_marking` for 50(2)). Flagged on A.8.2 for the system, at most \
                 partially compliant, whatever its ISO/IEC 22989 role.",
                why: "Art. 50 applies from 2 August 2026: people must know they deal with an AI system or see AI-made \
              content. ISO/IEC 42001 A.8.2 is where the information for users is decided.",
                example: "eu_ai_act:\n  roles: [provider]\n  classifications: [art_50_1]\n  # no facts: disclosure",
                fix: "Record how people are told (`facts: disclosure: \"Every chat opens with ...\"`).",
            },
            Code::EuFriaMissing => &Rule {
                code: Code::EuFriaMissing,
                kind: RuleKind::Finding,
                title: "Fundamental-rights impact assessment missing (EU AI Act Art. 27)",
                checks: "A deployer of a high-risk Annex III system that is a public body or provides public services, or \
                 that uses it for credit scoring or life and health insurance pricing (Annex III 5(b), 5(c)), with no \
                 `fria` fact, no impact assessment record whose description says it covers fundamental rights and no \
                 impact assessment in impact-assessments/ with a `fundamental_rights` area (an ISO/IEC 42005-style \
                 assessment satisfies it). Flagged on A.5.4, at most partially compliant.",
                why: "Art. 27 asks these deployers to assess the system's impact on fundamental rights before first use.",
                example: "eu_ai_act:\n  roles: [deployer]\n  classifications: [annex_iii]\n  annex_iii_areas: [\"5(b): credit scoring\"]",
                fix: "Carry out the assessment and record it (`facts: fria:`), or describe the impact assessment record \
              as covering fundamental rights.",
            },
            Code::EuWorkersNotInformed => &Rule {
                code: Code::EuWorkersNotInformed,
                kind: RuleKind::Finding,
                title: "Workers not informed before workplace use (EU AI Act Art. 26(7))",
                checks: "A deployer of a high-risk system with `context: [workplace]` and no `workers_informed` fact. \
                 Listed on A.8.5 (information for interested parties) without lowering its status: ISO/IEC 42001 does \
                 not ask for it.",
                why: "Art. 26(7) requires informing workers' representatives and the workers affected before a high-risk \
              system is put into use at the workplace.",
                example: "eu_ai_act:\n  roles: [deployer]\n  classifications: [annex_iii]\n  context: [workplace]",
                fix: "Inform them, and record when and how (`facts: workers_informed:`).",
            },
            Code::EuLiteracyUnsupported => &Rule {
                code: Code::EuLiteracyUnsupported,
                kind: RuleKind::Finding,
                title: "AI literacy (EU AI Act Art. 4) not supported by competence and awareness",
                checks: "The organisation is provider or deployer of an in-scope classified system, and clause 7.2 \
                 (competence) or 7.3 (awareness) is not compliant. Listed on that clause; its status is unchanged.",
                why: "Art. 4 (since 2 February 2025; reduced, not removed, by Regulation (EU) 2026/1744) expects operators to \
              act on the AI literacy of their staff; 7.2 and 7.3 are where the management system shows it.",
                example: "# organisation with a deployer system; assessment: 7.2 partially_compliant",
                fix: "Close the 7.2 or 7.3 gap: who needs which AI knowledge, and how it is given and recorded.",
            },
            Code::RiskSystemUncovered => &risk_docs::RISK_SYSTEM_UNCOVERED,
            Code::RiskIncomplete => &risk_docs::RISK_INCOMPLETE,
            Code::RiskReviewStale => &risk_docs::RISK_REVIEW_STALE,
            Code::RiskUntreated => &risk_docs::RISK_UNTREATED,
            Code::RiskActionOverdue => &risk_docs::RISK_ACTION_OVERDUE,
            Code::RiskResidualUnaccepted => &risk_docs::RISK_RESIDUAL_UNACCEPTED,
            Code::RiskControlExcluded => &risk_docs::RISK_CONTROL_EXCLUDED,
            Code::ControlWithoutReason => &risk_docs::CONTROL_WITHOUT_REASON,
            Code::ImpactAssessmentMissing => &risk_docs::IMPACT_ASSESSMENT_MISSING,
            Code::ImpactAssessmentIncomplete => &risk_docs::IMPACT_ASSESSMENT_INCOMPLETE,
            Code::ImpactAssessmentUnapproved => &risk_docs::IMPACT_ASSESSMENT_UNAPPROVED,
            Code::ImpactAssessmentStale => &risk_docs::IMPACT_ASSESSMENT_STALE,
            Code::DuplicateRecord => &risk_docs::DUPLICATE_RECORD,
            Code::AcceptanceNotAllowed => &risk_docs::ACCEPTANCE_NOT_ALLOWED,
            Code::YamlSyntax => &Rule {
                code: Code::YamlSyntax,
                kind: RuleKind::Diagnostic,
                title: "YAML syntax error",
                checks: "The file is not well-formed YAML (bad indentation, unclosed quotes, tabs used for indentation, \
                 several documents in one file).",
                why: "aims cannot read what it cannot parse, and refuses to guess.",
                example: "name: \"Northwind\n",
                fix: "Fix the syntax at the line shown; quote text that contains `: ` or `#`.",
            },
            Code::TomlSyntax => &Rule {
                code: Code::TomlSyntax,
                kind: RuleKind::Diagnostic,
                title: "aims.toml is invalid",
                checks: "aims.toml is not valid TOML or holds an unknown setting or a value of the wrong type.",
                why: "Settings such as the review interval change every score; a typo must not silently fall back to a default.",
                example: "[evidence]\nreview_interval = 12",
                fix: "Correct the setting; docs/workspace.md lists them all.",
            },
            Code::UnknownField => &Rule {
                code: Code::UnknownField,
                kind: RuleKind::Diagnostic,
                title: "Unknown field",
                checks: "A key that aims does not know, usually a typo.",
                why: "An ignored key is lost information: `evidance:` would silently drop the evidence.",
                example: "evidance:\n  - file: evidence/ai-policy.md",
                fix: "Use the suggested field name, or remove the key.",
            },
            Code::MissingField => &Rule {
                code: Code::MissingField,
                kind: RuleKind::Diagnostic,
                title: "Required field missing",
                checks: "A required field such as a system's `owner` or an entry's `status` is absent.",
                why: "Accountability (5.3, A.3.2) needs owners; every assessed requirement needs a status.",
                example: "id: chatbot\nname: Support chatbot",
                fix: "Add the field; docs/workspace.md lists which fields are required.",
            },
            Code::InvalidType => &Rule {
                code: Code::InvalidType,
                kind: RuleKind::Diagnostic,
                title: "Value of the wrong type",
                checks: "A value has the wrong shape: a list where text is expected, a number for a requirement ID, \
                 `yes` for a boolean.",
                why: "aims reads YAML strictly so that `no` stays the word \"no\" and `4.10` does not become the number 4.1.",
                example: "in_scope: yes",
                fix: "Write the value in the expected shape; the hint shows it written out (an evidence record as \
                 `{file: …, reviewed: …}`, a list with `- ` items, `true`/`false` for booleans, numbers without quotes \
                 in aims.toml).",
            },
            Code::InvalidValue => &Rule {
                code: Code::InvalidValue,
                kind: RuleKind::Diagnostic,
                title: "Value not among the allowed ones",
                checks: "An enumerated field (status, role, lifecycle stage, risk tier) or a setting has a value aims does \
                 not know.",
                why: "Statuses and roles drive the scoring; an unknown value cannot be scored.",
                example: "status: done",
                fix: "Use one of the allowed values the hint lists. Words from other vocabularies get the workspace's \
                 value with the reason: `limited` (EU AI Act) is the `transparency` tier, `pilot` the `deployment` \
                 stage, `deployer` as an ISO/IEC 22989 role is `customer`.",
            },
            Code::EmptyField => &Rule {
                code: Code::EmptyField,
                kind: RuleKind::Diagnostic,
                title: "Required field is empty",
                checks: "A required text (a name, a system's owner or purpose, an action's description, a waiver's \
                 reason) is blank or null. Blank optional text (a justification, an evidence path, a date) counts as \
                 not given instead: an empty justification is the `exclusion-unjustified` finding.",
                why: "An empty owner or justification is as good as none, and an auditor will say so.",
                example: "owner: \"\"",
                fix: "Write a value, or remove the key if the field is optional.",
            },
            Code::DuplicateKey => &Rule {
                code: Code::DuplicateKey,
                kind: RuleKind::Diagnostic,
                title: "Key appears twice",
                checks: "The same key twice in one mapping.",
                why: "YAML readers disagree on which value wins; one of two statuses or evidence lists would be lost silently.",
                example: "status: compliant\nstatus: non_compliant",
                fix: "Keep one of the two.",
            },
            Code::DuplicateSystem => &Rule {
                code: Code::DuplicateSystem,
                kind: RuleKind::Diagnostic,
                title: "Two AI systems with the same ID",
                checks: "Two files under systems/ declare the same `id`, or IDs that differ only in letter case \
                 (`Chatbot` and `chatbot`).",
                why: "The AI system inventory (4.3, A.4.2) must identify each system once; findings name systems by ID.",
                example: "# systems/a.yaml and systems/b.yaml both say\nid: chatbot",
                fix: "Give each system a unique ID, or merge the two files.",
            },
            Code::DuplicateEntry => &Rule {
                code: Code::DuplicateEntry,
                kind: RuleKind::Diagnostic,
                title: "Requirement assessed twice",
                checks: "Two assessment entries for the same requirement (possibly in different files under assessment/).",
                why: "Two statuses for one requirement cannot both be true; aims refuses to pick one.",
                example: "  - requirement: \"5.2\"\n    status: compliant\n  - requirement: \"5.2\"\n    status: non_compliant",
                fix: "Keep one entry and merge the evidence.",
            },
            Code::UnknownRequirement => &Rule {
                code: Code::UnknownRequirement,
                kind: RuleKind::Diagnostic,
                title: "Not a requirement of ISO/IEC 42001",
                checks: "A requirement ID that the catalogue does not have. Annex B references (`B.6.2.4`) are accepted as \
                 the Annex A control they guide.",
                why: "An entry for a non-existent requirement is lost work; it is usually a typo such as `A6.2.4`.",
                example: "  - requirement: A6.2.4",
                fix: "Use the suggested ID; `aims controls` lists them all.",
            },
            Code::ExclusionNotPerSystem => &Rule {
                code: Code::ExclusionNotPerSystem,
                kind: RuleKind::Diagnostic,
                title: "Per-system exclusion of an organisation-wide requirement",
                checks: "A system's `exclusions:` names a requirement that is assessed once for the organisation.",
                why: "Only per-system controls are met system by system; organisation-wide ones are excluded, with a \
              justification, in the assessment.",
                example: "exclusions:\n  - requirement: \"5.2\"",
                fix: "Remove the exclusion; mark the requirement in the assessment instead.",
            },
            Code::UnknownSystem => &Rule {
                code: Code::UnknownSystem,
                kind: RuleKind::Diagnostic,
                title: "No AI system with this ID",
                checks: "A waiver, a risk of the register or an impact assessment names a `system` that no file under \
                 systems/ declares.",
                why: "A waiver or a record for a system that does not exist covers nothing; it is usually a typo or a \
              renamed system.",
                example: "[[waiver]]\nrequirement = \"A.6.2.8\"\nsystem = \"chat-bot\"",
                fix: "Use the system's `id` from its file under systems/ (the hint suggests the closest one).",
            },
            Code::WaiverNotPerSystem => &Rule {
                code: Code::WaiverNotPerSystem,
                kind: RuleKind::Diagnostic,
                title: "System waiver for an organisation-wide requirement",
                checks: "A waiver names a `system` for a requirement that is assessed once for the whole organisation.",
                why: "Only per-system controls have per-system gaps to accept.",
                example: "[[waiver]]\nrequirement = \"5.2\"\nsystem = \"chatbot\"",
                fix: "Remove `system` to waive the requirement as a whole.",
            },
            Code::WaiverUnused => &Rule {
                code: Code::WaiverUnused,
                kind: RuleKind::Diagnostic,
                title: "Waiver that matches no gap",
                checks: "A waiver whose requirement (or system) is met or not applicable, so it accepts nothing. A warning \
                 printed by `aims gap`.",
                why: "Stale waivers hide what was really accepted; the list of accepted risks should stay current (6.1.3).",
                example: "[[waiver]]\nrequirement = \"5.2\"   # 5.2 is compliant now",
                fix: "Remove the waiver from aims.toml.",
            },
            Code::WaiverTooLong => &Rule {
                code: Code::WaiverTooLong,
                kind: RuleKind::Diagnostic,
                title: "Waiver runs too long",
                checks: "A waiver whose `expires` date lies more than `[gate] waiver_max_months` (default and maximum \
                 12) months after the assessment date.",
                why: "A waiver accepts a risk for a time, and accepted risks are reviewed at planned intervals (6.1.3, \
                 9.3); a waiver until 9999 is a permanent exception that nobody reviews.",
                example: "[[waiver]]\nrequirement = \"A.6.2.8\"\nexpires = 9999-12-31",
                fix: "Set an expiry within the horizon and renew the waiver, with a fresh review, when it ends.",
            },
            Code::InvalidId => &Rule {
                code: Code::InvalidId,
                kind: RuleKind::Diagnostic,
                title: "Unusable system ID",
                checks: "A system ID with characters other than letters, digits, `-`, `_` and `.`, or longer than 128.",
                why: "System IDs appear in file names, report anchors and CI annotations.",
                example: "id: Credit scoring / v2",
                fix: "Use a short slug such as `credit-scoring-v2`.",
            },
            Code::InvalidDate => &Rule {
                code: Code::InvalidDate,
                kind: RuleKind::Diagnostic,
                title: "Not a date",
                checks: "A date that is not written YYYY-MM-DD, or does not exist (30 February).",
                why: "Review and due dates decide whether evidence is stale and actions overdue.",
                example: "reviewed: 31/03/2026",
                fix: "Write the date as YYYY-MM-DD.",
            },
            Code::FutureDate => &Rule {
                code: Code::FutureDate,
                kind: RuleKind::Diagnostic,
                title: "Review date in the future",
                checks: "A `reviewed` date after the assessment date (`--as-of`, default today).",
                why: "A review that has not happened yet cannot show the evidence is current.",
                example: "reviewed: 2099-01-01",
                fix: "Correct the date, or run with the `--as-of` date the assessment is meant for.",
            },
            Code::EvidenceOutsideWorkspace => &Rule {
                code: Code::EvidenceOutsideWorkspace,
                kind: RuleKind::Diagnostic,
                title: "Evidence path leaves the workspace",
                checks: "An evidence path that is absolute, contains `..`, or passes through a symlink pointing outside \
                 the workspace folder.",
                why: "A report must be reproducible from the workspace alone; evidence outside it cannot be reviewed or \
              versioned with it.",
                example: "      - file: ../../shared/policy.pdf",
                fix: "Copy the evidence into the workspace (e.g. under evidence/) and use its relative path.",
            },
            Code::EvidenceNotFound => &Rule {
                code: Code::EvidenceNotFound,
                kind: RuleKind::Diagnostic,
                title: "Evidence file not found",
                checks: "An evidence path inside the workspace where no file exists. A warning in `aims validate`; \
                 `aims gap` reports it as the finding `evidence-missing`.",
                why: "See `evidence-missing`.",
                example: "      - file: evidence/missing.md",
                fix: "Add the file or correct the path.",
            },
            Code::EvidenceUnusable => &Rule {
                code: Code::EvidenceUnusable,
                kind: RuleKind::Diagnostic,
                title: "Evidence path names something that is not evidence",
                checks: "An evidence path inside the workspace that names an empty file, a folder, something that is \
                 not a regular file (a named pipe, a device), or one of the files aims reads as the workspace itself \
                 (aims.toml, organisation.yaml, a system or assessment file). A warning in `aims validate`; `aims gap` \
                 reports it as the finding `evidence-missing`.",
                why: "Evidence is a document that shows a requirement is met (7.5). An empty file, a folder or the \
              assessment file itself shows nothing, whatever its name.",
                example: "      - file: assessment.yaml",
                fix: "Point the record at the document that holds the evidence, and put its content in the file.",
            },
            Code::MissingFile => &Rule {
                code: Code::MissingFile,
                kind: RuleKind::Diagnostic,
                title: "Required workspace file missing",
                checks: "The workspace has no organisation.yaml.",
                why: "The organisation's context, scope and roles (4.1, 4.3) frame the whole assessment.",
                example: "(a folder without organisation.yaml)",
                fix: "Create it; `aims init` writes a starting point.",
            },
            Code::WorkspaceNotFound => &Rule {
                code: Code::WorkspaceNotFound,
                kind: RuleKind::Diagnostic,
                title: "No workspace folder",
                checks: "The folder given does not exist or is not a folder.",
                why: "aims reads a workspace folder.",
                example: "aims gap no-such-folder/",
                fix: "Pass the folder that holds organisation.yaml.",
            },
            Code::PathOutsideWorkspace => &Rule {
                code: Code::PathOutsideWorkspace,
                kind: RuleKind::Diagnostic,
                title: "Workspace file leads outside the workspace",
                checks: "A workspace file (for example under systems/) that is a symlink to somewhere outside the folder.",
                why: "aims reads only what is in the workspace, so the report can be reproduced from it alone.",
                example: "systems/chatbot.yaml -> /etc/passwd",
                fix: "Copy the file into the workspace instead of linking it.",
            },
            Code::InputTooLarge => &Rule {
                code: Code::InputTooLarge,
                kind: RuleKind::Diagnostic,
                title: "File exceeds aims's input bounds",
                checks: "A file larger than 32 MiB, nested deeper than 64 levels, with more than 250,000 YAML \
                 nodes, more than 1,000 anchors or 1,000 aliases, aliases repeating more than 250,000 events, or \
                 more than 32 MiB of text values (counting each alias's repetition). docs/security.md lists the bounds.",
                why: "Bounds keep aims fast and safe on files nobody controls (alias bombs, generated junk).",
                example: "a: &a [*a, *a, *a, ...]",
                fix: "Split the file (one system per file), or remove anchors and aliases.",
            },
            Code::NotUtf8 => &Rule {
                code: Code::NotUtf8,
                kind: RuleKind::Diagnostic,
                title: "File is not UTF-8 text",
                checks: "A file that is UTF-16, not valid UTF-8, or contains NUL bytes. A UTF-8 byte order mark is accepted.",
                why: "YAML is text; binary content in a workspace file is a mistake.",
                example: "(a spreadsheet saved with a .yaml name)",
                fix: "Save the file as UTF-8 text.",
            },
            Code::UnreadableFile => &Rule {
                code: Code::UnreadableFile,
                kind: RuleKind::Diagnostic,
                title: "File cannot be read",
                checks: "The operating system refused to read a workspace file or folder (permissions, I/O error), or \
                 a workspace path is a symbolic link to nothing. The workspace folder, systems/ and assessment/ \
                 included: an unreadable folder is an error, never an empty one.",
                why: "aims cannot assess what it cannot read, and a report that silently left out a folder of AI \
              systems would pass a gate it should fail.",
                example: "(a systems/ folder without read permission)",
                fix: "Fix the permissions, or replace the broken link with the file.",
            },
            Code::WrongFileType => &Rule {
                code: Code::WrongFileType,
                kind: RuleKind::Diagnostic,
                title: "Workspace path is the wrong kind of file",
                checks: "A workspace file (aims.toml, organisation.yaml, assessment.yaml, a `.yaml` file in systems/ \
                 or assessment/) that is a folder, a named pipe, a device or a socket rather than a regular file; or \
                 a `systems` or `assessment` that is a file rather than a folder.",
                why: "aims reads only regular files, each with a bounded read: a pipe could stall a run forever and a \
              device could feed it without end. A `systems` file in place of the folder would hide every AI system.",
                example: "systems/chatbot.yaml   (a named pipe)",
                fix: "Replace it with a regular file (or folder) of that name.",
            },
            Code::FileNotLoaded => &Rule {
                code: Code::FileNotLoaded,
                kind: RuleKind::Diagnostic,
                title: "File in systems/ or assessment/ is not loaded",
                checks: "An entry of systems/ or assessment/ that aims does not read: a file not ending in `.yaml` or \
                 `.yml` (in any letter case), a sub-folder, a hidden `.yaml` file, a name that is not valid UTF-8, or \
                 a near miss of a workspace name at the top (`assessment.yml`). Hidden files that are \
                 not YAML (`.gitkeep`, `.DS_Store`) are skipped silently.",
                why: "An AI system left out of the inventory is left out of the assessment (4.3, A.4.2); renaming \
              a file should never make a system disappear without a word.",
                example: "systems/chatbot.json",
                fix: "Rename the file to end in `.yaml` (or move its content into one) to load it, or move it out of \
              the folder.",
            },
            Code::CaseConflict => &Rule {
                code: Code::CaseConflict,
                kind: RuleKind::Diagnostic,
                title: "Names differ only in letter case",
                checks: "Two workspace files whose paths differ only in letter case (`systems/a.yaml` and \
                 `systems/A.yaml`), or an entry at the top that differs from a fixed name only in case (`Systems/`, \
                 `Organisation.yaml`). Two systems whose IDs differ only in case are `duplicate-system` errors.",
                why: "On macOS and Windows checkouts one file replaces the other, so the same repository would give \
              different reports on different machines.",
                example: "systems/chatbot.yaml\nsystems/Chatbot.yaml",
                fix: "Merge the files or rename one of them.",
            },
            Code::EuLegacyClassification => &Rule {
                code: Code::EuLegacyClassification,
                kind: RuleKind::Diagnostic,
                title: "Earlier single-value EU AI Act classification",
                checks: "A system file whose `eu_ai_act` uses `role`, `risk_tier` or `annex_iii_area`. It still loads: \
                 aims reads the role as `roles: [role]`, the tier as one classification (`transparency` as `art_50_1`, \
                 `high_risk` as `annex_i` or `annex_iii` by the area's text) and the area as `annex_iii_areas`.",
                why: "One role and one tier cannot say that a system is provider and deployer, or high-risk and an Art. 50 \
              case, so obligations go missing.",
                example: "eu_ai_act:\n  role: provider\n  risk_tier: high_risk",
                fix: "Write `roles: [...]` and `classifications: [...]` (docs/eu-ai-act.md, \"Migrating\").",
            },
        }
    }
}
