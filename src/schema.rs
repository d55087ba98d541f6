//! JSON Schemas of the workspace files, generated from the input types in `load::raw` so they cannot drift from
//! what aims accepts. Committed under schema/ (a test keeps them current) for editors: yaml-language-server reads
//! a `# yaml-language-server: $schema=...` modeline.

use schemars::{JsonSchema, generate::SchemaSettings};

use crate::load::raw;

/// The workspace files aims reads, by the name `aims schema NAME` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaFile {
    /// aims.toml
    Settings,
    /// organisation.yaml
    Organisation,
    /// systems/*.yaml
    System,
    /// assessment.yaml and assessment/*.yaml
    Assessment,
    /// risks.yaml and risks/*.yaml: the AI risk register
    Risks,
    /// impact-assessments/*.yaml: one AI system impact assessment each
    ImpactAssessment,
    /// The JSON report of `aims gap --format json` (output, not input)
    Report,
}

impl SchemaFile {
    /// Every schema, in the order `aims schema --out-dir` writes them.
    pub const ALL: [SchemaFile; 7] = [
        SchemaFile::Settings,
        SchemaFile::Organisation,
        SchemaFile::System,
        SchemaFile::Assessment,
        SchemaFile::Risks,
        SchemaFile::ImpactAssessment,
        SchemaFile::Report,
    ];

    /// The file name under schema/.
    pub fn file_name(self) -> &'static str {
        match self {
            SchemaFile::Settings => "aims-toml.schema.json",
            SchemaFile::Organisation => "organisation.schema.json",
            SchemaFile::System => "system.schema.json",
            SchemaFile::Assessment => "assessment.schema.json",
            SchemaFile::Risks => "risks.schema.json",
            SchemaFile::ImpactAssessment => "impact-assessment.schema.json",
            SchemaFile::Report => "report.schema.json",
        }
    }

    /// The schema as pretty JSON with a final newline.
    pub fn render(self) -> String {
        match self {
            SchemaFile::Settings => schema_of::<raw::Settings>(),
            SchemaFile::Organisation => schema_of::<raw::Organisation>(),
            SchemaFile::System => schema_of::<raw::System>(),
            SchemaFile::Assessment => schema_of::<raw::AssessmentFile>(),
            SchemaFile::Risks => schema_of::<raw::RisksFile>(),
            SchemaFile::ImpactAssessment => schema_of::<raw::ImpactAssessmentFile>(),
            SchemaFile::Report => schema_of::<crate::assess::Report<'static>>(),
        }
    }
}

fn schema_of<T: JsonSchema>() -> String {
    let schema = SchemaSettings::draft2020_12().into_generator().into_root_schema_for::<T>();
    crate::render::json(&schema)
}
