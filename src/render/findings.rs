//! What the machine-readable renderers (SARIF, JUnit, GitHub annotations, CSV) and the Markdown report share about
//! findings: how heavily a finding weighs, which waivers accept it, and how a place and a sentence are written.

use crate::assess::{Assessment, Finding, RequirementResult, WaiverResult, WaiverState};
use crate::rules::Code;
use crate::workspace::{Location, Status};

/// Ends `text` with a full stop unless it already ends a sentence.
pub(crate) fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) { text.to_string() } else { format!("{text}.") }
}

/// How heavily a finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Weight {
    pub status: Status,
    pub waived: bool,
    /// An expired waiver fails the gate whatever the status.
    pub expired_waiver: bool,
}

impl Weight {
    pub fn sarif_level(self) -> &'static str {
        match self.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }

    pub fn severity(self) -> Severity {
        if self.expired_waiver {
            Severity::Error
        } else if self.waived {
            Severity::Note
        } else if self.status == Status::NonCompliant {
            Severity::Error
        } else {
            Severity::Warning
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Severity {
    Error,
    Warning,
    Note,
}

/// A finding about one AI system weighs with that system's status and waiver; any other finding with the
/// requirement's.
pub(crate) fn weigh(r: &RequirementResult, f: &Finding) -> Weight {
    let expired_waiver = f.code == Code::WaiverExpired;
    let system = f.system.as_deref().and_then(|id| r.system(id));
    let (status, waived) = match system {
        Some(s) => (s.status, s.waived || r.waived),
        None => (r.status, r.waived),
    };
    Weight { status, waived: waived && !expired_waiver, expired_waiver }
}

/// The active waivers that accept a gap of `r`: for one system (its own waiver, else the requirement's), or for the
/// requirement (its own waiver, else those of the systems, which together cover it).
pub(crate) fn waivers_for<'a>(a: &'a Assessment, r: &RequirementResult, system: Option<&str>) -> Vec<&'a WaiverResult> {
    let active: Vec<&WaiverResult> =
        a.waivers.iter().filter(|w| w.state == WaiverState::Active && w.requirement == r.id).collect();
    let own: Vec<&WaiverResult> = active.iter().copied().filter(|w| w.system.as_deref() == system).collect();
    if !own.is_empty() {
        return own;
    }
    match system {
        Some(_) => active.into_iter().filter(|w| w.system.is_none()).collect(),
        None => active,
    }
}

/// `reason, expires 2027-03-31 (owner CTO)` for each waiver (`owner CTO, system chatbot` for a system's), joined by
/// `; `.
pub(crate) fn waiver_text(waivers: &[&WaiverResult]) -> String {
    if waivers.is_empty() {
        return "accepted by a waiver in aims.toml".to_string();
    }
    let parts: Vec<String> = waivers
        .iter()
        .map(|w| {
            let system = w.system.as_ref().map_or_else(String::new, |s| format!(", system {s}"));
            format!("{}, expires {} (owner {}{system})", w.reason, w.expires, w.owner)
        })
        .collect();
    parts.join("; ")
}

/// `file:line`, or just `file` when the whole file is meant.
pub(crate) fn place(l: &Location) -> String {
    if l.line > 0 { format!("{}:{}", l.file, l.line) } else { l.file.clone() }
}
