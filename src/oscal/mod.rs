//! OSCAL export: the bundled catalogue as an OSCAL catalog, an assessment as OSCAL assessment results, and the
//! remediation plan as an OSCAL plan of action and milestones (POA&M), all in OSCAL 1.2.1 JSON. docs/oscal.md says
//! which aims field goes where and how compliance-trestle and Lula read the files.
//!
//! The documents are views like the others: built from the catalogue, the [`Report`](crate::assess::Report) and the
//! [`Plan`](crate::views::plan::Plan), deciding nothing again. They are deterministic, so a re-export of the same
//! workspace as of the same date is byte-identical:
//!
//! - every UUID is a version 5 UUID under [`NAMESPACE`], derived from what the object is (the organisation, a
//!   requirement, an AI system, a rule code, an evidence document, a plan action), never random;
//! - every date-time is midnight UTC of a date aims already has (the as-of date, a due or review date, the
//!   catalogue's release month), never the clock.
//!
//! Text from the workspace is data: it is serialised by serde_json (so it cannot leave its JSON string), made one
//! line where OSCAL wants one, and escaped as Markdown where OSCAL reads Markdown (titles, descriptions, remarks), so
//! a name cannot become a link or HTML in a tool that renders it.

mod catalog;
pub mod model;
mod poam;
mod results;
mod risks;
mod stream;

use uuid::Uuid;

use crate::date::Date;
use crate::render::escape;

pub use catalog::catalog;
pub use poam::poam;
pub use results::assessment_results;
pub use risks::status as risk_status;
pub use stream::assessment_results_to;

/// The OSCAL version the documents follow (metadata `oscal-version`): 1.2.1, the version compliance-trestle 5.2.0
/// reads.
pub const OSCAL_VERSION: &str = "1.2.1";

/// The namespace of every UUID aims writes: `uuid5(NAMESPACE_URL, NS)`, fixed for good. Changing it would change
/// every UUID of every document.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x0af2c51e_afd5_5181_9d1a_7f7ac4fe9c46);

/// The namespace (`ns`) of aims's own properties, a name rather than a page (the `.invalid` domain never resolves).
/// OSCAL's own property names (`label`, `sort-id`, `method`, `asset-id`) carry no `ns`.
pub const NS: &str = "https://aims.invalid/ns/oscal";

/// The ID of a requirement's control in aims's catalog, and the `target-id` of its findings: `iso42001-` and the ID
/// in lower case, `iso42001-4.1`, `iso42001-a.6.2.4` (an OSCAL ID may not start with a digit). A group's ID is made
/// the same way: `iso42001-4`, `iso42001-a.6`.
pub fn control_id(requirement: &str) -> String {
    format!("iso42001-{}", requirement.to_ascii_lowercase())
}

/// The UUID of `key`, a path of parts that names one object (`["requirement", "A.6.2.4", "system", "chatbot"]`):
/// version 5 under [`NAMESPACE`]. Parts are joined with a NUL, which no part holds, so two keys never collide by
/// concatenation.
pub fn uuid(key: &[&str]) -> Uuid {
    Uuid::new_v5(&NAMESPACE, key.join("\u{0}").as_bytes())
}

