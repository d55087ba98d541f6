//! The template engine of the Markdown documents (the gap report, the Statement of Applicability, the plan, the
//! crosswalk): minijinja with Markdown auto-escaping, aims's filters, and the bounds on templates from
//! `--template-dir`.
//!
//! **Escaping.** Every `{{ value }}` is escaped with [`escape::markdown`] unless the value is marked safe: the
//! filters `cell`, `code` and `message` return safe Markdown they escaped themselves, macros return safe output, and
//! a template opts out for text it built itself with `|safe`. A template author cannot forget to escape workspace
//! text; numbers and booleans are written as they are.
//!
//! **Bounds.** A template from `--template-dir` is trusted to format, not to read files or run forever
//! (docs/security.md):
//! - it is read only if it is a regular file of at most [`MAX_TEMPLATE_BYTES`] inside the folder once symlinks are
//!   resolved; `include`, `import` and `extends` name templates of the same folder (relative paths without `..`);
//! - it renders within [`TEMPLATE_FUEL`] (minijinja's fuel: about one unit per instruction and per 64 bytes of data
//!   produced), so no loop or recursion runs for long or grows memory far;
//! - nesting of macros and includes stops at [`RECURSION_LIMIT`];
//! - every document, built in or not, stops at [`MAX_OUTPUT_BYTES`] of output.

use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, ErrorKind};

use super::escape;
use crate::assess::{EvidenceState, EvidenceVerdict, SystemCounts};
use crate::workspace::{EuAiActRole, EuClassification, EuRiskTier, Status};

/// Largest template file aims reads from `--template-dir`, in bytes (1 MiB; the built-in report is about 10 KiB).
pub const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// Largest document a template may write, in bytes (64 MiB); rendering stops with an error beyond it.
pub const MAX_OUTPUT_BYTES: usize = 64 * 1024 * 1024;

/// The fuel a template from `--template-dir` may use for one document: 10 million units (minijinja charges one per
/// instruction and one per 64 bytes of data produced). That is a few seconds of work at most in a release build
/// (well under one for a loop that produces little), and a few hundred megabytes of data in all. A copy of the built-in gap report uses about 600 per AI system of
/// the workspace, so it renders a workspace of 15,000 systems within the budget.
pub const TEMPLATE_FUEL: u64 = 10_000_000;

/// How deep macros and includes may nest, in minijinja's units (a macro call counts 4, an include 10).
pub const RECURSION_LIMIT: usize = 200;

/// The auto-escape mode of every aims template: Markdown, by [`escape::markdown`].
const MARKDOWN: AutoEscape = AutoEscape::Custom(std::borrow::Cow::Borrowed("markdown"));

/// A template could not be read, compiled or rendered; the message names the template (its path, for one from
/// `--template-dir`) and, where there is one, the line.
#[derive(Debug, thiserror::Error)]
#[error("template {name}: {detail}")]
pub struct TemplateError {
    pub(super) name: String,
    pub(super) detail: String,
}

impl TemplateError {
    /// The error `e` of minijinja, for the template shown as `shown` when minijinja names none.
    fn from_engine(e: &minijinja::Error, shown: &dyn Fn(&str) -> String, fallback: &str) -> TemplateError {
        let name = e.name().map_or_else(|| fallback.to_string(), shown);
        let what = match e.kind() {
            ErrorKind::OutOfFuel => format!(
                "stopped: the template used up its budget of {TEMPLATE_FUEL} fuel (docs/templates.md, \"Bounds\")"
            ),
            _ => match e.detail() {
                Some("recursion limit exceeded") => format!(
                    "stopped: macros or includes nest deeper than the limit of {RECURSION_LIMIT} (docs/templates.md, \"Bounds\")"
                ),
                Some(detail) => detail.to_string(),
                None => e.to_string(),
            },
        };
        let detail = match e.line() {
            Some(line) => format!("line {line}: {what}"),
            None => what,
        };
        TemplateError { name, detail }
    }
}

/// Renders the Markdown document `name` (e.g. `report.md.j2`): from `template_dir/name` when the folder has an entry
/// of that name (a consultant's branding or translation), otherwise from `builtin`. The result has no trailing
/// spaces and no runs of blank lines, whatever the template does, so diffs stay clean.
///
/// # Errors
/// A [`TemplateError`]: the folder does not exist; the template or one it includes is not a regular file inside the
/// folder, is too large or not UTF-8; it does not compile; it fails while rendering, runs out of fuel, nests too
/// deep or writes more than [`MAX_OUTPUT_BYTES`].
pub fn render_document(
    name: &str,
    builtin: &str,
    ctx: Value,
    template_dir: Option<&Path>,
) -> Result<String, TemplateError> {
    render_document_as(name, builtin, ctx, template_dir, Markup::Markdown)
}

