//! Which results a SARIF run holds, in which order, and under which identity, within GitHub code scanning's
//! limits (GitHub Docs, "About code scanning limits on SARIF results"):
//!
//! - up to [`Limits::shown`] findings, one result per finding;
//! - above that, the findings about single AI systems are grouped into one result per requirement and rule (a
//!   waived and an unwaived group apart), with each affected system as a location, so that a large inventory gives a
//!   few hundred results rather than tens of thousands of which code scanning would keep only the first 5,000;
//! - results run from the most severe to the least (errors, warnings, then waived notes), in catalogue order within a
//!   level, so the results code scanning keeps are the ones that matter;
//! - at most [`Limits::results`] results and [`Limits::locations`] locations per result: anything beyond is left
//!   out and said (run notifications, and warnings the binary prints).
//!
//! Each result's partial fingerprint says what it is about, never where it sits in the list: rule, requirement,
//! system and evidence file for one finding (`evidence-stale:4.1:-:evidence/context-b.md`), rule and requirement for
//! a group (`system-evidence-missing:A.6.2.4:*`). Only two findings alike in all four get an ordinal (`:2`).

use std::collections::HashMap;

use crate::assess::{Assessment, Finding, RequirementResult, Severity};
use crate::rules::Code;

/// GitHub code scanning's limits on one SARIF file, from GitHub Docs ("About code scanning limits on SARIF
/// results"). Above a hard limit the whole upload is rejected.
pub mod github {
    /// Runs per file (hard limit); aims writes one.
    pub const RUNS_PER_FILE: usize = 20;
    /// Results per run (hard limit).
    pub const RESULTS_PER_RUN: usize = 25_000;
    /// Results code scanning keeps of a run, the most severe first.
    pub const RESULTS_SHOWN: usize = 5_000;
    /// Rules per run (hard limit).
    pub const RULES_PER_RUN: usize = 25_000;
    /// Tool extensions per run (hard limit); aims writes none.
    pub const EXTENSIONS_PER_RUN: usize = 100;
    /// Locations per result (hard limit).
    pub const LOCATIONS_PER_RESULT: usize = 1_000;
    /// Locations code scanning shows of a result.
    pub const LOCATIONS_SHOWN: usize = 100;
    /// Thread-flow locations per result (hard limit); aims writes none.
    pub const THREAD_FLOW_LOCATIONS_PER_RESULT: usize = 10_000;
    /// Tags per rule (hard limit).
    pub const TAGS_PER_RULE: usize = 20;
    /// Size of the upload after gzip compression, in bytes (hard limit).
    pub const GZIP_BYTES: usize = 10 * 1024 * 1024;
}

/// The bounds one run is planned within.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    /// At most this many results.
    pub results: usize,
    /// Above this many findings, per-system findings are grouped.
    pub shown: usize,
    /// At most this many locations per result.
    pub locations: usize,
}

impl Limits {
    /// GitHub code scanning's.
    pub const GITHUB: Limits = Limits {
        results: github::RESULTS_PER_RUN,
        shown: github::RESULTS_SHOWN,
        locations: github::LOCATIONS_PER_RESULT,
    };
}

/// One result of the run.
pub(super) struct Planned<'a> {
    pub requirement: &'a RequirementResult,
    pub code: Code,
    /// The most severe level among `findings`.
    pub level: Severity,
    /// One finding, or, for a group, the findings of every affected system in the requirement's order.
    pub findings: Vec<&'a Finding>,
    /// A group of findings about several AI systems (even if only one system is affected now).
    pub grouped: bool,
    /// The partial fingerprint (see the module's documentation).
    pub fingerprint: String,
}

/// The run's results and what had to give way to the limits.
pub(super) struct Plan<'a> {
    pub results: Vec<Planned<'a>>,
    /// Findings in the assessment.
    pub findings: usize,
    /// Per-system findings were grouped.
    pub grouped: bool,
    /// Results left out over [`Limits::results`].
    pub dropped: usize,
    /// Results that list fewer locations than they have findings.
    pub cut: usize,
    pub limits: Limits,
}

