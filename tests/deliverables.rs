//! The consultant's deliverables end to end: Statement of Applicability, remediation plan, progress diff, `aims init`
//! and custom templates, each through the real binary on the example workspaces.

mod common;

use std::path::Path;
use std::process::Output;

use common::{AS_OF, aims, copy_dir};

const SAAS: &str = "examples/saas-ai-customer";
const FINTECH: &str = "examples/fintech-ai-provider";

fn ok(output: Output) -> String {
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Every file under `dir` with its bytes, to show a command changed nothing.
fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn soa_lists_every_annex_a_control_with_its_decision() {
    for example in [SAAS, FINTECH] {
        let json: serde_json::Value =
            serde_json::from_str(&ok(aims(&["soa", example, "--as-of", AS_OF, "--format", "json"]))).unwrap();
        let controls = json["controls"].as_array().unwrap();
        assert_eq!(controls.len(), 38);
        assert_eq!(json["included"].as_u64().unwrap() + json["excluded"].as_u64().unwrap(), 38);
        for c in controls {
            if c["justification"].is_null() {
                // Only a rejected exclusion lacks a justification among the exclusions; it stays included.
                let rejected = c["applicability"] == "exclusion_rejected";
                let code = if rejected { "exclusion-unjustified" } else { "soa-justification-missing" };
                assert_eq!(c["included"], true, "{c}");
                assert_eq!(c["findings"][0]["code"], code, "{c}");
            }
        }
    }
    let saas: serde_json::Value =
        serde_json::from_str(&ok(aims(&["soa", SAAS, "--as-of", AS_OF, "--format", "json"]))).unwrap();
    // A.7.3 is excluded without a justification in the SaaS example: the exclusion is rejected, so the control
    // stays included (not implemented), as the report has it.
    let a73 = saas["controls"].as_array().unwrap().iter().find(|c| c["id"] == "A.7.3").unwrap();
    assert_eq!(
        (a73["included"].as_bool(), a73["applicability"].as_str(), a73["findings"][0]["code"].as_str()),
        (Some(true), Some("exclusion_rejected"), Some("exclusion-unjustified"))
    );
    // Per-system controls name the in-scope systems they apply to.
    let a53 = saas["controls"].as_array().unwrap().iter().find(|c| c["id"] == "A.5.3").unwrap();
    assert_eq!(a53["systems"].as_array().unwrap().len(), 3);
    let md = ok(aims(&["soa", FINTECH, "--as-of", AS_OF]));
    insta::assert_snapshot!("soa-fintech-ai-provider.md", md);
    let csv = ok(aims(&["soa", SAAS, "--as-of", AS_OF, "--format", "csv"]));
    assert_eq!(csv.lines().next().unwrap().split(',').next(), Some("ref_id"));
}

#[test]
fn soa_document_control_comes_from_aims_toml() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FINTECH), dir.path());
    let soa_document = |dir: &Path| -> serde_json::Value {
        let json: serde_json::Value =
            serde_json::from_str(&ok(aims(&["soa", dir.to_str().unwrap(), "--as-of", AS_OF, "--format", "json"])))
                .unwrap();
        json["document"].clone()
    };
    // The example's own approved version.
    assert_eq!(
        soa_document(dir.path()),
        serde_json::json!({
            "version": "2.0",
            "approved_by": "AI Risk Committee (chair: Chief Risk Officer)",
            "approved_on": "2026-10-15"
        })
    );
    // A new version, approved by someone else, shows as soon as aims.toml says so.
    let settings = dir.path().join("aims.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    let start = text.find("[soa]").unwrap();
    let end = start + text[start..].find("\n\n").unwrap();
    let text = format!(
        "{}[soa]\nversion = \"2.1\"\napproved_by = \"Board risk committee\"\napproved_on = 2026-10-01{}",
        &text[..start],
        &text[end..]
    );
    std::fs::write(&settings, text).unwrap();
    assert_eq!(
        soa_document(dir.path()),
        serde_json::json!({"version": "2.1", "approved_by": "Board risk committee", "approved_on": "2026-10-01"})
    );
}