/// What a document's Markdown is rendered for: the Markdown document itself, or the HTML page made from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// The Markdown document: the template function `chart("name")` writes nothing.
    Markdown,
    /// The Markdown the HTML page is converted from: `chart("name")` writes the line `<!-- aims-chart:name -->`,
    /// which the converter ([`super::html`]) replaces by that chart. Nothing else differs from the Markdown.
    Html,
}

/// [`render_document`] for `markup`.
///
/// # Errors
/// Those of [`render_document`]; also a chart name other than lower-case letters, digits and `-`.
pub fn render_document_as(
    name: &str,
    builtin: &str,
    ctx: Value,
    template_dir: Option<&Path>,
    markup: Markup,
) -> Result<String, TemplateError> {
    let folder = template_dir.map(Folder::open).transpose()?;
    let custom = folder.as_ref().is_some_and(|f| f.has(name));
    let shown = |n: &str| match &folder {
        Some(f) if custom || n != name => f.dir.join(n).display().to_string(),
        _ => n.to_string(),
    };
    let mut env = environment();
    env.add_function("chart", move |chart: &str| -> Result<Value, minijinja::Error> {
        if chart.is_empty() || !chart.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            return Err(minijinja::Error::new(
                ErrorKind::InvalidOperation,
                "a chart's name is lower-case letters, digits and `-` (docs/html.md)",
            ));
        }
        Ok(Value::from_safe_string(match markup {
            Markup::Markdown => String::new(),
            Markup::Html => super::html::marker(chart),
        }))
    });
    // An entry's anchor and a link to it (`anchor("risk", r.id)`, `xref("risk", id)`), the same in both markups: the
    // Markdown renderers that show raw HTML keep the empty `<a id>`, and the HTML page lets exactly it through.
    env.add_function("anchor", |kind: &str, id: &str| -> Result<Value, minijinja::Error> {
        Ok(Value::from_safe_string(super::html::anchor_html(&super::html::fragment(entry_kind(kind)?, id))))
    });
    env.add_function("xref", |kind: &str, id: &str| -> Result<Value, minijinja::Error> {
        let fragment = super::html::fragment(entry_kind(kind)?, id);
        Ok(Value::from_safe_string(format!("[{}](#{fragment})", escape::markdown(id))))
    });
    if let Some(folder) = folder.clone() {
        env.set_loader(move |n| {
            folder.load(n).map_err(|detail| minijinja::Error::new(ErrorKind::InvalidOperation, detail))
        });
    }
    // The front matter the documents share, unless the folder brings its own.
    if !folder.as_ref().is_some_and(|f| f.has(FRONT_NAME)) {
        env.add_template(FRONT_NAME, FRONT).map_err(|e| TemplateError::from_engine(&e, &shown, FRONT_NAME))?;
    }
    if custom {
        env.set_fuel(Some(TEMPLATE_FUEL));
    } else {
        env.add_template_owned(name.to_string(), builtin).map_err(|e| TemplateError::from_engine(&e, &shown, name))?;
    }
    let template = env.get_template(name).map_err(|e| TemplateError::from_engine(&e, &shown, &shown(name)))?;
    let mut sink = Bounded { out: Vec::new(), limit: MAX_OUTPUT_BYTES, exceeded: false };
    let rendered = template.render_captured_to(ctx, &mut sink).map(drop);
    if sink.exceeded {
        return Err(TemplateError {
            name: shown(name),
            detail: format!("stopped: the document is larger than {} MiB", MAX_OUTPUT_BYTES >> 20),
        });
    }
    rendered.map_err(|e| TemplateError::from_engine(&e, &shown, &shown(name)))?;
    let rendered = String::from_utf8_lossy(&sink.out);
    let mut out: String = rendered.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    out.push('\n');
    Ok(out)
}

/// The name of the front matter partial the report, the SoA and the plan import (`{% import "front.md.j2" as fm %}`):
/// the confidentiality marking, who the document is for and by, the report's version and history, the as-of and
/// target audit dates, with the same labels in each.
pub const FRONT_NAME: &str = "front.md.j2";

/// The built-in front matter partial ([`FRONT_NAME`]).
const FRONT: &str = include_str!("../../templates/front.md.j2");

/// An output that refuses to grow beyond `limit` bytes.
struct Bounded {
    out: Vec<u8>,
    limit: usize,
    exceeded: bool,
}

