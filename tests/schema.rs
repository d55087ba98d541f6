//! The committed JSON Schemas under schema/ are what `aims schema` generates from the input types.

use aims::schema::SchemaFile;

#[test]
fn committed_schemas_are_current() {
    for file in SchemaFile::ALL {
        let path = format!("schema/{}", file.file_name());
        let expected = file.render();
        if std::env::var_os("AIMS_BLESS").is_some() {
            std::fs::write(&path, &expected).unwrap();
        }
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(actual == expected, "{path} is out of date; run `aims schema --out-dir schema`");
    }
}

#[test]
fn schemas_reject_unknown_fields_and_list_enum_values() {
    let system: serde_json::Value = serde_json::from_str(&SchemaFile::System.render()).unwrap();
    assert_eq!(system["additionalProperties"], false);
    let required: Vec<&str> = system["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    for field in ["id", "name", "purpose", "owner", "lifecycle_stage", "ai_role"] {
        assert!(required.contains(&field), "{field} should be required");
    }
    let roles = &system["$defs"]["AiRole"];
    assert!(roles.to_string().contains("customer"), "{roles}");
}

#[test]
fn example_reports_validate_against_the_committed_report_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("schema/report.schema.json").unwrap()).unwrap();
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
    for example in ["examples/saas-ai-customer", "examples/fintech-ai-provider", "examples/healthtech-provider"] {
        let output = assert_cmd::Command::cargo_bin("aims")
            .unwrap()
            .args(["gap", example, "--as-of", "2026-11-27", "--format", "json", "--fail-on", "non_compliant"])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&report).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{example}: {errors:#?}");
        assert!(report["gate"].is_object(), "the gate is part of the validated report");
    }
    // The validator does reject a report that breaks the contract.
    let mut broken: serde_json::Value = serde_json::json!({"schema_version": "one"});
    broken["requirements"] = serde_json::json!([]);
    assert!(!validator.is_valid(&broken));
}
