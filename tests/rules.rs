//! The rule registry and docs/rules.md stay in step. That every code a verb emits is documented is checked by
//! running the verbs (tests/explain_emitted.rs); that every code has documentation is checked by the compiler.

use std::collections::BTreeSet;

use aims::rules::{self, Code, RuleKind};

#[test]
fn every_code_serialises_as_its_text_and_parses_back() {
    for &code in Code::ALL {
        assert_eq!(serde_json::to_value(code).unwrap(), serde_json::Value::from(code.as_str()));
        assert_eq!(Code::parse(code.as_str()), Some(code));
        assert_eq!(code.rule().code, code, "{code} documents another code");
    }
}

#[test]
fn codes_are_unique_kebab_case() {
    let all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let unique: BTreeSet<&str> = all.iter().copied().collect();
    assert_eq!(all.len(), unique.len());
    for code in all {
        assert!(code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{code}");
    }
}

#[test]
fn every_kind_has_rules() {
    for kind in [RuleKind::Finding, RuleKind::Diagnostic] {
        assert!(rules::all().any(|r| r.kind == kind));
    }
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