impl io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.out.len().saturating_add(buf.len()) > self.limit {
            self.exceeded = true;
            return Err(io::Error::other("the document is too large"));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The folder of `--template-dir`: as given (for messages) and with symlinks resolved (to keep reads inside it).
#[derive(Clone)]
struct Folder {
    dir: PathBuf,
    real: PathBuf,
}

impl Folder {
    fn open(dir: &Path) -> Result<Folder, TemplateError> {
        let error = |detail: String| TemplateError { name: dir.display().to_string(), detail };
        match fs::metadata(dir) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(error("the template folder is not a folder".to_string())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(error("the template folder does not exist".to_string()));
            }
            Err(e) => return Err(error(format!("cannot read the template folder: {e}"))),
        }
        let real = dir.canonicalize().map_err(|e| error(format!("cannot read the template folder: {e}")))?;
        Ok(Folder { dir: dir.to_path_buf(), real })
    }

    /// Whether the folder has an entry named `name` (a file, or anything else, which [`Folder::load`] refuses).
    fn has(&self, name: &str) -> bool {
        fs::symlink_metadata(self.dir.join(name)).is_ok()
    }

    /// The template `name` of the folder: `None` when there is none; an error when the name leaves the folder, or the
    /// file is not a regular file inside it, is too large or not UTF-8.
    fn load(&self, name: &str) -> Result<Option<String>, String> {
        let relative = Path::new(name);
        if name.is_empty() || name.contains('\\') || !relative.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(format!(
                "`{}` is not a template of the template folder: name a file inside it by a relative path without `..`",
                escape::terminal(name)
            ));
        }
        let path = self.dir.join(relative);
        let shown = escape::terminal(&path.display().to_string()).into_owned();
        match fs::symlink_metadata(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {shown}: {e}")),
            Ok(_) => {}
        }
        let real = path.canonicalize().map_err(|e| format!("cannot resolve {shown}: {e}"))?;
        if !real.starts_with(&self.real) {
            return Err(format!("{shown} leads outside the template folder; templates are read only inside it"));
        }
        read_template(&real).map(Some).map_err(|e| format!("{shown}: {e}"))
    }
}

/// Reads a regular file of at most [`MAX_TEMPLATE_BYTES`] as UTF-8. The file is opened without blocking and checked
/// once open, so a named pipe or a device is refused, never read.
fn read_template(path: &Path) -> Result<String, String> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a named pipe for reading waits for a writer; without blocking it returns at once.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| format!("cannot read it: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot read it: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file; templates must be regular files".to_string());
    }
    let too_large = || format!("the template is larger than {} KiB", MAX_TEMPLATE_BYTES >> 10);
    if meta.len() > MAX_TEMPLATE_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(MAX_TEMPLATE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() as u64 > MAX_TEMPLATE_BYTES {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|_| "the template is not UTF-8 text".to_string())
}

