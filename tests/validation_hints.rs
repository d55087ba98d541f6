//! Validation friction: every problem of a file in one run, and hints that speak the user's vocabulary. Each test
//! is named after the problem it pins.

mod common;

use aims::diagnostic::{Diagnostic, Diagnostics};
use common::{ORGANISATION, workspace};

const SYSTEM: &str = "\
id: triage
name: Triage assistant
purpose: Suggests an urgency level for patient messages
owner: Head of Clinical Support
lifecycle_stage: operation
ai_role: customer
";

fn diagnostics(files: &[(&str, &str)]) -> Diagnostics {
    let dir = workspace(files);
    common::diagnostics(dir.path())
}

/// The diagnostics of `file`, as (code, line, column).
fn located(d: &Diagnostics, file: &str) -> Vec<(&'static str, u32, u32)> {
    d.0.iter().filter(|x| x.file == file).map(|x| (x.code.as_str(), x.line, x.column)).collect()
}

/// The one diagnostic at `file:line`.
fn at<'a>(d: &'a Diagnostics, file: &str, line: u32) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = d.0.iter().filter(|x| x.file == file && x.line == line).collect();
    assert_eq!(found.len(), 1, "expected one diagnostic at {file}:{line}: {d:#?}");
    found[0]
}

fn help(d: &Diagnostic) -> &str {
    d.help.as_deref().unwrap_or_default()
}

#[test]
fn three_bad_values_in_one_file_are_three_located_errors_in_one_run() {
    let system = SYSTEM.replace("operation", "live").replace("ai_role: customer", "ai_role: user")
        + "eu_ai_act:\n  role: deployer\n  risk_tier: limited\n";
    let d = diagnostics(&[("organisation.yaml", ORGANISATION), ("systems/triage.yaml", &system)]);
    assert_eq!(
        located(&d, "systems/triage.yaml"),
        [
            ("invalid-value", 5, 18),
            ("invalid-value", 6, 10),
            ("eu-legacy-classification", 8, 9),
            ("invalid-value", 9, 14)
        ],
        "{d:#?}"
    );
}

#[test]
fn unknown_fields_missing_fields_and_wrong_shapes_in_one_file_are_all_reported() {
    let system = "id: triage\nname: Triage\npurpose: P\nlifecycle_stage: operation\nai_role: customer\n\
                  colour: blue\nin_scope: no\nexclusions: A.8.2\n";
    let d = diagnostics(&[("organisation.yaml", ORGANISATION), ("systems/triage.yaml", system)]);
    assert_eq!(
        located(&d, "systems/triage.yaml"),
        [("missing-field", 1, 1), ("unknown-field", 6, 1), ("invalid-type", 7, 11), ("invalid-type", 8, 13)],
        "{d:#?}"
    );
    assert_eq!(at(&d, "systems/triage.yaml", 1).message, "missing required field `owner`");
}

#[test]
fn a_misspelt_key_is_not_also_reported_as_the_missing_field() {
    let d = diagnostics(&[("organisation.yaml", "name: X\naims_scop: Y\nai_roles: [customer]\n")]);
    assert_eq!(located(&d, "organisation.yaml"), [("unknown-field", 2, 1)], "{d:#?}");
    assert!(help(at(&d, "organisation.yaml", 2)).starts_with("did you mean `aims_scope`?"));
}

#[test]
fn validation_is_deterministic_and_ordered_by_position() {
    let entries = "requirements:\n  - requirement: \"4.1\"\n    status: done\n  - requirement: \"4.2\"\n    status: partial\n    colour: red\n  - requirement: \"9.3\"\n    status: yes\n";
    let files = [("organisation.yaml", ORGANISATION), ("assessment.yaml", entries)];
    let first = diagnostics(&files);
    let lines: Vec<u32> = first.0.iter().map(|x| x.line).collect();
    assert_eq!(lines, [3, 5, 6, 7, 8], "{first:#?}");
    for _ in 0..3 {
        assert_eq!(diagnostics(&files).0, first.0);
    }
}

