//! The HTML documents: the Markdown document (the same template, the same content), converted into one
//! self-contained page with inline CSS for screen and print, inline SVG charts and no JavaScript.
//!
//! **Same content.** A template calls `chart("name")` where a chart belongs; for the Markdown document that writes
//! nothing, for the HTML page it writes a marker line ([`marker`]) the converter replaces by the chart's `<figure>`.
//! Everything else on the page comes from the Markdown, so the two documents cannot disagree.
//!
//! **Nothing runs, nothing is fetched.** Raw HTML in the Markdown (there is none from the workspace, whose text is
//! Markdown-escaped, but a custom template could write some) is shown as text; only the chart markers and a bare
//! `<br>` are let through. Links keep `http`, `https`, `mailto`, fragment and relative targets, anything else
//! (`javascript:`) becomes plain text, and images become their description, since the page fetches nothing. A
//! Content-Security-Policy forbids every fetch and every script, so even a page edited later loads nothing.
//!
//! **Deterministic.** The same assessment gives the same bytes: no dates, counters or random IDs other than those
//! the Markdown holds.

pub mod charts;
pub mod risk_map;
pub mod svg;

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

pub use charts::Charts;

use super::template::{Markup, TemplateError};
use crate::assess::Report;

/// The page's style sheet, for screen and print (A4 and US Letter).
const STYLE: &str = include_str!("style.css");

/// The Content-Security-Policy of every page: no fetch of any kind, no script, no form, no base URL; only the
/// page's own inline style applies.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; font-src 'none'; script-src 'none'; \
     connect-src 'none'; form-action 'none'; base-uri 'none'";

/// A code span longer than this many characters, or holding a `/`, may break across lines.
const LONG_CODE: usize = 24;

const MARKER_START: &str = "<!-- aims-chart:";
const MARKER_END: &str = " -->";

/// The marker line a template's `chart(name)` writes into the Markdown of an HTML page.
pub fn marker(name: &str) -> String {
    format!("\n{MARKER_START}{name}{MARKER_END}\n")
}

/// The fragment identifier of the entry `id` of a kind of entry (`risk`) in a document: `risk-r-03` for the risk
/// `R-03`. Both the template function `anchor(kind, id)`, which writes the entry's anchor, and `xref(kind, id)`,
/// which writes a link to it, take it from here, in the Markdown document and in the HTML page alike.
///
/// The identifier is safe anywhere in HTML and Markdown whatever `id` holds (IDs come from the workspace): ASCII
/// letters (lower-cased), digits and `-` are kept; every other character becomes `_` and its code point in hex and
/// `_` (`R 3` → `risk-r_20_3`), so IDs that differ other than in case get different fragments.
pub fn fragment(kind: &str, id: &str) -> String {
    let mut out = String::with_capacity(kind.len() + id.len() + 1);
    for c in kind.chars().chain(std::iter::once('-')).chain(id.chars().flat_map(char::to_lowercase)) {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c.to_ascii_lowercase());
        } else {
            out.push_str(&format!("_{:x}_", u32::from(c)));
        }
    }
    out
}

/// The empty element a template's `anchor(kind, id)` writes where an entry starts: `<a id="risk-r-03"></a>`
/// ([`fragment`]). Raw HTML of this shape, and only of this shape, passes into the page.
pub fn anchor_html(fragment: &str) -> String {
    format!("<a id=\"{fragment}\"></a>")
}

/// The fragment of an anchor element as [`anchor_html`] writes it (the opening tag); `None` for anything else.
fn anchor_fragment(html: &str) -> Option<&str> {
    let id = html.strip_prefix("<a id=\"")?.strip_suffix("\">")?;
    let safe = !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_".contains(&b));
    safe.then_some(id)
}

/// The gap report as an HTML page: the Markdown report (`report.md.j2`, from `options.template_dir` if it has one,
/// in the voice of `options.audience`) with the charts of [`charts::report`].
///
/// # Errors
/// Those of the Markdown report's template.
pub fn report(report: &Report<'_>, options: super::Options<'_>) -> Result<String, TemplateError> {
    let markdown = super::markdown::markdown_as(report, options, Markup::Html)?;
    Ok(page(&markdown, &charts::report(report, options.summary), "report"))
}

