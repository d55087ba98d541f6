//! What the human documents claim is what the records show: a shortfall says only what its findings show, an
//! action names its work, and one AI system's action goes to that system's owner (docs/wording.md).

mod common;

use common::{EXAMPLES, aims};

fn markdown(verb: &str, example: &str) -> String {
    let output = aims(&[verb, example, "--as-of", "2026-11-30", "--format", "markdown"]);
    assert!(output.status.success() || output.status.code() == Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The plan row of Nora's A.8.2 gap.
fn nora_row(plan: &str) -> &str {
    plan.lines()
        .find(|l| l.contains("**A.8.2**") && l.contains("Nora"))
        .unwrap_or_else(|| panic!("no A.8.2 row for Nora in:\n{plan}"))
}

#[test]
fn shortfall_says_only_what_the_findings_show() {
    // Nora's only missing EU AI Act fact is the Art. 50(2) marking; its disclosure to people is recorded.
    let plan = markdown("plan", "examples/fintech-ai-provider");
    let row = nora_row(&plan);
    assert!(row.contains("Art. 50(2)"), "{row}");
    assert!(row.contains("machine-readable"), "{row}");
    assert!(!row.contains("how people are told"), "the disclosure is recorded: {row}");
    assert!(!row.contains("Art. 50(1)"), "{row}");
}

#[test]
fn an_action_names_its_work() {
    for example in EXAMPLES {
        for verb in ["gap", "plan"] {
            let text = markdown(verb, example);
            assert!(!text.contains("Close the gap in"), "{example} {verb} has a generic action");
        }
    }
    let plan = markdown("plan", "examples/fintech-ai-provider");
    assert!(nora_row(&plan).contains("mark the content it generates as machine-generated"), "{}", nora_row(&plan));
}

#[test]
fn one_systems_action_goes_to_the_systems_owner() {
    // The requirement A.8.2 is owned by the Chief Credit Officer; Nora by the Director of Customer Operations.
    let plan = markdown("plan", "examples/fintech-ai-provider");
    let row = nora_row(&plan);
    assert!(row.contains("Director of Customer Operations"), "{row}");
    assert!(!row.contains("Chief Credit Officer"), "{row}");
}
