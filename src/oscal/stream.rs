//! The assessment results written as they are built. At 10,000 AI systems the document is hundreds of megabytes,
//! nearly all of it observations and findings per requirement and system; built whole it took as much memory again
//! as the assessment. Here the requirements are built a few at a time on all cores, each round's observations are
//! serialised and written, then the same again for the findings (a second pass, since the findings come after every
//! observation and the risks in the document); only the evidence documents of the back matter, each listed once,
//! and the UUIDs that link risks to observations are kept to the end.
//!
//! The bytes are exactly those of [`crate::render::json`] over [`super::assessment_results`]: every piece is
//! serialised by that function and indented to its depth (serde_json escapes line breaks inside strings, so every
//! line break of a piece is layout), and the keys and brackets between the pieces follow serde_json's pretty layout.
//! A test holds the two equal on every example.

use std::collections::{HashMap, HashSet};
use std::io::{self, BufWriter, Write};

use serde::Serialize;

use crate::assess::Report;

use super::model::{AssessmentResults, BackMatter};
use super::results::{Frame, Part, Pass};

/// Writes the OSCAL assessment results of `report` to `out`, as [`crate::render::json`] of
/// [`super::assessment_results`] would, with a final newline, holding a few requirements' parts at a time.
///
/// # Errors
/// Any error writing to `out`.
pub fn assessment_results_to(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let frame = Frame::new(report);
    let requirements = &report.assessment.requirements;
    let skeleton = frame.skeleton();
    let AssessmentResults { uuid, metadata, import_ap, results, back_matter } = &skeleton.assessment_results;
    let result = &results[0];
    let round = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(2, 8);

    let mut out = BufWriter::with_capacity(256 * 1024, out);
    out.write_all(b"{")?;
    let mut top = Fields::new(1);
    top.key(&mut out, "assessment-results")?;
    out.write_all(b"{")?;
    let mut doc = Fields::new(2);
    doc.field(&mut out, "uuid", uuid)?;
    doc.field(&mut out, "metadata", metadata)?;
    doc.field(&mut out, "import-ap", import_ap)?;
    doc.key(&mut out, "results")?;
    out.write_all(b"[\n")?;
    indent(&mut out, 3)?;
    out.write_all(b"{")?;
    let mut fields = Fields::new(4);
    fields.field(&mut out, "uuid", &result.uuid)?;
    fields.field(&mut out, "title", &result.title)?;
    fields.field(&mut out, "description", &result.description)?;
    fields.field(&mut out, "start", &result.start)?;
    if !result.props.is_empty() {
        fields.field(&mut out, "props", &result.props)?;
    }
    if let Some(definitions) = &result.local_definitions {
        fields.field(&mut out, "local-definitions", definitions)?;
    }
    fields.field(&mut out, "reviewed-controls", &result.reviewed_controls)?;

    // The observations, with the evidence documents each first mentions and the rules that fired.
    let (mut evidence, mut listed, mut rules) = (Vec::new(), HashSet::new(), Vec::new());
    let no_risks = HashMap::new();
    let mut list = List::new("observations");
    for chunk in requirements.chunks(round) {
        let parts = crate::parallel::map(chunk, 2, |r| {
            let Part { observations, resources, rules, .. } = frame.build(r, Pass::Observations, &no_risks);
            (items(&observations, 5), resources, rules)
        });
        for (bytes, resources, found) in parts {
            list.extend(&mut out, &mut fields, &bytes)?;
            evidence.extend(resources.into_iter().filter(|r| listed.insert(r.uuid)));
            rules.extend(found);
        }
    }
    list.close(&mut out)?;

    let (risks, related_risks) = frame.risks(&rules);
    drop(rules);
    if !risks.is_empty() {
        fields.field(&mut out, "risks", &risks)?;
    }

    let mut list = List::new("findings");
    for chunk in requirements.chunks(round) {
        let parts =
            crate::parallel::map(chunk, 2, |r| items(&frame.build(r, Pass::Findings, &related_risks).findings, 5));
        for bytes in parts {
            list.extend(&mut out, &mut fields, &bytes)?;
        }
    }
    list.close(&mut out)?;
    if let Some(remarks) = &result.remarks {
        fields.field(&mut out, "remarks", remarks)?;
    }
    out.write_all(b"\n")?;
    indent(&mut out, 3)?;
    out.write_all(b"}\n")?;
    indent(&mut out, 2)?;
    out.write_all(b"]")?;

    let mut resources = back_matter.resources.clone();
    resources.append(&mut evidence);
    doc.field(&mut out, "back-matter", &BackMatter { resources })?;
    out.write_all(b"\n  }\n}\n")?;
    out.flush()
}

/// Two spaces per level, serde_json's pretty indentation.
fn indent(out: &mut impl Write, level: usize) -> io::Result<()> {
    for _ in 0..level {
        out.write_all(b"  ")?;
    }
    Ok(())
}

/// Writes `value` as it appears at `level` in the pretty-printed document: [`crate::render::json`] of it, each line
/// after the first indented by `level` more.
fn at<T: Serialize>(out: &mut impl Write, value: &T, level: usize) -> io::Result<()> {
    let text = crate::render::json(value);
    let mut lines = text.strip_suffix('\n').unwrap_or(&text).split('\n');
    if let Some(first) = lines.next() {
        out.write_all(first.as_bytes())?;
    }
    for line in lines {
        out.write_all(b"\n")?;
        indent(out, level)?;
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// The items of a list at `level`, each after a comma and a line break as if another item came before it (the
/// first item of the list drops that comma: [`List::extend`]).
fn items<T: Serialize>(values: &[T], level: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    for value in values {
        bytes.extend_from_slice(b",\n");
        // Writing to memory cannot fail.
        let _ = indent(&mut bytes, level);
        let _ = at(&mut bytes, value, level);
    }
    bytes
}

/// The fields of an object being written, whose keys are at `level`.
struct Fields {
    level: usize,
    first: bool,
}

impl Fields {
    fn new(level: usize) -> Fields {
        Fields { level, first: true }
    }

    fn key(&mut self, out: &mut impl Write, name: &str) -> io::Result<()> {
        out.write_all(if self.first { b"\n" } else { b",\n" })?;
        self.first = false;
        indent(out, self.level)?;
        serde_json::to_writer(&mut *out, name)?;
        out.write_all(b": ")
    }

    fn field<T: Serialize>(&mut self, out: &mut impl Write, name: &str, value: &T) -> io::Result<()> {
        self.key(out, name)?;
        at(out, value, self.level)
    }
}

/// A list field written item by item, left out when it has none (OSCAL forbids empty lists).
struct List {
    name: &'static str,
    written: bool,
    level: usize,
}

impl List {
    fn new(name: &'static str) -> List {
        List { name, written: false, level: 0 }
    }

    /// Writes the items [`items`] made; the key and the opening bracket go out with the first.
    fn extend(&mut self, out: &mut impl Write, fields: &mut Fields, bytes: &[u8]) -> io::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        if self.written {
            return out.write_all(bytes);
        }
        fields.key(out, self.name)?;
        self.written = true;
        self.level = fields.level;
        out.write_all(b"[")?;
        out.write_all(&bytes[1..])
    }

    fn close(self, out: &mut impl Write) -> io::Result<()> {
        if !self.written {
            return Ok(());
        }
        out.write_all(b"\n")?;
        indent(out, self.level)?;
        out.write_all(b"]")
    }
}