/// `markdown` (rendered with [`Markup::Html`]) as one HTML page, with each chart marker replaced by the chart of
/// that name in `charts` (a marker naming no chart is dropped). `kind` names the document in the page's class
/// (`report`, `soa`, `plan`) for the style sheet. The page's title is the first level-1 heading; the content up
/// to the first level-2 heading forms the title block.
pub fn page(markdown: &str, charts: &Charts, kind: &str) -> String {
    let body = convert(markdown, charts);
    let title = first_heading(markdown).unwrap_or_else(|| "aims report".to_string());
    let mut out = String::with_capacity(body.len() + STYLE.len() + 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n"));
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<meta name=\"generator\" content=\"aims {}\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n",
        env!("CARGO_PKG_VERSION"),
        svg::text(&title)
    ));
    out.push_str(&running_header(&title, marking(markdown).as_deref()));
    out.push_str("</head>\n");
    out.push_str(&format!("<body class=\"doc-{}\">\n", svg::text(kind)));
    out.push_str(&body);
    out.push_str("</body>\n</html>\n");
    out
}

/// The printed page's running header and footer: the confidentiality marking at the top of every page (a
/// recipient who prints one page still sees it) and the document's title at the foot, beside the page number. Both
/// are CSS strings, every character but letters, digits and spaces written as a CSS escape, so workspace text can
/// neither end the string nor the `<style>` element.
fn running_header(title: &str, marking: Option<&str>) -> String {
    let font = "font: 8pt \"DejaVu Sans\", Arial, sans-serif; color: #52606d;";
    let mut rules = format!("@bottom-left {{ content: \"{}\"; {font} }}", css_string(title));
    if let Some(m) = marking {
        rules.push_str(&format!(" @top-center {{ content: \"{}\"; {font} }}", css_string(m)));
    }
    format!("<style>\n@page {{ {rules} }}\n</style>\n")
}

/// `text` as the inside of a CSS string: letters, digits and spaces as they are, every other character as a CSS
/// escape (`\22 ` for `"`).
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out
}

/// The confidentiality marking: the paragraph right after the level-1 heading when it is all bold, as plain text.
fn marking(markdown: &str) -> Option<String> {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options())
        .skip_while(|e| !matches!(e, Event::End(TagEnd::Heading(HeadingLevel::H1))))
        .skip(1)
        .take_while(|e| !matches!(e, Event::End(TagEnd::Paragraph)))
        .collect();
    if !matches!(events.first(), Some(Event::Start(Tag::Paragraph))) {
        return None;
    }
    let mut closed = events[1..].to_vec();
    closed.push(Event::End(TagEnd::Paragraph));
    if !is_marking(&closed) {
        return None;
    }
    let text: String = events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            _ => None,
        })
        .collect();
    Some(text)
}

