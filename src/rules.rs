//! The registry of every code aims reports: assessment findings (what `aims gap` says about a requirement) and
//! input diagnostics (what `aims validate` says about a file). Each entry is the user documentation that
//! `aims explain CODE` prints and docs/rules.md lists; a test keeps the two and the code in step.

mod docs;
mod risk_docs;

use serde::{Deserialize, Serialize};

/// Declares [`Code`] from one list, so the enum, [`Code::ALL`] and [`Code::as_str`] cannot drift apart.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)*) => {
        /// Every code aims reports: assessment findings and input diagnostics. Serialised as its kebab-case text
        /// (`evidence-missing`), which is the stable identifier in every output format.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
        pub enum Code {
            $($(#[$doc])* #[serde(rename = $code)] $variant,)*
        }

        impl Code {
            /// Every code, in the order docs/rules.md and `aims explain` list them.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as users write it, e.g. `"evidence-missing"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }
        }
    };
}

codes! {
    /// Finding: a requirement has no entry, or its entry says `not_assessed`.
    NotAssessed = "not-assessed",
    /// Finding: the workspace itself declares a requirement partially or non-compliant.
    GapDeclared = "gap-declared",
    /// Finding: a gap has no planned `action:`.
    ActionMissing = "action-missing",
    /// Finding: a gap's planned action was due before the as-of date.
    ActionOverdue = "action-overdue",
    /// Finding: a `compliant` claim with no evidence, or an evidence record that names no file, URL or register ID.
    ClaimWithoutEvidence = "claim-without-evidence",
    /// Finding: no file at an evidence path, or one that cannot be evidence (an empty file, a folder, a workspace
    /// input).
    EvidenceMissing = "evidence-missing",
    /// Finding: evidence reviewed longer ago than the review interval before the as-of date.
    EvidenceStale = "evidence-stale",
    /// Finding: evidence without a `reviewed` date.
    EvidenceUndated = "evidence-undated",
    /// Finding: an evidence record with `status: draft`.
    EvidenceDraft = "evidence-draft",
    /// Finding: an evidence record with `status: superseded`.
    EvidenceSuperseded = "evidence-superseded",
    /// Finding: an evidence record whose `effective` date is after the as-of date.
    EvidenceNotYetEffective = "evidence-not-yet-effective",
    /// Finding: a control marked not applicable (for the organisation or one system) without a justification.
    ExclusionUnjustified = "exclusion-unjustified",
    /// Finding: an Annex A control included in the Statement of Applicability with neither a justification nor a
    /// risk treatment that chooses it; summed up once on 6.1.3, which it lowers.
    SoaJustificationMissing = "soa-justification-missing",
    /// Finding: a clause of 4-10 marked `not_applicable`.
    ClauseNotExcludable = "clause-not-excludable",
    /// Finding: an in-scope AI system lacks the record a per-system control reads.
    SystemEvidenceMissing = "system-evidence-missing",
    /// Finding: an in-scope AI system lacks one of its impact assessment records (A.5.3-A.5.5).
    SystemImpactAssessmentMissing = "system-impact-assessment-missing",
    /// Finding: a waiver whose `expires` date is before the as-of date; it accepts nothing any more.
    WaiverExpired = "waiver-expired",
    /// Finding: an in-scope AI system classified as an EU AI Act prohibited practice.
    EuProhibitedPractice = "eu-prohibited-practice",
    /// Finding: a high-risk AI system lacks an impact assessment, human oversight or event logging.
    EuHighRiskGap = "eu-high-risk-gap",
    /// Finding: an EU AI Act Art. 50 case without its disclosure or marking fact.
    EuDisclosureMissing = "eu-disclosure-missing",
    /// Finding: a deployer owes the Art. 27 fundamental-rights impact assessment and none is recorded.
    EuFriaMissing = "eu-fria-missing",
    /// Finding: a high-risk system used at the workplace without the Art. 26(7) information of workers.
    EuWorkersNotInformed = "eu-workers-not-informed",
    /// Finding: Art. 4 AI literacy applies and competence (7.2) or awareness (7.3) falls short.
    EuLiteracyUnsupported = "eu-literacy-unsupported",
    /// Finding: an in-scope AI system that no rated risk of the register concerns.
    RiskSystemUncovered = "risk-system-uncovered",
    /// Finding: a risk without an owner, an inherent rating or a review date.
    RiskIncomplete = "risk-incomplete",
    /// Finding: a risk whose last review is older than the risk review interval.
    RiskReviewStale = "risk-review-stale",
    /// Finding: a risk above the acceptance threshold with neither a treatment (controls and actions) nor a valid
    /// acceptance.
    RiskUntreated = "risk-untreated",
    /// Finding: an open treatment action due before the as-of date.
    RiskActionOverdue = "risk-action-overdue",
    /// Finding: a residual rating above the acceptance threshold without an acceptance.
    RiskResidualUnaccepted = "risk-residual-unaccepted",
    /// Finding: a control a risk treatment chooses is excluded in the Statement of Applicability.
    RiskControlExcluded = "risk-control-excluded",
    /// Finding (a note): an included control that no risk treats and no law or contract requires.
    ControlWithoutReason = "control-without-reason",
    /// Finding: an in-scope AI system without an impact assessment, when the workspace keeps them.
    ImpactAssessmentMissing = "impact-assessment-missing",
    /// Finding: an impact assessment that leaves out an area of impact.
    ImpactAssessmentIncomplete = "impact-assessment-incomplete",
    /// Finding: an impact assessment without a recorded approval.
    ImpactAssessmentUnapproved = "impact-assessment-unapproved",
    /// Finding: an impact assessment not reviewed within the review interval, or never.
    ImpactAssessmentStale = "impact-assessment-stale",
    /// Diagnostic: a file is not well-formed YAML.
    YamlSyntax = "yaml-syntax",
    /// Diagnostic: aims.toml is not valid TOML, or holds an unknown setting or a value of the wrong type.
    TomlSyntax = "toml-syntax",
    /// Diagnostic: a key aims does not know, usually a typo.
    UnknownField = "unknown-field",
    /// Diagnostic: a required field is absent.
    MissingField = "missing-field",
    /// Diagnostic: a value of the wrong shape (a list for text, a number for a requirement ID).
    InvalidType = "invalid-type",
    /// Diagnostic: a value outside the allowed ones (an unknown status, role or tier; a setting out of range).
    InvalidValue = "invalid-value",
    /// Diagnostic: a required text is blank or null.
    EmptyField = "empty-field",
    /// Diagnostic: the same key twice in one mapping.
    DuplicateKey = "duplicate-key",
    /// Diagnostic: two AI systems with the same ID, or IDs that differ only in letter case.
    DuplicateSystem = "duplicate-system",
    /// Diagnostic: two assessment entries for the same requirement.
    DuplicateEntry = "duplicate-entry",
    /// Diagnostic: two risks with the same ID, two impact assessments of one system, or one area assessed twice.
    DuplicateRecord = "duplicate-record",
    /// Diagnostic: an ID that is not a requirement of the catalogue.
    UnknownRequirement = "unknown-requirement",
    /// Diagnostic: a system's `exclusions:` names an organisation-wide requirement.
    ExclusionNotPerSystem = "exclusion-not-per-system",
    /// Diagnostic: a waiver, risk or impact assessment names an AI system that no system file declares.
    UnknownSystem = "unknown-system",
    /// Diagnostic: a risk acceptance by someone aims.toml `[risk] acceptors` does not name.
    AcceptanceNotAllowed = "acceptance-not-allowed",
    /// Diagnostic: a waiver names a system for an organisation-wide requirement.
    WaiverNotPerSystem = "waiver-not-per-system",
    /// Diagnostic (a warning of `aims gap`): a waiver that accepts no gap.
    WaiverUnused = "waiver-unused",
    /// Diagnostic: a waiver expires more than `waiver_max_months` after the as-of date.
    WaiverTooLong = "waiver-too-long",
    /// Diagnostic: a system ID with characters outside letters, digits, `-`, `_` and `.`, or over 128 long.
    InvalidId = "invalid-id",
    /// Diagnostic: a date not written `YYYY-MM-DD`, or one that does not exist.
    InvalidDate = "invalid-date",
    /// Diagnostic: a `reviewed` date after the as-of date.
    FutureDate = "future-date",
    /// Diagnostic: an evidence path that is absolute, contains `..` or leaves the workspace through a
    /// symbolic link.
    EvidenceOutsideWorkspace = "evidence-outside-workspace",
    /// Diagnostic (a warning): no file at an evidence path; `aims gap` reports `evidence-missing`.
    EvidenceNotFound = "evidence-not-found",
    /// Diagnostic (a warning): an evidence path names an empty file, a folder, a special file or a workspace
    /// input; `aims gap` reports `evidence-missing`.
    EvidenceUnusable = "evidence-unusable",
    /// Diagnostic: the workspace has no organisation.yaml.
    MissingFile = "missing-file",
    /// Diagnostic: the workspace folder given does not exist or is not a folder.
    WorkspaceNotFound = "workspace-not-found",
    /// Diagnostic: a workspace file is a symbolic link to somewhere outside the workspace.
    PathOutsideWorkspace = "path-outside-workspace",
    /// Diagnostic: a file exceeds the input bounds (size, nesting, nodes, anchors, aliases).
    InputTooLarge = "input-too-large",
    /// Diagnostic: a file is UTF-16, invalid UTF-8 or holds NUL bytes.
    NotUtf8 = "not-utf8",
    /// Diagnostic: the operating system refused to read a workspace file or folder, or a link leads nowhere.
    UnreadableFile = "unreadable-file",
    /// Diagnostic: a workspace file is not a regular file, or systems/ or assessment/ is not a folder.
    WrongFileType = "wrong-file-type",
    /// Diagnostic (a warning): an entry of systems/ or assessment/ that aims does not read.
    FileNotLoaded = "file-not-loaded",
    /// Diagnostic: two workspace paths differ only in letter case.
    CaseConflict = "case-conflict",
    /// Diagnostic (a warning): a system file uses the earlier single-value `eu_ai_act` shape.
    EuLegacyClassification = "eu-legacy-classification",
}