/// The results of `assessment` within `limits`.
pub(super) fn plan(assessment: &Assessment, limits: Limits) -> Plan<'_> {
    let findings: usize = assessment.requirements.iter().map(|r| r.findings.len()).sum();
    let grouped = findings > limits.shown;
    let mut results = Vec::new();
    for r in &assessment.requirements {
        let mut seen: HashMap<String, usize> = HashMap::new();
        // Groups of this requirement, in the order of their first finding: (code, waived, index in `results`).
        let mut groups: Vec<(Code, bool, usize)> = Vec::new();
        for f in &r.findings {
            if grouped && f.system.is_some() {
                let waived = f.is_waived();
                match groups.iter().find(|(code, w, _)| *code == f.code && *w == waived) {
                    Some(&(_, _, at)) => {
                        let planned: &mut Planned<'_> = &mut results[at];
                        planned.level = planned.level.min(f.severity);
                        planned.findings.push(f);
                    }
                    None => {
                        groups.push((f.code, waived, results.len()));
                        let suffix = if waived { ":waived" } else { "" };
                        results.push(Planned {
                            requirement: r,
                            code: f.code,
                            level: f.severity,
                            findings: vec![f],
                            grouped: true,
                            fingerprint: format!("{}:{}:*{suffix}", f.code, r.id),
                        });
                    }
                }
                continue;
            }
            let key = subject(r, f);
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            let fingerprint = if *n == 1 { key } else { format!("{key}:{n}") };
            results.push(Planned {
                requirement: r,
                code: f.code,
                level: f.severity,
                findings: vec![f],
                grouped: false,
                fingerprint,
            });
        }
    }
    // Stable: catalogue order stays within a level.
    results.sort_by_key(|p| p.level);
    let dropped = results.len().saturating_sub(limits.results);
    results.truncate(limits.results);
    let cut = results.iter().filter(|p| p.findings.len() > limits.locations).count();
    Plan { results, findings, grouped, dropped, cut, limits }
}

/// What a finding is about: `CODE:REQUIREMENT:SYSTEM:EVIDENCE`, `-` for a missing part, the evidence path
/// percent-encoded like a URI (so a `:` in it cannot blur the parts).
fn subject(r: &RequirementResult, f: &Finding) -> String {
    let evidence = f.evidence.as_deref().map_or_else(|| "-".to_string(), super::uri);
    format!("{}:{}:{}:{evidence}", f.code, r.id, f.system.as_deref().unwrap_or("-"))
}

impl Plan<'_> {
    /// What was left out or cannot all be shown, one sentence each: for the run's notifications and for the
    /// binary's warnings. Empty when everything fits.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.dropped > 0 {
            out.push(format!(
                "SARIF: {} of {} results are left out, over code scanning's limit of {} per run (the least severe \
                 go first); the JSON report has every finding",
                self.dropped,
                self.results.len() + self.dropped,
                grouped_number(self.limits.results)
            ));
        }
        if self.results.len() > github::RESULTS_SHOWN {
            out.push(format!(
                "SARIF: the run has {} results; GitHub code scanning keeps only the {} most severe",
                grouped_number(self.results.len()),
                grouped_number(github::RESULTS_SHOWN)
            ));
        }
        if self.cut > 0 {
            out.push(format!(
                "SARIF: {} result{} about more than {} AI systems list{} only the first {} as locations; the JSON \
                 report has every finding",
                self.cut,
                if self.cut == 1 { "" } else { "s" },
                grouped_number(self.limits.locations),
                if self.cut == 1 { "s" } else { "" },
                grouped_number(self.limits.locations)
            ));
        }
        out
    }

    /// A sentence saying that per-system findings were grouped, when they were.
    pub fn grouping_note(&self) -> Option<String> {
        self.grouped.then(|| {
            format!(
                "{} findings are more than the {} results code scanning keeps, so the findings about single AI \
                 systems are grouped: one result per requirement and rule, with each affected system as a location.",
                grouped_number(self.findings),
                grouped_number(self.limits.shown)
            )
        })
    }
}