/// The text of the first level-1 heading, as plain text.
fn first_heading(markdown: &str) -> Option<String> {
    let mut inside = false;
    let mut title = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) => inside = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => return Some(title),
            Event::Text(t) | Event::Code(t) if inside => title.push_str(&t),
            _ => {}
        }
    }
    None
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// The body: the title block (`<header>`), then the document in `<main>`.
///
/// The title block is the level-1 heading, the confidentiality marking when the next paragraph is one (a paragraph
/// that is all bold), and the one block after them (the document's key facts); it ends sooner at a level-2 heading.
/// A two-column table whose header row is empty (the key facts) becomes a definition list.
fn convert(markdown: &str, charts: &Charts) -> String {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len() + 16);
    out.push(Event::Html(CowStr::Borrowed("<header class=\"title-block\">\n")));
    let mut in_header = true;
    let (mut depth, mut blocks_after_title, mut title_seen) = (0usize, 0usize, false);
    let (mut marking, mut marking_seen) = (false, false);
    let mut skip_link = Vec::new();
    // Inside a key-facts table turned definition list: the column of the current cell.
    let mut facts: Option<usize> = None;
    // Inside a heading's `<div class="keep">`, closed after the paragraph that follows the heading.
    let mut keep = false;
    // The columns of the open table that are right-aligned (numbers), and the column of the current cell.
    let (mut numeric, mut column): (Vec<bool>, usize) = (Vec::new(), 0);
    let mut i = 0;
    while i < events.len() {
        let event = events[i].clone();
        i += 1;
        if in_header && depth == 0 && title_seen && blocks_after_title == 1 {
            out.push(Event::Html(CowStr::Borrowed("</header>\n<main>\n")));
            in_header = false;
        }
        match &event {
            Event::Start(Tag::Paragraph) if depth == 0 && title_seen && blocks_after_title == 0 && !marking_seen => {
                marking = is_marking(&events[i..]);
                marking_seen = true;
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if matches!(end, TagEnd::Heading(HeadingLevel::H1)) {
                        title_seen = true;
                    } else if marking && matches!(end, TagEnd::Paragraph) {
                        // The confidentiality marking belongs to the title block without ending it.
                        marking = false;
                    } else if title_seen {
                        blocks_after_title += 1;
                    }
                }
            }
            Event::Html(_) | Event::Rule if depth == 0 && title_seen => blocks_after_title += 1,
            _ => {}
        }
        match &event {
            Event::Start(Tag::Table(alignment)) => {
                numeric = alignment.iter().map(|a| *a == pulldown_cmark::Alignment::Right).collect();
            }
            Event::End(TagEnd::Table) => numeric.clear(),
            Event::Start(Tag::TableHead | Tag::TableRow) => column = 0,
            Event::End(TagEnd::TableCell) => column += 1,
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { level, id: _, classes: _, attrs: _ }) => {
                if level == HeadingLevel::H2 && in_header {
                    out.push(Event::Html(CowStr::Borrowed("</header>\n<main>\n")));
                    in_header = false;
                }
                // The anchor GitHub gives the heading, so the Markdown's `#fragment` links work in the page too.
                let mut words = String::new();
                for e in &events[i..] {
                    match e {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(t) | Event::Code(t) => words.push_str(t),
                        _ => {}
                    }
                }
                let id = unique(&mut ids, anchor(&words));
                // A heading and the paragraph right after it (a requirement's status line, a table's lead-in) go in
                // one block that a printed page does not split (style.css `.keep`), so a heading never ends a page
                // away from what it introduces.
                let end = events[i..].iter().position(|e| matches!(e, Event::End(TagEnd::Heading(_))));
                // (`depth` is 1 here for a heading of the document's own level, not one inside a quote or a list.)
                if level != HeadingLevel::H1
                    && !in_header
                    && depth == 1
                    && end.is_some_and(|end| matches!(events.get(i + end + 1), Some(Event::Start(Tag::Paragraph))))
                {
                    out.push(Event::Html(CowStr::Borrowed("<div class=\"keep\">\n")));
                    keep = true;
                }
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let trimmed = html.trim();
                if let Some(name) = trimmed.strip_prefix(MARKER_START).and_then(|t| t.strip_suffix(MARKER_END)) {
                    if let Some(chart) = charts.get(name) {
                        out.push(Event::Html(CowStr::from(chart.clone())));
                    }
                } else if matches!(trimmed, "<br>" | "<br/>" | "<br />") {
                    out.push(Event::InlineHtml(CowStr::Borrowed("<br>")));
                } else if let Some(id) = anchor_fragment(trimmed)
                    && matches!(events.get(i), Some(Event::InlineHtml(close)) if close.trim() == "</a>")
                {
                    // An entry's anchor (`anchor(kind, id)`): kept, with its closing tag.
                    out.push(Event::InlineHtml(CowStr::from(anchor_html(id))));
                    i += 1;
                } else {
                    out.push(Event::Text(html));
                }
            }
            Event::Start(Tag::Table(alignment)) => {
                if let Some(body) = facts_body(&events[i..], alignment.len()) {
                    out.push(Event::Html(CowStr::Borrowed("<dl class=\"facts\">\n")));
                    // The empty header row is left out; `depth` counts the table as open until its end.
                    i += body;
                    facts = Some(0);
                } else {
                    // A matrix (an AI system per row, a centred mark per control) fits the page with its control
                    // IDs written upwards (style.css `.matrix`).
                    let matrix = alignment.len() > MATRIX_COLUMNS
                        && alignment[1..].iter().all(|a| *a == pulldown_cmark::Alignment::Center);
                    out.push(Event::Html(CowStr::Borrowed(if matrix {
                        "<div class=\"table matrix\">"
                    } else {
                        "<div class=\"table\">"
                    })));
                    out.push(Event::Start(Tag::Table(alignment)));
                }
            }
            Event::End(TagEnd::Paragraph) if keep && depth == 0 => {
                out.push(Event::End(TagEnd::Paragraph));
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
                keep = false;
            }
            Event::End(TagEnd::Table) if facts.is_some() => {
                out.push(Event::Html(CowStr::Borrowed("</dl>\n")));
                facts = None;
            }
            Event::Start(Tag::TableRow) | Event::End(TagEnd::TableRow) if facts.is_some() => facts = Some(0),
            Event::Start(Tag::TableCell) if facts.is_some() => {
                let column = facts.unwrap_or(0);
                // A long fact (the scope of the management system) is marked, so that a page with room for two
                // facts side by side gives it a row of its own (style.css `.wide`).
                let wide = long_fact(&events[i..], column);
                out.push(Event::Html(CowStr::Borrowed(match (column, wide) {
                    (0, false) => "<dt>",
                    (0, true) => "<dt class=\"wide\">",
                    (_, false) => "<dd>",
                    (_, true) => "<dd class=\"wide\">",
                })));
            }
            Event::End(TagEnd::TableCell) if facts.is_some() => {
                let column = facts.unwrap_or(0);
                out.push(Event::Html(CowStr::Borrowed(if column == 0 { "</dt>" } else { "</dd>\n" })));
                facts = Some(column + 1);
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let safe = safe_link(&dest_url);
                skip_link.push(!safe);
                if safe {
                    out.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
            }
            Event::End(TagEnd::Link) => {
                if !skip_link.pop().unwrap_or(false) {
                    out.push(Event::End(TagEnd::Link));
                }
            }
            // A number's note in a numeric cell ("100.0% (1 of 2 assessed)") goes on a line of its own under the
            // number, so the column stays as narrow as its numbers and the note wraps between its words.
            Event::Text(text) if numeric.get(column) == Some(&true) && number_note(&text).is_some() => {
                let (number, note) = number_note(&text).unwrap_or_default();
                out.push(Event::Text(CowStr::from(number.to_string())));
                out.push(Event::InlineHtml(CowStr::Borrowed("<br>")));
                out.push(Event::Text(CowStr::from(note.to_string())));
            }
            // A date stays on one line.
            Event::Text(text) if has_date(&text) => out.push(Event::InlineHtml(CowStr::from(unbroken_dates(&text)))),
            // A path or a long code may break (after each `/` first, anywhere when a narrow cell needs it); a short
            // one (an ID) stays on one line (style.css).
            Event::Code(code) if code.contains('/') || code.chars().count() > LONG_CODE => {
                let parts: Vec<String> = code.split('/').map(svg::text).collect();
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<code class=\"long\">{}</code>",
                    parts.join("/<wbr>")
                ))));
            }
            // The page fetches nothing: an image is shown as its description.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            other => out.push(other),
        }
    }
    if in_header {
        out.push(Event::Html(CowStr::Borrowed("</header>\n<main>\n")));
    }
    out.push(Event::Html(CowStr::Borrowed("</main>\n")));
    let mut html = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    html
}