#[test]
fn requirement_9_3_is_a_heading_and_points_to_9_3_1_to_9_3_3_not_to_4_3() {
    let entries = "requirements:\n  - requirement: \"9.3\"\n    status: compliant\n";
    let d = diagnostics(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", entries)]);
    let diagnostic = at(&d, "assessment.yaml", 2);
    assert_eq!(diagnostic.code.as_str(), "unknown-requirement");
    assert!(diagnostic.message.contains("heading"), "{diagnostic:#?}");
    assert!(help(diagnostic).contains("9.3.1, 9.3.2, 9.3.3"), "{diagnostic:#?}");
    assert!(!help(diagnostic).contains("4.3"), "{diagnostic:#?}");
}

#[test]
fn an_objective_id_names_the_objective_and_its_controls() {
    let entries = "requirements:\n  - requirement: \"A.6\"\n    status: compliant\n";
    let d = diagnostics(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", entries)]);
    let diagnostic = at(&d, "assessment.yaml", 2);
    assert!(diagnostic.message.contains("Annex A objective A.6 (AI system life cycle)"), "{diagnostic:#?}");
    assert!(help(diagnostic).contains("A.6.1.2 … A.6.2.8 (9 in all)"), "{diagnostic:#?}");
    assert!(help(diagnostic).contains("aims controls A.6"), "{diagnostic:#?}");
}

#[test]
fn a_lower_case_id_is_an_error_that_names_the_exact_spelling() {
    let entries = "requirements:\n  - requirement: \"a.6.2.8\"\n    status: compliant\n";
    let d = diagnostics(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", entries)]);
    assert!(help(at(&d, "assessment.yaml", 2)).starts_with("did you mean `A.6.2.8`?"), "{d:#?}");
    // The same in an exclusion and in a waiver.
    let system = format!("{SYSTEM}exclusions:\n  - requirement: \"a.8.2\"\n    justification: Internal only\n");
    let toml = "[[waiver]]\nrequirement = \"a.6.2.8\"\nreason = \"Migration\"\nowner = \"CTO\"\nexpires = 2027-01-31\n";
    let d = diagnostics(&[("organisation.yaml", ORGANISATION), ("systems/triage.yaml", &system), ("aims.toml", toml)]);
    assert!(help(at(&d, "systems/triage.yaml", 8)).starts_with("did you mean `A.8.2`?"), "{d:#?}");
    assert!(help(at(&d, "aims.toml", 2)).starts_with("did you mean `A.6.2.8`?"), "{d:#?}");
}

#[test]
fn eu_ai_act_and_other_vocabularies_get_a_did_you_mean_towards_the_workspace_values() {
    let system = SYSTEM.replace("operation", "pilot").replace("ai_role: customer", "ai_role: deployer")
        + "eu_ai_act:\n  role: user\n  risk_tier: minimal-risk\n";
    let organisation = "name: X\naims_scope: Y\nai_roles: [customer]\neu_ai_act_roles: [deployer]\n";
    let d = diagnostics(&[("organisation.yaml", organisation), ("systems/triage.yaml", &system)]);
    let file = "systems/triage.yaml";
    for (line, suggestion) in [(5, "deployment"), (6, "customer"), (8, "deployer"), (9, "minimal")] {
        let diagnostic = at(&d, file, line);
        assert!(help(diagnostic).contains(&format!("`{suggestion}`")), "line {line}: {diagnostic:#?}");
    }
    let tier = "risk_tier: limited\n";
    let system = format!("{SYSTEM}eu_ai_act:\n  role: deployer\n  {tier}");
    let d = diagnostics(&[("organisation.yaml", ORGANISATION), ("systems/triage.yaml", &system)]);
    assert!(help(at(&d, file, 9)).starts_with("did you mean `transparency`?"), "{d:#?}");
}

#[test]
fn a_string_where_an_evidence_record_belongs_shows_the_record_to_write() {
    let system = format!("{SYSTEM}evidence:\n  data_provenance: evidence/lineage.md\n");
    let d = diagnostics(&[("organisation.yaml", ORGANISATION), ("systems/triage.yaml", &system)]);
    let diagnostic = at(&d, "systems/triage.yaml", 8);
    assert_eq!(diagnostic.code.as_str(), "invalid-type");
    assert!(diagnostic.message.contains("must be an evidence record"), "{diagnostic:#?}");
    assert!(
        help(diagnostic).contains("data_provenance: {file: evidence/lineage.md, reviewed: 2026-01-31}"),
        "{diagnostic:#?}"
    );
}

#[test]
fn a_string_or_a_mapping_where_the_evidence_list_belongs_shows_the_list() {
    let entries = "requirements:\n  - requirement: \"5.2\"\n    status: compliant\n    evidence: evidence/policy.md\n  - requirement: \"5.3\"\n    status: compliant\n    evidence:\n      file: evidence/roles.md\n";
    let d = diagnostics(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", entries)]);
    assert!(help(at(&d, "assessment.yaml", 4)).contains("evidence: [{file: evidence/policy.md, reviewed:"), "{d:#?}");
    assert!(help(at(&d, "assessment.yaml", 8)).contains("put `- ` before the record"), "{d:#?}");
}

#[test]
fn an_empty_justification_is_a_missing_justification_the_finding_not_an_input_error() {
    let entries = "requirements:\n  - requirement: \"A.9.3\"\n    status: not_applicable\n    justification: \"\"\n";
    let system = format!("{SYSTEM}exclusions:\n  - requirement: \"A.6.2.8\"\n    justification: \"  \"\n");
    let dir = workspace(&[
        ("organisation.yaml", ORGANISATION),
        ("assessment.yaml", entries),
        ("systems/triage.yaml", &system),
    ]);
    let d = common::diagnostics(dir.path());
    assert!(!d.has_errors(), "{d:#?}");
    let assessment = common::assess_dir(dir.path());
    assert!(common::codes(common::requirement(&assessment, "A.9.3")).contains(&"exclusion-unjustified"));
    assert!(common::codes(common::requirement(&assessment, "A.6.2.8")).contains(&"exclusion-unjustified"));
}

#[test]
fn empty_optional_text_is_missing_text() {
    let entries = "requirements:\n  - requirement: \"5.2\"\n    status: partially_compliant\n    owner: \"\"\n    notes: \"\"\n    evidence:\n      - file: \"\"\n        reviewed: \"\"\n    action:\n      description: Write it\n      due: \"\"\n";
    let d = diagnostics(&[("organisation.yaml", ORGANISATION), ("assessment.yaml", entries)]);
    assert!(!d.has_errors(), "{d:#?}");
}

#[test]
fn review_interval_months_in_quotes_says_a_whole_number_of_months_in_plain_words() {
    let d = diagnostics(&[
        ("organisation.yaml", ORGANISATION),
        ("aims.toml", "[evidence]\nreview_interval_months = \"12\"\n"),
    ]);
    let diagnostic = at(&d, "aims.toml", 2);
    assert_eq!((diagnostic.line, diagnostic.column), (2, 26));
    assert_eq!(diagnostic.message, "`review_interval_months` must be a whole number of months, found text \"12\"");
    assert_eq!(help(diagnostic), "write the number without quotes: 12");
}

#[test]
fn a_quoted_date_in_aims_toml_is_read_as_the_date() {
    let toml = "[soa]\napproved_on = \"2026-10-01\"\n[[waiver]]\nrequirement = \"5.2\"\nreason = \"Migration\"\nowner = \"CTO\"\nexpires = \"2027-01-31\"\n";
    let d = diagnostics(&[("organisation.yaml", ORGANISATION), ("aims.toml", toml)]);
    assert!(!d.has_errors(), "{d:#?}");
}

#[test]
fn an_unknown_aims_toml_key_gets_did_you_mean() {
    let d = diagnostics(&[
        ("organisation.yaml", ORGANISATION),
        ("aims.toml", "[gate]\nfail_undr = 70\n[report]\ntitel = \"X\"\n"),
    ]);
    assert!(help(at(&d, "aims.toml", 2)).starts_with("did you mean `fail_under`?"), "{d:#?}");
    assert!(help(at(&d, "aims.toml", 4)).starts_with("did you mean `title`?"), "{d:#?}");
}

#[test]
fn no_serde_jargon_reaches_users() {
    let toml = "[evidence]\nreview_interval_months = \"12\"\n[gate]\nfail_under = \"x\"\nfail_on = [\"gap\", 3]\nselect = 5\n\
                waiver_max_months = true\n[soa]\napproved_on = \"soon\"\n[[waiver]]\nrequirement = 1\n";
    let organisation = "name: [X]\naims_scope: {a: b}\nai_roles: provider\ninterested_parties: Patients\n";
    let system = "id: 5\nname: N\npurpose: P\nowner: O\nlifecycle_stage: [operation]\nai_role: 3\nin_scope: yes\n\
                  evidence: [a]\nexclusions: {requirement: A.8.2}\neu_ai_act: high\n";
    let entries = "requirements:\n  requirement: \"4.1\"\n";
    let d = diagnostics(&[
        ("organisation.yaml", organisation),
        ("systems/a.yaml", system),
        ("aims.toml", toml),
        ("assessment.yaml", entries),
    ]);
    assert!(d.0.len() >= 15, "{d:#?}");
    for diagnostic in &d.0 {
        let text = format!("{} {}", diagnostic.message, help(diagnostic));
        for jargon in ["invalid type", "expected i64", "TOML datetime", "sequence", "variant", "struct", "unit", "u32"]
        {
            assert!(!text.contains(jargon), "`{jargon}` in {diagnostic:#?}");
        }
    }
}

#[test]
fn several_missing_fields_are_one_error_and_an_empty_file_says_so() {
    let d = diagnostics(&[("organisation.yaml", ""), ("systems/a.yaml", "id: a\n")]);
    assert_eq!(at(&d, "organisation.yaml", 1).message, "the file is empty");
    assert_eq!(
        at(&d, "systems/a.yaml", 1).message,
        "missing required fields `name`, `purpose`, `owner`, `lifecycle_stage`, `ai_role`"
    );
}

#[test]
fn arbitrary_shapes_in_every_field_never_panic_and_always_report_something() {
    // Every field of a system file given each wrong shape in turn: the recovering reader reports it and goes on.
    let fields = [
        "id",
        "name",
        "purpose",
        "owner",
        "lifecycle_stage",
        "ai_role",
        "in_scope",
        "data_sources",
        "eu_ai_act",
        "evidence",
        "exclusions",
    ];
    for field in fields {
        for shape in ["[1, 2]", "{a: b}", "~", "12", "true", "\"\"", "[{file: x}]"] {
            let system = SYSTEM
                .lines()
                .filter(|l| !l.starts_with(&format!("{field}:")))
                .map(|l| format!("{l}\n"))
                .collect::<String>()
                + &format!("{field}: {shape}\n");
            let d = aims::load::check_bytes("systems/a.yaml", system.into_bytes());
            for diagnostic in &d {
                assert!(diagnostic.line > 0 && diagnostic.help.is_some(), "{field}: {shape}: {diagnostic:#?}");
            }
        }
    }
}

#[test]
fn a_gate_selector_in_another_letter_case_names_the_exact_spelling() {
    let d = diagnostics(&[
        ("organisation.yaml", ORGANISATION),
        ("aims.toml", "[gate]\nselect = [\"a.6\", \"Controls\"]\n"),
    ]);
    let hints: Vec<&str> = d.0.iter().map(help).collect();
    assert_eq!(hints.len(), 2, "{d:#?}");
    assert!(hints[0].starts_with("did you mean \"A.6\"?"), "{d:#?}");
    assert!(hints[1].starts_with("did you mean \"controls\"?"), "{d:#?}");
}