/// The OSCAL date-time of a date: midnight UTC, `2026-11-27T00:00:00Z`.
pub fn date_time(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// Workspace text as one line of Markdown (an OSCAL `markup-line`, also used for `markup-multiline` fields): white
/// space and line breaks become single spaces, control characters are replaced, Markdown and HTML are escaped
/// ([`escape::markdown`]). `fallback` when nothing is left, since OSCAL forbids an empty line.
fn line(text: &str, fallback: &str) -> String {
    let trimmed = text.trim();
    if trimmed.is_empty() { fallback.to_string() } else { escape::markdown(trimmed).trim_end().to_string() }
}

/// A message of aims that quotes workspace text between backticks (a finding's message, a next step, a plan action),
/// as one line of Markdown: the quotes become code spans, everything else is escaped
/// ([`escape::markdown_message`]). `fallback` when nothing is left.
fn message(text: &str, fallback: &str) -> String {
    let trimmed = text.trim();
    if trimmed.is_empty() { fallback.to_string() } else { escape::markdown_message(trimmed).trim_end().to_string() }
}

/// Workspace text as a property value (an OSCAL `string`): one line, white space runs made one space, no leading or
/// trailing white space, other control characters and bidirectional overrides replaced ([`escape::visible`]);
/// `None` when nothing is left. Property values are not Markdown.
fn value(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for word in text.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(escape::visible));
    }
    (!out.is_empty()).then_some(out)
}

/// An aims property (`ns` [`NS`]); `None` when `text` is empty once made one line.
fn prop(name: &'static str, text: &str) -> Option<model::Property> {
    value(text).map(|value| model::Property { name, ns: Some(NS), value })
}

/// One of OSCAL's own properties (no `ns`).
fn oscal_prop(name: &'static str, text: &str) -> Option<model::Property> {
    value(text).map(|value| model::Property { name, ns: None, value })
}

/// A workspace-relative path as a URI reference: every byte other than ASCII letters, digits, `-._~` and `/`
/// percent-encoded, so a space, `#` or `?` in a file name stays part of the path.
fn path_href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A URL from the workspace as a URI reference: bytes that may not appear in a URI (space, controls, `"<>\^`{|}`,
/// non-ASCII) percent-encoded; everything else as written.
fn url_href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.trim().bytes() {
        if byte.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The metadata every document shares: `title`, `last-modified` and `version` as given, [`OSCAL_VERSION`].
fn metadata(title: String, last_modified: Date, version: String) -> model::Metadata {
    model::Metadata {
        title,
        last_modified: date_time(last_modified),
        version,
        oscal_version: OSCAL_VERSION,
        props: Vec::new(),
        links: Vec::new(),
        parties: Vec::new(),
        remarks: None,
    }
}

/// The assessed organisation as a party.
fn organisation(name: &str) -> model::Party {
    model::Party { uuid: uuid(&["party", name]), kind: "organization", name: value(name).unwrap_or_default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_namespace_is_the_documented_derivation_and_never_changes() {
        assert_eq!(NAMESPACE, Uuid::new_v5(&Uuid::NAMESPACE_URL, NS.as_bytes()));
        // The same value as Python's `uuid.uuid5(uuid.UUID("0af2c51e-afd5-5181-9d1a-7f7ac4fe9c46"), "catalog")`.
        assert_eq!(uuid(&["catalog"]).to_string(), "b43195a2-3746-5181-a052-b02f821ad513");
    }

    #[test]
    fn keys_do_not_collide_by_concatenation() {
        assert_ne!(uuid(&["ab", "c"]), uuid(&["a", "bc"]));
        assert_eq!(uuid(&["a", "b"]).get_version_num(), 5);
    }

    #[test]
    fn text_is_made_one_line_and_safe() {
        assert_eq!(value("  a\n\tb \u{7}c\u{202e}  "), Some("a b \u{fffd}c\u{fffd}".to_string()));
        assert_eq!(value(" \n "), None);
        assert_eq!(line("[x](http://e) <b>\nnext", "-"), "\\[x\\](http://e) &lt;b> next");
        assert_eq!(line("   ", "untitled"), "untitled");
        assert_eq!(message("evidence `a [b].md` is stale", "-"), "evidence `a [b].md` is stale");
        assert_eq!(path_href("evidence/a b#1?.pdf"), "evidence/a%20b%231%3F.pdf");
        assert_eq!(url_href("https://x.example/a b\"<"), "https://x.example/a%20b%22%3C");
        assert_eq!(control_id("A.6.2.4"), "iso42001-a.6.2.4");
    }
}