/// A number followed by a note in brackets, `100.0% (1 of 2 assessed)`, as the number and the note.
fn number_note(text: &str) -> Option<(&str, &str)> {
    let (number, note) = text.split_once(" (")?;
    let numeric = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || ".,%".contains(c));
    (numeric && note.ends_with(')')).then(|| (number, &text[number.len() + 1..]))
}

/// Whether `text` holds an ISO date (`2026-09-30`).
fn has_date(text: &str) -> bool {
    text.len() >= 10 && (0..=text.len() - 10).any(|k| is_date(&text.as_bytes()[k..k + 10]))
}

fn is_date(b: &[u8]) -> bool {
    b.len() == 10 && b.iter().enumerate().all(|(k, c)| if k == 4 || k == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

/// `text` as HTML, each ISO date in it kept on one line (`<span class="date">`).
fn unbroken_dates(text: &str) -> String {
    let bytes = text.as_bytes();
    let (mut out, mut from, mut k) = (String::with_capacity(text.len() + 32), 0, 0);
    while k + 10 <= bytes.len() {
        if is_date(&bytes[k..k + 10]) {
            out.push_str(&svg::text(&text[from..k]));
            out.push_str(&format!("<span class=\"date\">{}</span>", &text[k..k + 10]));
            k += 10;
            from = k;
        } else {
            k += 1;
        }
    }
    out.push_str(&svg::text(&text[from..]));
    out
}

/// Whether the paragraph whose events follow its start is all bold: one strong span, then its end.
fn is_marking(rest: &[Event<'_>]) -> bool {
    if !matches!(rest.first(), Some(Event::Start(Tag::Strong))) {
        return false;
    }
    let mut depth = 0usize;
    for (k, e) in rest.iter().enumerate() {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return matches!(rest.get(k + 1), Some(Event::End(TagEnd::Paragraph)));
                }
            }
            _ => {}
        }
    }
    false
}