pub(super) use crate::render::grouped as grouped_number;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::assess;
    use crate::catalogue::Catalogue;
    use crate::date::Date;

    /// An organisation with `n` AI systems that show no records at all, and one clause with two missing files.
    fn assessment(n: usize) -> Assessment {
        let mut files = vec![
            ("organisation.yaml".to_string(), b"name: Org\naims_scope: All AI systems\nai_roles: [provider]\n".to_vec()),
            (
                "assessment.yaml".to_string(),
                b"requirements:\n  - requirement: \"4.1\"\n    status: compliant\n    evidence:\n      - file: evidence/a.md\n        reviewed: 2026-06-01\n      - file: evidence/b.md\n        reviewed: 2026-06-01\n"
                    .to_vec(),
            ),
        ];
        for i in 0..n {
            let text = format!(
                "id: s{i:03}\nname: System {i}\npurpose: Testing\nowner: Ops\nlifecycle_stage: operation\nai_role: provider\n"
            );
            files.push((format!("systems/s{i:03}.yaml"), text.into_bytes()));
        }
        let catalogue = Catalogue::bundled().unwrap();
        let as_of: Date = "2026-11-27".parse().unwrap();
        let loaded = crate::load::from_files(&files, &catalogue, as_of);
        let workspace = loaded.workspace.unwrap_or_else(|| panic!("{:#?}", loaded.diagnostics));
        assess(&catalogue, &workspace, as_of)
    }

    #[test]
    fn up_to_the_shown_limit_each_finding_is_a_result_of_its_own_most_severe_first() {
        let a = assessment(3);
        let plan = plan(&a, Limits::GITHUB);
        assert!(!plan.grouped);
        assert_eq!(plan.results.len(), plan.findings);
        assert!(plan.results.windows(2).all(|w| w[0].level <= w[1].level), "errors, then warnings, then notes");
        let mut prints: Vec<&str> = plan.results.iter().map(|p| p.fingerprint.as_str()).collect();
        assert!(prints.contains(&"evidence-missing:4.1:-:evidence/a.md"), "{prints:?}");
        assert!(prints.contains(&"evidence-missing:4.1:-:evidence/b.md"), "{prints:?}");
        prints.sort_unstable();
        prints.dedup();
        assert_eq!(prints.len(), plan.results.len(), "every result has its own fingerprint");
        assert!(plan.warnings().is_empty() && plan.grouping_note().is_none());
    }

    #[test]
    fn over_the_limits_per_system_findings_are_grouped_and_what_is_left_out_is_said() {
        let a = assessment(3);
        let limits = Limits { results: 4, shown: 10, locations: 2 };
        let plan = plan(&a, limits);
        assert!(plan.grouped && plan.findings > 10);
        assert_eq!(plan.results.len(), 4);
        assert!(plan.dropped > 0 && plan.cut > 0);
        assert!(plan.results.windows(2).all(|w| w[0].level <= w[1].level));
        let group = plan.results.iter().find(|p| p.grouped).expect("a group");
        assert_eq!(group.findings.len(), 3, "each of the three systems");
        assert!(group.fingerprint.ends_with(":*"), "{}", group.fingerprint);
        let warnings = plan.warnings();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("left out, over code scanning's limit of 4 per run"), "{warnings:?}");
        assert!(warnings[1].contains("list only the first 2 as locations"), "{warnings:?}");
        assert!(plan.grouping_note().is_some());
    }

    #[test]
    fn a_group_keeps_its_fingerprint_whichever_systems_it_holds() {
        let limits = Limits { results: 1000, shown: 1, locations: 1000 };
        let prints = |n| {
            let a = assessment(n);
            let mut p: Vec<String> = plan(&a, limits).results.iter().map(|p| p.fingerprint.clone()).collect();
            p.sort();
            p
        };
        assert_eq!(prints(2), prints(5));
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped_number(0), "0");
        assert_eq!(grouped_number(999), "999");
        assert_eq!(grouped_number(28_076), "28,076");
        assert_eq!(grouped_number(1_234_567), "1,234,567");
    }
}