#[test]
fn plan_puts_gaps_in_mandatory_documented_information_before_stage_1_by_the_catalogue_flag() {
    // The flag `aims plan` reads is the catalogue's `documented_information` (tests/catalogue.rs pins it to the
    // verified list); a gap in a flagged control, such as A.6.2.4 or A.7.4, blocks the stage 1 audit.
    let catalogue = aims::catalogue::Catalogue::bundled().unwrap();
    let mut flagged_controls = 0;
    for example in [SAAS, FINTECH] {
        let json: serde_json::Value =
            serde_json::from_str(&ok(aims(&["plan", example, "--as-of", AS_OF, "--format", "json"]))).unwrap();
        for phase in json["phases"].as_array().unwrap() {
            for a in phase["actions"].as_array().unwrap() {
                let id = a["requirement"].as_str().unwrap();
                let req = catalogue.get(id).unwrap();
                // Work on AI systems' own records the stage 2 audit samples may come later (counts_agree.rs).
                let on_systems = !a["systems"].as_array().unwrap().is_empty();
                if req.documented_information && !(on_systems && req.kind == aims::catalogue::Kind::Control) {
                    assert_eq!(phase["phase"], "before_stage_1", "{example} {id}");
                    flagged_controls += usize::from(req.kind == aims::catalogue::Kind::Control);
                }
            }
        }
    }
    assert!(flagged_controls > 0, "the examples have gaps in controls that are documented information");
}

#[test]
fn plan_orders_certification_blockers_first_and_flags_overdue_actions() {
    let json: serde_json::Value =
        serde_json::from_str(&ok(aims(&["plan", SAAS, "--as-of", AS_OF, "--format", "json"]))).unwrap();
    let phases: Vec<&str> = json["phases"].as_array().unwrap().iter().map(|p| p["phase"].as_str().unwrap()).collect();
    assert_eq!(phases[0], "before_stage_1");
    let actions: Vec<&serde_json::Value> =
        json["phases"].as_array().unwrap().iter().flat_map(|p| p["actions"].as_array().unwrap()).collect();
    // Ranks run 1..n in order.
    for (i, a) in actions.iter().enumerate() {
        assert_eq!(a["rank"].as_u64(), Some(i as u64 + 1));
    }
    // Every stage-1 action is a clause or mandatory documented information; none comes later.
    let first_later = actions.iter().position(|a| a["phase"] != "before_stage_1").unwrap_or(actions.len());
    assert!(
        actions[..first_later]
            .iter()
            .all(|a| a["kind"] == "clause" || a["requirement"].as_str().unwrap().starts_with("A."))
    );
    assert!(actions[first_later..].iter().all(|a| a["kind"] == "control"));
    // A.8.5's action was due 2026-10-30: overdue as of 2026-11-27, not as of 2026-10-29.
    let a85 = actions.iter().find(|a| a["requirement"] == "A.8.5").unwrap();
    assert_eq!(a85["overdue"], true);
    // The count is the work to do: actions another action carries out are listed, not counted.
    let own = actions.iter().filter(|a| a["carried_by"].is_null()).count();
    assert_eq!(json["actions"].as_u64().unwrap() as usize, own);
    let earlier: serde_json::Value =
        serde_json::from_str(&ok(aims(&["plan", SAAS, "--as-of", "2026-10-29", "--format", "json"]))).unwrap();
    assert_eq!(earlier["overdue"], 0);
    insta::assert_snapshot!("plan-saas-ai-customer.md", ok(aims(&["plan", SAAS, "--as-of", AS_OF])));
    let csv = ok(aims(&["plan", FINTECH, "--as-of", AS_OF, "--format", "csv"]));
    assert!(csv.starts_with("rank,phase,priority,ref_id,"));
}

