//! Checks of the HTML pages shared by the tests of the format and of hostile input.

/// The page loads and runs nothing: no script, no element that fetches, no event handler, no `javascript:` link,
/// and the Content-Security-Policy that forbids every fetch. The only `http` text is the SVG namespace and links.
pub fn offline(what: &str, page: &str) {
    let style = page.split("<style>").nth(1).and_then(|s| s.split("</style>").next()).unwrap_or("");
    assert!(!style.contains("@import") && !style.contains("url("), "{what}: the style sheet fetches");
    assert!(page.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"), "{what}: no CSP");
    // A URL in a tag is the SVG namespace or a link's target; URLs in text (an evidence reference) are text.
    for tag in page.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")) {
        let rest = tag.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        if rest.contains("://") {
            assert!(tag.starts_with("a href=\"http"), "{what}: a URL in <{tag}>");
        }
    }
    // Every tag is one the converter or the charts write.
    const TAGS: &[&str] = &[
        "!doctype",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "div",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "span",
        "wbr",
        "li",
        "strong",
        "em",
        "code",
        "a",
        "br",
        "hr",
        "del",
        "pre",
        "blockquote",
        "figure",
        "figcaption",
        "svg",
        "desc",
        "polygon",
        "line",
        "text",
        "tspan",
        "circle",
        "rect",
        "g",
    ];
    for (i, _) in page.match_indices('<') {
        let name: String = page[i + 1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect::<String>()
            .to_ascii_lowercase();
        assert!(TAGS.contains(&name.as_str()), "{what}: a <{name}> element: {}", &page[i..(i + 80).min(page.len())]);
    }
    let tag_text: Vec<&str> = page.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")).collect();
    for tag in tag_text {
        let attrs = tag.to_ascii_lowercase();
        assert!(!attrs.split_whitespace().any(|a| a.starts_with("on")), "{what}: an event handler in <{tag}>");
        for needle in ["javascript:", "src=", "url(", "data:"] {
            assert!(!attrs.contains(needle), "{what}: {needle} in <{tag}>");
        }
    }
}
