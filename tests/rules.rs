//! The rule registry, the code that emits the codes, and docs/rules.md stay in step.

use std::collections::BTreeSet;

use aims::rules::{self, RuleKind};

/// Every string literal that follows one of `markers` in the given source files.
fn codes_in(files: &[&str], markers: &[&str]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        for marker in markers {
            for piece in text.split(marker).skip(1) {
                let piece = piece.trim_start();
                if let Some(rest) = piece.strip_prefix('"') {
                    found.insert(rest.split('"').next().unwrap().to_string());
                }
            }
        }
    }
    found
}

fn registered(kind: RuleKind) -> BTreeSet<String> {
    rules::RULES.iter().filter(|r| r.kind == kind).map(|r| r.code.to_string()).collect()
}

#[test]
fn every_finding_code_the_engine_emits_is_registered_and_vice_versa() {
    // Codes appear as `code: "…"` in findings, as the first item of `=> ("…", message, action)` tuples, and in
    // the `if … { "…" } else { "…" }` that picks between the two per-system codes.
    let markers = ["code: ", "=> (", "let code = if kind.is_impact_assessment() {", "} else {"];
    let mut emitted = codes_in(&["src/assess.rs", "src/eu_ai_act.rs"], &markers);
    emitted.retain(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'));
    assert_eq!(emitted, registered(RuleKind::Finding));
}

#[test]
fn every_diagnostic_code_the_loader_emits_is_registered_and_vice_versa() {
    let files = ["src/load/mod.rs", "src/load/yaml.rs", "src/gate.rs"];
    // Loader diagnostics built through the aims.toml helper name their code as its third argument.
    let mut emitted =
        codes_in(&files, &["Diagnostic::error(", "Diagnostic::warning(", "Diagnostic::warning(\n            "]);
    emitted.extend(codes_in(&["src/load/mod.rs"], &["s.span(), ", "span(), ", ".span(), "]));
    emitted.retain(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'));
    assert_eq!(emitted, registered(RuleKind::Diagnostic));
}

#[test]
fn codes_are_unique() {
    let all: Vec<&str> = rules::RULES.iter().map(|r| r.code).collect();
    let unique: BTreeSet<&str> = all.iter().copied().collect();
    assert_eq!(all.len(), unique.len());
}

#[test]
fn docs_rules_md_is_current() {
    let expected = rules::document();
    if std::env::var_os("AIMS_BLESS").is_some() {
        std::fs::write("docs/rules.md", &expected).unwrap();
    }
    let actual = std::fs::read_to_string("docs/rules.md").unwrap_or_default();
    assert!(actual == expected, "docs/rules.md is out of date; run `AIMS_BLESS=1 cargo test --test rules`");
}