impl Code {
    /// Looks a code up by its text; surrounding whitespace is ignored. `None` when no rule has that code.
    pub fn parse(text: &str) -> Option<Code> {
        let text = text.trim();
        Code::ALL.iter().copied().find(|c| c.as_str() == text)
    }
}

/// Lets callers compare a code with its text, as tests and report readers do: `finding.code == "evidence-missing"`.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Whether a code is an assessment finding or an input diagnostic; written in `snake_case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// One reason a requirement is not fully met, which `aims gap` reports and scores (`finding`).
    Finding,
    /// A problem with a workspace file, which `aims validate` reports (`diagnostic`).
    Diagnostic,
}

/// The user documentation of one code: what `aims explain CODE` prints and docs/rules.md lists.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    /// The code this documentation belongs to.
    pub code: Code,
    /// Finding or diagnostic.
    pub kind: RuleKind,
    /// One line: what the rule is about.
    pub title: &'static str,
    /// What it checks.
    pub checks: &'static str,
    /// Why ISO/IEC 42001 (or a sound workspace) cares, naming the requirement.
    pub why: &'static str,
    /// A YAML fragment that triggers it.
    pub example: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

/// The documentation of a code given as text, e.g. from `aims explain CODE`; `None` when no rule has it.
pub fn find(code: &str) -> Option<&'static Rule> {
    Code::parse(code).map(Code::rule)
}