/// The most columns after the first that a table of centred marks shows with level headers; a wider one is a
/// matrix whose headers are written upwards so that it fits the page.
const MATRIX_COLUMNS: usize = 8;

/// The most characters of a key fact that is not [`long_fact`].
const SHORT_FACT: usize = 90;

/// Whether the key fact whose cell `column` (0: the label, 1: the value) starts before `rest` has a value longer than
/// [`SHORT_FACT`] characters.
fn long_fact(rest: &[Event<'_>], column: usize) -> bool {
    let mut cell = column;
    let mut chars = 0;
    for e in rest {
        match e {
            Event::End(TagEnd::TableRow) => break,
            Event::End(TagEnd::TableCell) => cell += 1,
            Event::Text(t) | Event::Code(t) if cell == 1 => chars += t.chars().count(),
            _ => {}
        }
    }
    chars > SHORT_FACT
}

/// For a table of `columns` columns whose events follow its start: when it has two columns and an empty header row
/// (a table of key facts), how many events the header takes (to skip them); `None` for any other table.
fn facts_body(rest: &[Event<'_>], columns: usize) -> Option<usize> {
    if columns != 2 || !matches!(rest.first(), Some(Event::Start(Tag::TableHead))) {
        return None;
    }
    for (k, e) in rest.iter().enumerate().skip(1) {
        match e {
            Event::End(TagEnd::TableHead) => return Some(k + 1),
            Event::Start(Tag::TableCell | Tag::TableRow) | Event::End(TagEnd::TableCell | TagEnd::TableRow) => {}
            _ => return None,
        }
    }
    None
}

/// Whether a link's target is one a document may point to: a fragment, a relative path, `http`, `https` or `mailto`.
fn safe_link(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let path_end = lower.find(['/', '?', '#']).unwrap_or(lower.len());
    match scheme_end {
        Some(colon) if colon < path_end => {
            lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
        }
        _ => !lower.chars().any(char::is_control),
    }
}

/// GitHub's anchor for a heading: lower case, spaces to `-`, punctuation other than `-` and `_` removed.
fn anchor(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// `id`, or `id-1`, `id-2` … when an earlier heading has it, as GitHub numbers repeated anchors.
fn unique(seen: &mut HashMap<String, usize>, id: String) -> String {
    match seen.get_mut(&id) {
        None => {
            seen.insert(id.clone(), 0);
            id
        }
        Some(n) => {
            *n += 1;
            let numbered = format!("{id}-{n}");
            seen.insert(numbered.clone(), 0);
            numbered
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(markdown: &str) -> String {
        let mut charts = Charts::new();
        charts.insert("c", "<figure>CHART</figure>\n".to_string());
        convert(markdown, &charts)
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = body("# T\n\n<script>alert(1)</script>\n\ntext <img src=x onerror=y> and <!-- c -->\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn chart_markers_become_charts_and_unknown_ones_vanish() {
        let html = body(&format!("# T\n{}\n{}\n", marker("c"), marker("nope")));
        assert!(html.contains("<figure>CHART</figure>"), "{html}");
        assert!(!html.contains("aims-chart"), "{html}");
    }

    #[test]
    fn unsafe_links_become_text_and_images_their_description() {
        let html = body("# T\n\n[x](javascript:alert(1)) [y](https://example.org) [z](#a) ![alt](http://e/i.png)\n");
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains("href=\"https://example.org\""), "{html}");
        assert!(html.contains("href=\"#a\""), "{html}");
        assert!(!html.contains("i.png"), "{html}");
        assert!(html.contains("alt"), "{html}");
    }

    #[test]
    fn the_title_block_holds_the_marking_and_the_key_facts_as_a_definition_list() {
        let html = body("# T\n\n**Confidential**\n\n| | |\n|---|---|\n| **Client** | `a/b` |\n\nAfter.\n");
        let header = html.split("</header>").next().unwrap();
        assert!(header.contains("<strong>Confidential</strong>"), "{html}");
        assert!(
            header.contains(
                "<dl class=\"facts\">\n<dt><strong>Client</strong></dt><dd><code class=\"long\">a/<wbr>b</code></dd>"
            ),
            "{html}"
        );
        assert!(!html.contains("<table") && !html.contains("<th>"), "{html}");
        assert!(html.split("</header>").nth(1).unwrap().contains("After."), "{html}");
        // A table with a header keeps it; a paragraph that is not all bold ends the title block after it.
        let html = body("# T\n\nSome **bold** text\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.split("</header>").nth(1).unwrap().contains("<thead>"), "{html}");
    }

    #[test]
    fn only_an_entry_anchor_of_the_safe_shape_passes_and_dates_stay_whole() {
        let html = body(
            "# T\n\n| x |\n|---|\n| <a id=\"risk-r-03\"></a>R-03 due 2026-09-30 |\n\n<a id=\"x\" onclick=\"y\"></a> <a id=\"A B\"></a>\n",
        );
        assert!(html.contains("<a id=\"risk-r-03\"></a>R-03 due <span class=\"date\">2026-09-30</span>"), "{html}");
        assert!(html.contains("&lt;a id=\"x\" onclick"), "{html}");
        assert!(html.contains("&lt;a id=\"A B\"&gt;"), "{html}");
    }

    #[test]
    fn fragments_are_safe_and_tell_ids_apart() {
        assert_eq!(fragment("risk", "R-03"), "risk-r-03");
        assert_eq!(fragment("risk", "R 3_x"), "risk-r_20_3_5f_x");
        assert_ne!(fragment("risk", "R_20_3"), fragment("risk", "R 3"));
        let hostile = fragment("risk", "\"><script>é");
        assert!(
            hostile.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_".contains(&b)),
            "{hostile}"
        );
    }

    #[test]
    fn headings_get_github_anchors_and_the_title_block_ends_at_the_first_section() {
        let html = body("# Title\n\nmeta\n\n## Not yet due\n\n## Not yet due\n");
        assert!(html.contains("<h2 id=\"not-yet-due\">"), "{html}");
        assert!(html.contains("<h2 id=\"not-yet-due-1\">"), "{html}");
        assert!(html.find("</header>").unwrap() < html.find("<h2").unwrap(), "{html}");
    }

    #[test]
    fn a_heading_and_its_first_paragraph_are_one_block_only_at_the_top_level() {
        let html = body(
            "# T

meta

## A

status

more

### B

- item

> ### C
>
> quoted

after
",
        );
        assert!(
            html.contains("<div class=\"keep\">\n<h2 id=\"a\">A</h2>\n<p>status</p>\n</div>\n<p>more</p>"),
            "{html}"
        );
        assert_eq!(html.matches("<div class=\"keep\">").count(), 1, "not before a list, not in a quote: {html}");
        assert_eq!(html.matches("<div").count(), html.matches("</div>").count(), "{html}");
    }
}