#[test]
fn diff_reports_known_differences_between_two_reports() {
    // Start from the fintech example; then fix clause 7.4 and let the credit-scoring impact assessment go missing.
    let dir = tempfile::tempdir().unwrap();
    let (before_ws, after_ws) = (dir.path().join("before"), dir.path().join("after"));
    copy_dir(Path::new(FINTECH), &before_ws);
    copy_dir(Path::new(FINTECH), &after_ws);
    let clauses = after_ws.join("assessment/clauses.yaml");
    let text = std::fs::read_to_string(&clauses).unwrap();
    let start = text.find("requirement: \"7.4\"").expect("7.4 entry");
    let fixed = format!(
        "{}{}",
        &text[..start],
        text[start..].replacen(
            "status: not_applicable",
            "status: compliant\n    evidence:\n      - file: evidence/aims-manual.md\n        reviewed: 2026-03-26",
            1
        )
    );
    std::fs::write(&clauses, fixed).unwrap();
    std::fs::remove_file(after_ws.join("evidence/systems/credit-scoring/impact-assessment.md")).unwrap();

    let report = |ws: &Path, name: &str| {
        let path = dir.path().join(name);
        ok(aims(&[
            "gap",
            ws.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--output",
            path.to_str().unwrap(),
        ]));
        path
    };
    let (old, new) = (report(&before_ws, "before.json"), report(&after_ws, "after.json"));
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let json: serde_json::Value = serde_json::from_str(&ok(aims(&["diff", old, new, "--format", "json"]))).unwrap();
    let ids = |key: &str| -> Vec<String> {
        json[key].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids("newly_met"), ["7.4"]);
    // The impact assessment file is gone: the per-system A.5.x controls fall short (8.4 was already partial, since
    // Nora's impact assessment leaves out the societal area).
    assert!(ids("newly_unmet").iter().any(|id| id.starts_with("A.5.")), "{json:#}");
    let added: Vec<&str> =
        json["findings_added"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    // The fundamental-rights impact assessment of credit scoring (Art. 27) does not rest on that file: the
    // structured assessment in impact-assessments/ covers fundamental rights and records it.
    assert!(added.iter().all(|c| *c == "evidence-missing"), "{added:?}");
    let resolved: Vec<&str> =
        json["findings_resolved"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(resolved, ["clause-not-excludable"]);
    assert_eq!(json["regression"], true);

    // --fail-on-regression: exit 1 one way, 0 the other way round (only improvements... and losses).
    assert_eq!(aims(&["diff", old, new, "--fail-on-regression"]).status.code(), Some(1));
    assert_eq!(aims(&["diff", old, old, "--fail-on-regression"]).status.code(), Some(0));
    // Workspace folders work as well as reports.
    let folders = ok(aims(&["diff", before_ws.to_str().unwrap(), after_ws.to_str().unwrap(), "--as-of", AS_OF]));
    assert!(folders.contains("## Newly met") && folders.contains("**7.4** Communication"), "{folders}");
    // The table fits an 80-column terminal.
    let table = ok(aims(&["diff", old, new, "--format", "table"]));
    assert!(table.contains("Newly met (1): 7.4"), "{table}");
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    // A file that is not a report is a usage error.
    assert_eq!(aims(&["diff", "Cargo.toml", old]).status.code(), Some(2));
}

#[test]
fn init_scaffolds_a_workspace_that_validates_and_assesses() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("client");
    let output = aims(&["init", ws.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    for file in ["aims.toml", "organisation.yaml", "systems/example-system.yaml", "assessment.yaml", "README.md"] {
        assert!(ws.join(file).is_file(), "{file}");
    }
    assert!(ws.join("evidence").is_dir());
    let assessment = std::fs::read_to_string(ws.join("assessment.yaml")).unwrap();
    // One placeholder per organisation-level requirement; the 15 per-system controls are assessed from the systems.
    assert_eq!(assessment.matches("status: not_assessed").count(), 55);
    // The questions are there as comments, e.g. the first one of A.6.2.4.
    let catalogue = aims::catalogue::Catalogue::bundled().unwrap();
    let question = &catalogue.get("A.6.2.4").unwrap().questions[0];
    assert!(assessment.contains(&format!("#   - {question}")));
    ok(aims(&["validate", ws.to_str().unwrap(), "--as-of", AS_OF]));
    let json: serde_json::Value =
        serde_json::from_str(&ok(aims(&["gap", ws.to_str().unwrap(), "--as-of", AS_OF, "--format", "json"]))).unwrap();
    assert_eq!(json["requirements"].as_array().unwrap().len(), 70);
}

#[test]
fn init_never_changes_an_existing_workspace() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FINTECH), dir.path());
    let before = snapshot_tree(dir.path());
    // In the workspace and in any folder inside it: refused, nothing written.
    for target in [dir.path().to_path_buf(), dir.path().join("systems"), dir.path().join("systems/new")] {
        let output = aims(&["init", target.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("nothing was written"), "{stderr}");
        assert_eq!(snapshot_tree(dir.path()), before);
    }

    // --force in the workspace's own folder rewrites the scaffold's files that exist, and adds none: no example
    // system, no assessment.yaml beside assessment/.
    let evidence_before = std::fs::read(dir.path().join("evidence/ai-policy.md")).unwrap();
    let stderr = String::from_utf8(aims(&["init", dir.path().to_str().unwrap(), "--force"]).stderr).unwrap();
    assert!(stderr.contains("overwrote") && stderr.contains("organisation.yaml"), "{stderr}");
    let after = snapshot_tree(dir.path());
    let paths = |tree: &[(String, Vec<u8>)]| tree.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&after), paths(&before));
    assert_eq!(std::fs::read(dir.path().join("evidence/ai-policy.md")).unwrap(), evidence_before);
}