/// Every rule, in the order of [`Code::ALL`].
pub fn all() -> impl Iterator<Item = &'static Rule> {
    Code::ALL.iter().map(|c| c.rule())
}

/// The full explanation of a rule, as `aims explain` prints it and docs/rules.md lists it.
pub fn explanation(rule: &Rule) -> String {
    let kind = match rule.kind {
        RuleKind::Finding => "assessment finding",
        RuleKind::Diagnostic => "input diagnostic",
    };
    let example: String = rule.example.lines().map(|l| format!("    {l}\n")).collect();
    format!(
        "{code}: {title} ({kind})\n\nWhat it checks\n  {checks}\n\nWhy it matters\n  {why}\n\nExample\n{example}\nHow to fix it\n  {fix}\n",
        code = rule.code,
        title = rule.title,
        checks = rule.checks,
        why = rule.why,
        fix = rule.fix,
    )
}

/// docs/rules.md, generated from the registry so the two never drift (a test compares them).
pub fn document() -> String {
    let mut out = String::from(
        "# Rules\n\nEvery code aims reports, generated from the rule registry (`src/rules.rs`); `aims explain CODE` \
         prints the same text.\n\n- **Assessment findings** come from `aims gap`: a reason a requirement is not fully met.\n\
         - **Input diagnostics** come from `aims validate` (and every other verb, which loads the workspace the same \
         way): a problem with a file. Errors stop the run with exit code 2; warnings do not.\n",
    );
    for (kind, heading) in [(RuleKind::Finding, "Assessment findings"), (RuleKind::Diagnostic, "Input diagnostics")] {
        out.push_str(&format!("\n## {heading}\n\n| code | title |\n|---|---|\n"));
        for rule in all().filter(|r| r.kind == kind) {
            out.push_str(&format!("| [`{}`](#{}) | {} |\n", rule.code, rule.code, rule.title));
        }
        for rule in all().filter(|r| r.kind == kind) {
            out.push_str(&format!(
                "\n### {}\n\n**{}**\n\n*What it checks.* {}\n\n*Why it matters.* {}\n\n*Example.*\n\n```yaml\n{}\n```\n\n*How to fix it.* {}\n",
                rule.code, rule.title, rule.checks, rule.why, rule.example, rule.fix
            ));
        }
    }
    out
}
