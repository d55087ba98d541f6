//! Text from the workspace is data (docs/security.md, "Text from the workspace"): one workspace whose every text
//! field holds hostile strings (HTML comments and tags, links and images, forged headings and table rows, GitHub
//! workflow commands, ANSI and OSC escapes, bidirectional overrides, spreadsheet formulas, zero-width characters,
//! very long text) goes through every format of every verb, and each format is checked for the forgery it must make
//! impossible.

mod common;

use std::path::Path;

use common::{AS_OF, aims};

/// The hostile strings. Each text field starts with one of them (so that every kind also starts a field, where
/// line-start forgeries and formulas live) and then holds all of them.
const HOSTILE: &[&str] = &[
    "<!-- the rest is hidden",
    "</details><script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "![x](http://evil/x.png)",
    "\n# Forged heading",
    "| cell | forged |",
    "::error::forged",
    "%0A::warning::x",
    "\u{1b}[31mred\u{1b}]0;title\u{7}",
    "\u{202e}desrever",
    "=cmd|' /C calc'!A0",
    "@SUM(1)",
    "+1+1",
    "-1+1",
    "\u{ff1d}1+1",
    "\u{200b}zero\u{200d}width\u{feff}",
    "`tick` **bold** _under_ ~~strike~~ $x$",
    "\r\n::error::after a CR",
    "\tTAB=1",
    "\u{9b}31m",
];

/// The value of the `n`-th text field.
fn hostile(n: usize) -> String {
    format!("{} {}", HOSTILE[n % HOSTILE.len()], HOSTILE.join(" "))
}

/// A YAML double-quoted string holding `text` exactly.
fn yaml(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || (0x7f..=0x9f).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02X}", c as u32))
            }
            c if !c.is_ascii() => out.push_str(&format!("\\U{:08X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML basic string holding `text` exactly.
fn toml(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || !c.is_ascii() => out.push_str(&format!("\\U{:08X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes the hostile workspace: every text field of aims.toml, organisation.yaml, the systems and the assessment
/// holds hostile text; findings quote it (declared gaps, missing evidence with a hostile path); a waiver and an
/// exclusion justify with it; one system's notes are long.
fn write_workspace(dir: &Path) {
    let mut n = 0;
    let mut h = || {
        n += 1;
        hostile(n)
    };
    let (t, y) = (|s: String| toml(&s), |s: String| yaml(&s));
    let files = [
        (
            "aims.toml",
            format!(
                "[report]\ntitle = {}\n\n[soa]\nversion = {}\napproved_by = {}\napproved_on = 2026-10-01\n\n\
                 [[waiver]]\nrequirement = \"7.3\"\nreason = {}\nowner = {}\nexpires = 2027-03-31\n\n\
                 [[waiver]]\nrequirement = \"A.6.2.8\"\nsystem = \"chatbot\"\nreason = {}\nowner = {}\nexpires = 2027-03-31\n",
                t(h()),
                t(h()),
                t(h()),
                t(h()),
                t(h()),
                t(h()),
                t(h())
            ),
        ),
        (
            "organisation.yaml",
            format!(
                "name: {}\ndescription: {}\naims_scope: {}\nai_roles: [provider, customer]\n\
                 eu_ai_act_roles: [provider, deployer]\ninterested_parties:\n  - name: {}\n    needs: {}\n",
                y(h()),
                y(h()),
                y(h()),
                y(h()),
                y(h())
            ),
        ),
        (
            "systems/chatbot.yaml",
            format!(
                "id: chatbot\nname: {}\npurpose: {}\nowner: {}\nlifecycle_stage: operation\nai_role: provider\n\
                 supplier: {}\ndata_sources: [{}, {}]\nhuman_oversight: {}\n\
                 eu_ai_act:\n  role: provider\n  risk_tier: high_risk\n  annex_iii_area: {}\n\
                 evidence:\n  impact_assessment:\n    file: {}\n    reviewed: 2026-01-01\n    description: {}\n\
                 \x20 monitoring:\n    file: evidence/policy.md\n    description: {}\n\
                 exclusions:\n  - requirement: \"A.7.5\"\n    justification: {}\nnotes: {}\n",
                y(h()),
                y(h()),
                y(h()),
                y(h()),
                y(h()),
                y(h()),
                y(h()),
                y(h()),
                yaml("evidence/<!-- `x` | [a](b) *c*.md"),
                y(h()),
                y(h()),
                y(h()),
                y(h().repeat(100))
            ),
        ),
        (
            "systems/banned.yaml",
            format!(
                "id: banned\nname: {}\npurpose: {}\nowner: {}\nlifecycle_stage: operation\nai_role: customer\n\
                 eu_ai_act:\n  role: deployer\n  risk_tier: prohibited\n",
                y(h()),
                y(h()),
                y(h())
            ),
        ),
        (
            "systems/chat-widget.yaml",
            format!(
                "id: chat-widget\nname: {}\npurpose: {}\nowner: {}\nlifecycle_stage: operation\nai_role: customer\n\
                 eu_ai_act:\n  role: deployer\n  risk_tier: transparency\n",
                y(h()),
                y(h()),
                y(h())
            ),
        ),
        (
            "systems/retired.yaml",
            format!(
                "id: retired\nname: {}\npurpose: {}\nowner: {}\nlifecycle_stage: retired\nai_role: customer\n\
                 in_scope: false\n",
                y(h()),
                y(h()),
                y(h())
            ),
        ),
        (
            "assessment.yaml",
            format!(
                "requirements:\n\
                 \x20 - requirement: \"4.1\"\n    status: partially_compliant\n    owner: {}\n    notes: {}\n\
                 \x20   action:\n      description: {}\n      owner: {}\n      due: 2026-01-01\n\
                 \x20 - requirement: \"5.2\"\n    status: compliant\n    owner: {}\n    evidence:\n\
                 \x20     - file: {}\n        reviewed: 2026-06-01\n        description: {}\n\
                 \x20 - requirement: \"7.3\"\n    status: non_compliant\n    owner: {}\n    notes: {}\n\
                 \x20 - requirement: \"A.2.3\"\n    status: not_applicable\n    justification: {}\n\
                 \x20 - requirement: \"A.3.2\"\n    status: compliant\n    owner: {}\n    justification: {}\n\
                 \x20   reasons: [risk_treatment]\n    evidence:\n      - file: evidence/policy.md\n\
                 \x20       reviewed: 2026-06-01\n        description: {}\n\
                 \x20 - requirement: \"A.10.3\"\n    status: non_compliant\n    owner: {}\n    notes: {}\n",
                y(h()),
                y(h()),
                y(h()),
                y(h()),
                y(h()),
                yaml("evidence/missing `x` <!-- | [a](b).md"),
                y(h()),
                y(h()),
                y(h()),
                y(h()),
                y(h()),
                y(h()),
                y(h()),
                y(h()),
                y(h())
            ),
        ),
        ("evidence/policy.md", "# AI policy\n".to_string()),
    ];
    for (path, contents) in files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, contents).unwrap();
    }
}

/// Runs aims and returns stdout; stderr must be free of escapes too.
fn run(args: &[&str], codes: &[i32]) -> String {
    let out = aims(args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(codes.contains(&out.status.code().unwrap_or(-1)), "{args:?}: {:?}\n{stderr}", out.status);
    no_controls(&format!("stderr of {args:?}"), &stderr);
    String::from_utf8(out.stdout).unwrap()
}

/// No control character (ESC, BEL, C1, CR) or bidirectional override reaches the output.
fn no_controls(what: &str, text: &str) {
    for c in ['\u{1b}', '\u{7}', '\u{9b}', '\r', '\u{202e}'] {
        assert!(!text.contains(c), "{what}: {c:?} in\n{text}");
    }
}

/// The parts of a Markdown line outside code spans.
fn outside_code(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\\' && i + 1 < chars.len() {
            out.push(chars[i]);
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if chars[i] == '`' {
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            // The closing run of the same length, if any.
            let mut j = i + run;
            let mut close = None;
            while j < chars.len() {
                if chars[j] == '`' {
                    let r = chars[j..].iter().take_while(|&&c| c == '`').count();
                    if r == run {
                        close = Some(j + r);
                        break;
                    }
                    j += r;
                } else {
                    j += 1;
                }
            }
            match close {
                Some(end) => {
                    out.push_str("CODE");
                    i = end;
                }
                None => {
                    out.extend(&chars[i..i + run]);
                    i += run;
                }
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Whether the character at `i` of `chars` has an odd number of backslashes before it.
fn escaped(chars: &[char], i: usize) -> bool {
    chars[..i].iter().rev().take_while(|&&c| c == '\\').count() % 2 == 1
}

/// Checks a Markdown document: no HTML but aims's own `<br>`, no link or image but aims's own, no forged heading,
/// table rows of their table's width, no emphasis, strikethrough or math from the workspace, no control characters.
fn markdown_is_inert(what: &str, doc: &str) {
    no_controls(what, doc);
    let mut table_width = None;
    for line in doc.lines() {
        let text = outside_code(line);
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if c == '<' {
                assert!(
                    text[text.char_indices().nth(i).unwrap().0..].starts_with("<br>"),
                    "{what}: raw HTML in {line}"
                );
            }
            if (c == '[' || c == ']') && !escaped(&chars, i) {
                assert!(text.contains("[Waivers](#waivers)"), "{what}: a link or image in {line}");
            }
        }
        let trimmed = line.trim_start();
        let heading = trimmed.trim_start_matches('#');
        let forged = heading.len() < trimmed.len() && heading.trim_start().starts_with("Forged");
        assert!(!forged, "{what}: a forged heading: {line}");
        assert!(!trimmed.starts_with("::"), "{what}: a line starts with `::`: {line}");
        for forged in ["**bold**", "~~strike~~", "$x$", "_under_"] {
            assert!(!text.contains(forged), "{what}: {forged} unescaped in {line}");
        }
        // Table rows: as many unescaped pipes as the header row.
        if line.starts_with('|') {
            let chars: Vec<char> = line.chars().collect();
            let pipes = (0..chars.len()).filter(|&i| chars[i] == '|' && !escaped(&chars, i)).count();
            let width = *table_width.get_or_insert(pipes);
            assert_eq!(pipes, width, "{what}: a table row of another width: {line}");
        } else {
            table_width = None;
        }
    }
}

/// Checks terminal text: no control characters (colour is off), no line that starts with a workflow command or a
/// forged heading.
fn terminal_is_inert(what: &str, text: &str) {
    no_controls(what, text);
    for line in text.lines() {
        assert!(!line.starts_with("::") && !line.starts_with("# Forged"), "{what}: a forged line: {line}");
    }
}

/// Checks a machine format printed to a CI log: no line starts with a workflow command (`::error::…`).
fn no_workflow_commands(what: &str, text: &str) {
    for line in text.lines() {
        assert!(!line.trim_start().starts_with("::"), "{what}: a line a CI log reads as a command: {line}");
    }
}

/// Checks CSV: it parses, no line starts a workflow command, and no cell starts with what a spreadsheet evaluates.
fn csv_is_inert(what: &str, text: &str) {
    no_controls(what, text);
    no_workflow_commands(what, text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut cells = 0;
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            cells += 1;
            let first = cell.chars().next();
            let first_visible = cell.trim_start().chars().next();
            let formula = |c: Option<char>| c.is_some_and(|c| "=+-@\t\r\n\u{ff1d}\u{ff0b}\u{ff0d}\u{ff20}".contains(c));
            assert!(!formula(first) && !formula(first_visible), "{what}: a formula cell: {cell:?}");
        }
    }
    assert!(cells > 0, "{what}: no cells");
}

/// Checks JSON: it parses and carries no raw control character.
/// The HTML page shows hostile text as text: no element, attribute, comment or link comes from it, in the
/// tables or in the charts (whose labels and tooltips quote IDs and titles).
fn html_is_inert(what: &str, page: &str) {
    no_controls(what, page);
    common::html::offline(what, page);
    assert!(!page.contains("<!--"), "{what}: a comment survived");
    assert!(
        page.contains("&lt;/details&gt;&lt;script&gt;") || page.contains("&lt;script&gt;"),
        "{what}: the text vanished"
    );
}

fn json_parses(what: &str, text: &str) -> serde_json::Value {
    no_controls(what, text);
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: not JSON: {e}"))
}

#[test]
fn hostile_text_in_every_field_forges_nothing_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    write_workspace(dir.path());
    let ws = dir.path().to_str().unwrap();
    let validate = aims(&["validate", ws, "--as-of", AS_OF]);
    assert!(validate.status.success(), "{}", String::from_utf8_lossy(&validate.stderr));

    let gap = |format: &str| run(&["gap", ws, "--as-of", AS_OF, "--format", format, "--fail-under", "99"], &[1]);

    markdown_is_inert("gap markdown", &gap("markdown"));
    html_is_inert("gap html", &gap("html"));
    terminal_is_inert("gap table", &gap("table"));
    let report = json_parses("gap json", &gap("json"));
    let sarif = json_parses("gap sarif", &gap("sarif"));
    for result in sarif["runs"][0]["results"].as_array().unwrap() {
        let text: Vec<char> = result["message"]["text"].as_str().unwrap().chars().collect();
        for (i, &c) in text.iter().enumerate() {
            assert!(!matches!(c, '[' | ']') || escaped(&text, i), "sarif: an embedded link in {text:?}");
        }
    }
    let junit = gap("junit");
    no_controls("gap junit", &junit);
    no_workflow_commands("gap junit", &junit);
    roxmltree::Document::parse(&junit).expect("the JUnit report parses as XML");
    csv_is_inert("gap csv", &gap("csv"));

    let github = gap("github");
    no_controls("gap github", &github);
    let findings = report["summary"]["findings"].as_u64().unwrap() as usize;
    assert_eq!(github.lines().count(), findings + 1, "one line per finding and the summary");
    for line in github.lines() {
        assert!(
            ["::error ", "::warning ", "::notice "].iter().any(|c| line.starts_with(c)),
            "github: a line that is not one of aims's commands: {line}"
        );
        // The data (after the properties' `::`) holds no second command on the line.
        let data = line.splitn(3, "::").nth(2).unwrap();
        assert!(!data.contains('\n') && !data.contains('\r'));
    }
    assert!(github.contains("%0A# Forged heading"), "line breaks are encoded, not dropped");

    for verb in ["soa", "plan"] {
        let doc = |format: &str| run(&[verb, ws, "--as-of", AS_OF, "--format", format], &[0]);
        markdown_is_inert(&format!("{verb} markdown"), &doc("markdown"));
        html_is_inert(&format!("{verb} html"), &doc("html"));
        csv_is_inert(&format!("{verb} csv"), &doc("csv"));
        json_parses(&format!("{verb} json"), &doc("json"));
    }

    for framework in ["eu-ai-act", "nist-ai-rmf", "iso27001"] {
        let view = |format: &str| {
            run(&["crosswalk", ws, "--framework", framework, "--as-of", AS_OF, "--format", format], &[0])
        };
        markdown_is_inert(&format!("crosswalk {framework} markdown"), &view("markdown"));
        terminal_is_inert(&format!("crosswalk {framework} table"), &view("table"));
        csv_is_inert(&format!("crosswalk {framework} csv"), &view("csv"));
        json_parses(&format!("crosswalk {framework} json"), &view("json"));
    }
}

#[test]
fn a_hostile_report_forges_nothing_in_the_diff() {
    let dir = tempfile::tempdir().unwrap();
    write_workspace(&dir.path().join("ws"));
    let ws = dir.path().join("ws");
    let out = aims(&["gap", ws.to_str().unwrap(), "--as-of", AS_OF, "--format", "json"]);
    let mut new: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // A report is a file anyone may have written: its IDs and dates are hostile too.
    new["as_of"] = hostile(1).into();
    new["groups"][0]["title"] = hostile(2).into();
    new["groups"][0]["score"] = 1.0.into();
    new["requirements"][0]["id"] = hostile(3).into();
    new["requirements"][1]["findings"][0]["code"] = hostile(4).into();
    let new_path = dir.path().join("new.json");
    std::fs::write(&new_path, serde_json::to_string(&new).unwrap()).unwrap();
    let old = "examples/saas-ai-customer";
    let new = new_path.to_str().unwrap();
    let diff = |format: &str| run(&["diff", old, new, "--as-of", AS_OF, "--format", format], &[0, 1]);
    markdown_is_inert("diff markdown", &diff("markdown"));
    terminal_is_inert("diff table", &diff("table"));
    json_parses("diff json", &diff("json"));
}

#[test]
fn a_hostile_source_line_reaches_the_terminal_as_replacement_characters() {
    // Raw control bytes in a YAML file are a syntax error; the diagnostic shows the line, defused.
    let dir = tempfile::tempdir().unwrap();
    write_workspace(dir.path());
    std::fs::write(
        dir.path().join("systems/chatbot.yaml"),
        "id: chatbot\nname: x \u{1b}[2J\u{1b}]0;pwned\u{7} \u{202e}desrever \u{9b}31m\npurpose: p\n",
    )
    .unwrap();
    let ws = dir.path().to_str().unwrap();
    for args in [vec!["validate", ws, "--as-of", AS_OF], vec!["gap", ws, "--as-of", AS_OF]] {
        let out = aims(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        terminal_is_inert(&format!("stderr of {args:?}"), &stderr);
        assert!(stderr.contains("systems/chatbot.yaml:2"), "{stderr}");
        assert!(stderr.contains('\u{FFFD}'), "the control characters show as replacement characters: {stderr}");
    }

    // A message that quotes a hostile value (here an unknown life-cycle stage) is defused the same way.
    std::fs::write(
        dir.path().join("systems/chatbot.yaml"),
        format!(
            "id: chatbot\nname: n\npurpose: p\nowner: o\nlifecycle_stage: {}\nai_role: provider\n",
            yaml(&hostile(8))
        ),
    )
    .unwrap();
    let out = aims(&["validate", ws, "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    terminal_is_inert("a message quoting a hostile value", &stderr);
    assert!(stderr.contains("invalid-value") && stderr.contains('\u{FFFD}'), "{stderr}");
}