#[test]
fn a_custom_template_overrides_the_report_and_a_broken_one_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("report.md.j2"),
        "# {{ a.organisation.name }}: AI readiness\n\nScore {{ a.summary.score | pct }} as of {{ a.as_of }}.\n{% for r in unmet %}- {{ r.id }}\n{% endfor %}",
    )
    .unwrap();
    let templates = dir.path().to_str().unwrap();
    let out = ok(aims(&["gap", FINTECH, "--as-of", AS_OF, "--format", "markdown", "--template-dir", templates]));
    assert!(
        out.starts_with("# Northwind Lending plc: AI readiness\n\nScore 82.1% as of 2026-11-27.\n- 6.1.4\n"),
        "{out}"
    );
    // Templates that are not overridden stay built in.
    let soa = ok(aims(&["soa", FINTECH, "--as-of", AS_OF, "--template-dir", templates]));
    assert!(soa.starts_with("# Statement of Applicability"));

    std::fs::write(
        dir.path().join("plan.md.j2"),
        "# Plan\n\n{% for p in plan.phases %}{{ p.title | no_such_filter }}{% endfor %}\n",
    )
    .unwrap();
    let broken = aims(&["plan", FINTECH, "--as-of", AS_OF, "--template-dir", templates]);
    assert_eq!(broken.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(stderr.contains("plan.md.j2") && stderr.contains("line 3"), "{stderr}");
}

/// The README's "Your first assessment" must work as written on what `aims init` writes today: its listing of the
/// files, its step 3 commands (run here as written) and the count `aims validate` prints.
#[test]
fn the_readme_first_assessment_steps_work_on_a_fresh_workspace() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let init = common::aims_in(dir.path(), &["init", "my-aims"]);
    assert_eq!(init.status.code(), Some(0));
    let listing = String::from_utf8_lossy(&init.stderr).into_owned() + &String::from_utf8_lossy(&init.stdout);
    for line in listing.lines().filter(|l| l.trim_start().starts_with("created")) {
        assert!(readme.contains(line.trim_end()), "the README's listing lacks `{line}`");
    }
    // Step 3's commands, as the README gives them.
    let step = readme.split("**3. List the AI systems**").nth(1).unwrap();
    let commands = step.split("```sh\n").nth(1).unwrap().split("```").next().unwrap();
    let ws = dir.path().join("my-aims");
    let run = std::process::Command::new("sh").arg("-c").arg(commands).current_dir(&ws).output().unwrap();
    assert!(run.status.success(), "step 3 fails: {}", String::from_utf8_lossy(&run.stderr));
    // The edits the step asks for in words.
    let edit = |path: &str| {
        let file = ws.join(path);
        let text = std::fs::read_to_string(&file).unwrap().replace("example-system", "claims-triage");
        std::fs::write(file, text).unwrap();
    };
    for path in ["systems/claims-triage.yaml", "impact-assessments/claims-triage.yaml", "risks.yaml"] {
        edit(path);
    }
    // "Put the documents the records point to in evidence/".
    std::fs::write(ws.join("evidence/claims-triage-intended-use.md"), "# Intended use\n\nSorts motor claims.\n")
        .unwrap();
    let validate = common::aims_in(&ws, &["validate"]);
    let said = String::from_utf8_lossy(&validate.stdout).into_owned() + &String::from_utf8_lossy(&validate.stderr);
    assert_eq!(validate.status.code(), Some(0), "{said}");
    let line = said.lines().find(|l| l.contains("assessment entries")).unwrap();
    assert!(readme.contains(line.trim()), "the README says another count than `{line}`");
}
