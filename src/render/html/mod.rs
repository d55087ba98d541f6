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

pub use charts::{Charts, HEAT_MAP_ROWS};

use super::template::{Markup, TemplateError};
use crate::assess::Report;

/// The page's style sheet, for screen and print (A4 and US Letter).
const STYLE: &str = include_str!("style.css");

/// The Content-Security-Policy of every page: no fetch of any kind, no script, no form, no base URL; only the
/// page's own inline style applies.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; font-src 'none'; script-src 'none'; \
     connect-src 'none'; form-action 'none'; base-uri 'none'";

const MARKER_START: &str = "<!-- aims-chart:";
const MARKER_END: &str = " -->";

/// The marker line a template's `chart(name)` writes into the Markdown of an HTML page.
pub fn marker(name: &str) -> String {
    format!("\n{MARKER_START}{name}{MARKER_END}\n")
}

/// The gap report as an HTML page: the Markdown report (`report.md.j2`, from `options.template_dir` if it has one,
/// in the voice of `options.audience`) with the charts of [`charts::report`].
///
/// # Errors
/// Those of the Markdown report's template.
pub fn report(report: &Report<'_>, options: super::Options<'_>) -> Result<String, TemplateError> {
    let markdown = super::markdown::markdown_as(report, options, Markup::Html)?;
    Ok(page(&markdown, &charts::report(report), "report"))
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
        "<meta name=\"generator\" content=\"aims {}\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n",
        env!("CARGO_PKG_VERSION"),
        svg::text(&title)
    ));
    out.push_str(&format!("<body class=\"doc-{}\">\n", svg::text(kind)));
    out.push_str(&body);
    out.push_str("</body>\n</html>\n");
    out
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

/// The body: the title block (`<header>`, up to the first level-2 heading), then the document in `<main>`.
fn convert(markdown: &str, charts: &Charts) -> String {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len() + 16);
    out.push(Event::Html(CowStr::Borrowed("<header class=\"title-block\">\n")));
    let mut in_header = true;
    // The title block is the level-1 heading and the one block after it (the report's key facts); it ends sooner
    // at a level-2 heading.
    let (mut depth, mut blocks_after_title, mut title_seen) = (0usize, 0usize, false);
    let mut skip_link = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let event = events[i].clone();
        i += 1;
        if in_header && depth == 0 && title_seen && blocks_after_title == 1 {
            out.push(Event::Html(CowStr::Borrowed("</header>\n<main>\n")));
            in_header = false;
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if matches!(end, TagEnd::Heading(HeadingLevel::H1)) {
                        title_seen = true;
                    } else if title_seen {
                        blocks_after_title += 1;
                    }
                }
            }
            Event::Html(_) | Event::Rule if depth == 0 && title_seen => blocks_after_title += 1,
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
                } else {
                    out.push(Event::Text(html));
                }
            }
            Event::Start(Tag::Table(alignment)) => {
                out.push(Event::Html(CowStr::Borrowed("<div class=\"table\">")));
                out.push(Event::Start(Tag::Table(alignment)));
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
    fn headings_get_github_anchors_and_the_title_block_ends_at_the_first_section() {
        let html = body("# Title\n\nmeta\n\n## Not yet due\n\n## Not yet due\n");
        assert!(html.contains("<h2 id=\"not-yet-due\">"), "{html}");
        assert!(html.contains("<h2 id=\"not-yet-due-1\">"), "{html}");
        assert!(html.find("</header>").unwrap() < html.find("<h2").unwrap(), "{html}");
    }
}