/// The environment every document renders in: Markdown auto-escaping, strict undefined values, block tags that leave
/// no blank lines, aims's filters and the recursion limit.
fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // Block tags on their own lines leave no blank lines behind.
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build() {
        env.set_syntax(syntax);
    }
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_recursion_limit(RECURSION_LIMIT);
    env.set_auto_escape_callback(|_| MARKDOWN);
    env.set_formatter(|out, state, value| {
        if value.is_safe() || matches!(state.auto_escape(), AutoEscape::None) {
            let written = match value.as_str() {
                Some(text) => out.write_str(text),
                None => write!(out, "{value}"),
            };
            return written.map_err(minijinja::Error::from);
        }
        let text = match value.as_str() {
            Some(text) => escape::markdown(text),
            None if value.is_number() || value.kind() == minijinja::value::ValueKind::Bool => value.to_string(),
            None => escape::markdown(&value.to_string()),
        };
        out.write_str(&text).map_err(minijinja::Error::from)
    });
    env.add_filter("cell", |text: Option<&str>| Value::from_safe_string(escape::markdown(text.unwrap_or_default())));
    env.add_filter("code", |text: Option<&str>| {
        Value::from_safe_string(escape::markdown_code(text.unwrap_or_default()))
    });
    env.add_filter("message", |text: Option<&str>| {
        Value::from_safe_string(escape::markdown_message(text.unwrap_or_default()))
    });
    env.add_filter("sentence", |s: &str| super::findings::sentence(s));
    // What follows an item of a list of justifications written inline: ";" after a clause, nothing after a text that
    // ends a sentence (the next item's leading space separates them), so that no list reads ".;".
    env.add_filter("list_sep", |s: Option<&str>| {
        if crate::assess::justification_separator(s.unwrap_or_default()) == " " { "" } else { ";" }
    });
    env.add_filter("pct", |v: Option<f64>| super::percent(v));
    env.add_filter("label", |s: &str| status_from(s).map_or_else(|| s.to_string(), |st| st.label().to_string()));
    env.add_filter("mark", |s: &str| Value::from(status_from(s).map_or("", super::mark)));
    // The inline mark of an evidence record (`EvidenceResult::mark`): "" for current evidence in the workspace.
    // `evidence_mark(true)` gives it in the client's words (`render::client_words`).
    env.add_filter("evidence_mark", |e: Value, client: Option<bool>| {
        let verdict = e.get_attr("verdict").ok().and_then(|v| v.as_str().and_then(EvidenceVerdict::parse));
        let external = e.get_attr("external").is_ok_and(|x| x.is_true());
        let mark = verdict.and_then(|v| v.mark_with(external)).unwrap_or_default();
        Value::from(if client == Some(true) { super::client_words(&mark) } else { mark })
    });
    // How a record's review date reads (`EvidenceState::reviewed_words`): "recorded as reviewed" when nothing was
    // found where it points.
    env.add_filter("reviewed_words", |e: Value| {
        let state = e.get_attr("state").ok().and_then(|v| v.as_str().map(str::to_string));
        let state = state.and_then(|s| serde_json::from_value::<EvidenceState>(serde_json::Value::String(s)).ok());
        state.map_or("reviewed", EvidenceState::reviewed_words)
    });
    // Text of the assessment (a mark, a count of systems) in the client's words (`render::client_words`).
    env.add_filter("client_words", |text: &str| super::client_words(text));
    // The name the client reads for an evidence record (`render::document_title`): its title, else its description,
    // else its file name as words, else its register ID or address; "" when it names none.
    env.add_filter("doc_title", |e: Value| {
        let text = |key: &str| e.get_attr(key).ok().and_then(|v| v.as_str().map(str::to_string));
        let (title, file, register_id, url, description) = match e.as_str() {
            Some(path) => (None, Some(path.to_string()), None, None, None),
            None => (
                text("title"),
                text("file").or_else(|| text("name")),
                text("register_id"),
                text("url"),
                text("description"),
            ),
        };
        Value::from(
            super::markdown::document_title(
                title.as_deref(),
                file.as_deref(),
                register_id.as_deref(),
                url.as_deref(),
                description.as_deref(),
            )
            .unwrap_or_default(),
        )
    });
    env.add_filter("plural", |word: &str, n: usize| super::plural(word, n));
    // A count with thousands separators: `28076` → `28,076`.
    env.add_filter("grouped", |n: usize| super::grouped(n));
    // A count of EU AI Act obligations with their kinds, as the workbook and the charts write it:
    // `5148 | obligations(26)` → "5,148 obligations (26 kinds)".
    env.add_filter("obligations", |n: usize, kinds: usize| super::obligations_and_kinds(n, kinds));
    // A per-system requirement's `system_counts` as its sentence ("3 of 5 systems compliant, 1 partial"); empty for
    // `none` (an organisation-level requirement). `systems(true)` words it for the client (`render::client_words`).
    env.add_filter("systems", |counts: Value, client: Option<bool>| {
        let text = serde_json::to_value(&counts)
            .ok()
            .and_then(|v| serde_json::from_value::<SystemCounts>(v).ok())
            .map_or_else(String::new, |c| c.summary());
        if client == Some(true) { super::client_words(&text) } else { text }
    });
    // An ISO/IEC 22989 AI role and a life-cycle stage as the client reads them ("Provider", "In operation").
    env.add_filter("ai_role", |s: &str| {
        from_key(s).map_or_else(|| s.to_string(), |r: crate::workspace::AiRole| r.label().to_string())
    });
    env.add_filter("stage", |s: &str| {
        from_key(s).map_or_else(|| s.to_string(), |t: crate::workspace::LifecycleStage| t.label().to_string())
    });
    env.add_filter("eu_role", |s: &str| {
        from_key(s).map_or_else(|| s.to_string(), |r: EuAiActRole| r.label().to_string())
    });
    env.add_filter("eu_tier", |s: &str| {
        from_key(s).map_or_else(|| s.to_string(), |t: EuRiskTier| t.label().to_string())
    });
    env.add_filter("eu_fact", |s: &str| {
        from_key(s).map_or_else(|| s.to_string(), |f: crate::workspace::EuFact| f.label().to_string())
    });
    env.add_filter("eu_context", |s: &str| {
        from_key(s).map_or_else(|| s.to_string(), |c: crate::workspace::EuContext| c.label().to_string())
    });
    env.add_filter("eu_class", |s: &str| {
        from_key(s).map_or_else(|| s.to_string(), |c: EuClassification| c.label().to_string())
    });
    env
}

/// `kind` when it can name a kind of entry of `anchor(kind, id)` and `xref(kind, id)`: lower-case letters.
fn entry_kind(kind: &str) -> Result<&str, minijinja::Error> {
    if !kind.is_empty() && kind.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(kind)
    } else {
        Err(minijinja::Error::new(
            ErrorKind::InvalidOperation,
            "an entry's kind is lower-case letters (docs/templates.md)",
        ))
    }
}

/// The value whose serialised form is `key` (`"authorised_representative"`), if there is one.
fn from_key<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::from(key)).ok()
}

fn status_from(s: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|st| st.as_str() == s)
}
