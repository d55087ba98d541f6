//! The escaping layer of every output family. Text from the workspace is data (docs/security.md): whatever a name,
//! title, owner, reason, justification, file path or message holds, it can never forge, hide or inject content in
//! what aims writes. Each family has one function here, and every renderer passes every workspace-supplied string
//! through its family's function:
//!
//! | family | function | neutralises |
//! |---|---|---|
//! | Markdown | [`markdown`], [`markdown_code`], [`markdown_message`] | HTML and comments, links, images, emphasis, headings, lists, quotes, line breaks, table pipes, code spans, math |
//! | terminal and stderr | [`terminal`] | control characters (ESC and so ANSI sequences, C1), line breaks, bidirectional overrides |
//! | GitHub workflow commands | [`github_data`], [`github_property`] | line breaks and `%` (so no line starts with `::`), `:` and `,` in properties, control characters |
//! | XML (JUnit) | [`xml_text`], [`xml_attr`] | markup, characters XML 1.0 forbids |
//! | CSV (spreadsheets) | [`csv_cell`] | formulas, control characters |
//! | XLSX workbooks | [`xlsx_text`] | formulas (on editing; cells are strings already), control characters |
//! | SARIF messages | [`sarif_text`] | embedded links |
//!
//! JSON needs little: serde escapes what JSON must, and [`json_fragment`] also writes C1 control characters and
//! bidirectional overrides as `\u` escapes, so JSON shown on a terminal is inert too.
//!
//! All functions share one notion of an invisible or dangerous character ([`visible`]): C0 and C1 control
//! characters and the Unicode bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
//! can make text display in another order than it reads ("Trojan Source"). Each becomes U+FFFD, the replacement
//! character, so that a reader sees that something was there.

use std::borrow::Cow;

/// The character shown instead of a control character or a bidirectional override.
pub const REPLACEMENT: char = '\u{FFFD}';

/// `c` as it may be shown: a C0 control character other than tab, LF and CR, DEL, a C1 control character, or a
/// bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069) becomes [`REPLACEMENT`]; every other
/// character stays. Tab, LF and CR are left to each family.
pub fn visible(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => REPLACEMENT,
        c => c,
    }
}

/// Whether [`visible`] changes `c`.
fn hidden(c: char) -> bool {
    visible(c) != c
}

/// Text for a terminal or stderr: every control character (ESC, and so every ANSI escape sequence; C1; DEL) and
/// every bidirectional override becomes U+FFFD, and tab, CR, LF and the Unicode line and paragraph separators become
/// a space, so that workspace text can neither colour, retitle or clear the terminal nor start a line of its own
/// (a forged `aims: gate passed`). One character in, one character out: a caret placed under the n-th character
/// still points at it.
pub fn terminal(text: &str) -> Cow<'_, str> {
    let changed = |c: char| hidden(c) || matches!(c, '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}');
    if !text.chars().any(changed) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => ' ',
                c => visible(c),
            })
            .collect(),
    )
}

/// [`visible`] characters with every run of white space (line breaks included) made one space: text that fits on
/// one line of Markdown. A space at either end stays, so that `", "` keeps its space.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(visible(c));
    }
    if space {
        out.push(' ');
    }
    out
}

/// Inline Markdown text that reads as exactly the characters given, wherever a template puts it (a paragraph, a
/// heading, a list item, a table cell, the start of a line):
///
/// - white space, line breaks included, becomes single spaces, so the text cannot start a line, a heading or a
///   table row of its own; control characters and bidirectional overrides become U+FFFD;
/// - `<` becomes `&lt;`, so no HTML tag, comment (`<!--`) or autolink (`<http://…>`) can open;
/// - `\`, `` ` ``, `*`, `[`, `]`, `|`, `~` and `$` are escaped with a backslash (links and images, code spans,
///   emphasis, table cells, strikethrough and GitHub's math);
/// - `_` is escaped unless it stands between two letters or digits (`snake_case` stays as written: it cannot open
///   or close emphasis there);
/// - at the start of the text, `#` and `>` are escaped, and so are `+`, `-` and `=` and the `.` or `)` after leading
///   digits when a space or the end follows (or, for `-` and `=`, another of the same): a heading, a quote, a list
///   item, a rule or a setext underline if a template puts the text at the start of a line. `-2`, `6.2` and
///   `#1` stay as written except for the `#`.
///
/// Other punctuation stays as written. A bare URL stays text, but GitHub shows it as a link to exactly that URL.
pub fn markdown(text: &str) -> String {
    if plain(text) {
        return text.to_string();
    }
    inline(&one_line(text), true)
}

/// Whether [`markdown`] would return `text` unchanged, judged cheaply: printable ASCII without two spaces in a row,
/// none of the characters it escapes, and no digit or block marker first. Most names and titles are.
fn plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    let first_ok = bytes.first().is_none_or(|b| !b.is_ascii_digit() && !b"#>+-= ".contains(b));
    first_ok
        && bytes.iter().all(|&b| (b' '..=b'~').contains(&b) && !b"\\`*[]|~$_<".contains(&b))
        && !text.contains("  ")
}

/// The escaping of [`markdown`] on text already made one line; `at_start` when it may begin a line.
fn inline(text: &str, at_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Where a block construct would begin: after the one space a line may start with (three would do too).
    let lead = usize::from(text.starts_with(' '));
    let digits = if at_start { text[lead..].bytes().take_while(u8::is_ascii_digit).count() } else { 0 };
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    let mut i = 0;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        // A list marker or a setext underline needs a space or the end of the line after it.
        let marker = next.is_none_or(|n| n == ' ');
        let first = at_start && i == lead;
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '|' | '~' | '$' => true,
            '_' => !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)),
            '#' | '>' => first,
            '+' => first && marker,
            '-' | '=' => first && (marker || next == Some(c)),
            '.' | ')' => digits > 0 && i == lead + digits && marker,
            _ => false,
        };
        if c == '<' {
            out.push_str("&lt;");
        } else {
            if escape {
                out.push('\\');
            }
            out.push(c);
        }
        prev = Some(c);
        i += 1;
    }
    out
}

/// A Markdown code span showing `text` exactly: one line, fenced with more backticks than any run inside it, `|`
/// escaped for GitHub tables (outside a table the backslash shows). Empty text gives nothing. For file paths and IDs
/// a template shows as code: `{{ e.file | code }}`; never put it inside backticks of the template's own.
pub fn markdown_code(text: &str) -> String {
    let clean = one_line(text);
    let clean = clean.trim_matches(' ');
    if clean.is_empty() {
        return String::new();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in clean.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if clean.starts_with('`') || clean.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{}{pad}{fence}", clean.replace('|', "\\|"))
}

/// A message of aims that quotes workspace text (a finding's message or next action), as Markdown: each pair of
/// backticks becomes a code span ([`markdown_code`]) and everything else is escaped as by [`markdown`]; an unpaired
/// backtick is shown as one. Whatever the quoted text holds, the result is code spans and escaped text only; like
/// [`markdown_code`], it belongs outside the template's own backticks.
pub fn markdown_message(text: &str) -> String {
    let clean = one_line(text);
    let parts: Vec<&str> = clean.split('`').collect();
    let mut out = String::with_capacity(clean.len() + 16);
    let mut i = 0;
    while i < parts.len() {
        out.push_str(&inline(parts[i], i == 0));
        if i + 1 >= parts.len() {
            break;
        }
        // A backtick follows parts[i]; it opens a code span when another closes it around some text.
        if i + 2 < parts.len() && !parts[i + 1].trim().is_empty() {
            out.push_str(&markdown_code(parts[i + 1]));
            i += 2;
        } else {
            out.push_str("\\`");
            i += 1;
        }
    }
    out
}

/// The data of a GitHub Actions workflow command (after the second `::`): `%` becomes `%25`, CR `%0D` and LF `%0A`,
/// as the runner decodes them, so the data stays on its line and no line of the output starts with `::` but aims's
/// own commands; control characters and bidirectional overrides become U+FFFD so that the log viewer shows no
/// colours or reordering from the workspace.
pub fn github_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(visible(c)),
        }
    }
    out
}

/// A property value of a workflow command (`file=…`, `title=…`): as [`github_data`], and `:` becomes `%3A` and `,`
/// `%2C`, which would otherwise end the value.
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Writes a fragment of a JSON string that serde_json left unescaped, with every C1 control character and
/// bidirectional override as a `\uXXXX` escape (serde_json escapes C0 ones itself). The string means the same once
/// parsed; only the bytes a terminal would interpret are gone.
pub(crate) fn json_fragment<W: ?Sized + std::io::Write>(out: &mut W, fragment: &str) -> std::io::Result<()> {
    // Printable ASCII is never hidden (serde_json has escaped C0 controls before a fragment gets here, and DEL is
    // outside this range); the byte test is much cheaper than decoding characters, and most text is ASCII.
    if fragment.bytes().all(|b| (0x20..0x7F).contains(&b)) || !fragment.chars().any(hidden) {
        return out.write_all(fragment.as_bytes());
    }
    let mut buffer = [0u8; 4];
    for c in fragment.chars() {
        if hidden(c) {
            write!(out, "\\u{:04x}", c as u32)?;
        } else {
            out.write_all(c.encode_utf8(&mut buffer).as_bytes())?;
        }
    }
    Ok(())
}

/// Whether XML 1.0 allows `c` in a document.
fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// XML element text: `&`, `<`, `>`, `"` and `'` as entities, CR as `&#13;` (a reader would normalise a bare one
/// away), and every character XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF), every C1 control character and
/// every bidirectional override as U+FFFD, so the document always parses.
pub fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match visible(c) {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            // A character reference, not a raw line break: the XML means the same, and a report printed to a CI log
            // never starts a line with workspace text (a `::error::…` workflow command).
            '\n' => out.push_str("&#10;"),
            c if xml_allowed(c) => out.push(c),
            _ => out.push(REPLACEMENT),
        }
    }
    out
}

/// An XML attribute value: [`xml_text`], with LF and tab as character references, which readers keep (a literal
/// one would be normalised to a space).
pub fn xml_attr(text: &str) -> String {
    xml_text(text).replace('\n', "&#10;").replace('\t', "&#9;")
}

/// The characters that make a spreadsheet read a cell as a formula when they come first (`=`, `+`, `-`, `@`),
/// with their full-width forms, which some spreadsheets convert.
fn formula_start(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}')
}

/// A CSV cell's text, before quoting: a cell a spreadsheet would evaluate gets a leading apostrophe (which
/// spreadsheets show as nothing), as OWASP's CSV injection guidance recommends. That is a cell whose first character
/// is `=`, `+`, `-`, `@` (or a full-width form of one), a tab, a CR or a LF, or whose first character that is not
/// white space is one of these signs (` =1`). Line breaks become LF, as the file's own (a CR shown on a terminal
/// would return to the start of the line); other control characters and bidirectional overrides become U+FFFD.
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    let dangerous = cell.starts_with(['\t', '\r', '\n']) || cell.trim_start().chars().next().is_some_and(formula_start);
    let clean: Cow<'_, str> = if cell.chars().any(|c| c == '\r' || hidden(c)) {
        Cow::Owned(cell.replace("\r\n", "\n").chars().map(|c| if c == '\r' { '\n' } else { visible(c) }).collect())
    } else {
        Cow::Borrowed(cell)
    };
    // A CSV printed to a CI log must not start a line with `::`, which the log reads as a workflow command
    // (`::error::…`): such a line inside a cell gets the same apostrophe as a formula.
    let command = |line: &str| line.trim_start().starts_with("::");
    let clean: Cow<'_, str> = if clean.lines().skip(1).any(command) {
        let lines: Vec<String> =
            clean.split('\n').map(|l| if command(l) { format!("'{l}") } else { l.to_string() }).collect();
        Cow::Owned(lines.join("\n"))
    } else {
        clean
    };
    if dangerous { Cow::Owned(format!("'{clean}")) } else { clean }
}

/// The text of an XLSX string cell, and whether it looks like a formula. The workbooks write every text as a string
/// cell, which a spreadsheet never evaluates; a text that looks like a formula (as [`csv_cell`] decides: a first
/// character `=`, `+`, `-`, `@` or a full-width form, after any white space, or a leading tab or line break) also
/// gets Excel's quote prefix from the caller, so that it stays text when someone edits the cell. Line breaks become
/// LF (the only one a cell shows as a break); other control characters and bidirectional overrides become U+FFFD.
pub fn xlsx_text(text: &str) -> (Cow<'_, str>, bool) {
    let formula_like =
        text.starts_with(['\t', '\r', '\n']) || text.trim_start().chars().next().is_some_and(formula_start);
    let clean: Cow<'_, str> = if text.chars().any(|c| c == '\r' || hidden(c)) {
        Cow::Owned(text.replace("\r\n", "\n").chars().map(|c| if c == '\r' { '\n' } else { visible(c) }).collect())
    } else {
        Cow::Borrowed(text)
    };
    (clean, formula_like)
}

/// The text of a SARIF message: a `[` or `]` gets a backslash, and so does a `\` before one, so that viewers
/// which read `[text](target)` as an embedded link (SARIF 2.1.0, 3.11.6) show the brackets instead.
pub fn sarif_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let before_bracket = || chars[i + 1..].iter().find(|&&n| n != '\\').is_some_and(|&n| n == '[' || n == ']');
        if c == '[' || c == ']' || (c == '\\' && before_bracket()) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_neutralises_html_links_and_line_starts() {
        assert_eq!(markdown("Title <!-- hidden"), "Title &lt;!-- hidden");
        assert_eq!(markdown("</details><script>x</script>"), "&lt;/details>&lt;script>x&lt;/script>");
        assert_eq!(markdown("[click](javascript:alert(1))"), "\\[click\\](javascript:alert(1))");
        assert_eq!(markdown("![x](http://evil/x.png)"), "!\\[x\\](http://evil/x.png)");
        assert_eq!(markdown("<http://evil>"), "&lt;http://evil>");
        assert_eq!(markdown("ok\n# Forged heading"), "ok # Forged heading");
        assert_eq!(markdown("\n# Forged heading"), " \\# Forged heading");
        assert_eq!(markdown("# Forged"), "\\# Forged");
        assert_eq!(markdown("> quote"), "\\> quote");
        assert_eq!(markdown("- item"), "\\- item");
        assert_eq!(markdown("==="), "\\===");
        assert_eq!(markdown("12. item"), "12\\. item");
        assert_eq!(markdown("| cell | forged |"), "\\| cell \\| forged \\|");
        assert_eq!(markdown("**bold** `code` ~~x~~ $x$"), "\\*\\*bold\\*\\* \\`code\\` \\~\\~x\\~\\~ \\$x\\$");
        assert_eq!(markdown("back\\slash"), "back\\\\slash");
        assert_eq!(markdown("tab\there"), "tab here");
    }

    #[test]
    fn markdown_leaves_ordinary_text_alone() {
        for text in [
            "Northwind Bank plc (UK).",
            "clauses 4-10",
            "CTO & CISO",
            "a > b",
            "risk_register v2",
            "50%",
            "6.2, 7.5",
            "-2",
        ] {
            assert_eq!(markdown(text), text);
            // The shortcut for plain text agrees with the full escaping.
            assert_eq!(inline(&one_line(text), true), text);
        }
        assert_eq!(markdown("_lead and trail_"), "\\_lead and trail\\_");
        assert_eq!(markdown("  two\n\nlines  "), " two lines ");
        assert_eq!(markdown(", "), ", ");
        assert_eq!(markdown(" # x"), " \\# x");
        assert_eq!(markdown("red\u{1b}[31m \u{202e}x"), "red\u{FFFD}\\[31m \u{FFFD}x");
    }

    #[test]
    fn code_spans_cannot_be_left() {
        assert_eq!(markdown_code("evidence/a.md"), "`evidence/a.md`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`x"), "`` `x ``");
        assert_eq!(markdown_code("a|b"), "`a\\|b`");
        assert_eq!(markdown_code(""), "");
    }

    #[test]
    fn messages_keep_their_code_spans_and_escape_the_rest() {
        assert_eq!(markdown_message("evidence `a_b.md` is *old*"), "evidence `a_b.md` is \\*old\\*");
        assert_eq!(markdown_message("file `x` <!-- y"), "file `x` &lt;!-- y");
        assert_eq!(markdown_message("one ` tick"), "one \\` tick");
        assert_eq!(markdown_message("`a`b`"), "`a`b\\`");
        assert_eq!(markdown_message("empty `` pair"), "empty \\`\\` pair");
        assert_eq!(markdown_message("# x `y`"), "\\# x `y`");
    }

    #[test]
    fn terminal_text_has_no_control_characters_and_keeps_its_length() {
        let hostile = "\u{1b}[31mred\u{1b}]0;title\u{7}\nnext\u{9b}2J\u{202e}";
        let shown = terminal(hostile);
        assert!(!shown.contains(['\u{1b}', '\u{7}', '\n', '\u{9b}', '\u{202e}']), "{shown:?}");
        assert_eq!(shown.chars().count(), hostile.chars().count());
        assert!(matches!(terminal("plain – text"), Cow::Borrowed(_)));
    }

    #[test]
    fn github_data_stays_on_its_line() {
        assert_eq!(github_data("100% done\r\nnext: a, b"), "100%25 done%0D%0Anext: a, b");
        assert_eq!(github_data("%0A"), "%250A");
        assert_eq!(github_data("x\n::error::forged"), "x%0A::error::forged");
        assert_eq!(github_data("\u{1b}[31m"), "\u{FFFD}[31m");
        assert_eq!(github_property("A.6.2.4 Verification: a, b\n50%"), "A.6.2.4 Verification%3A a%2C b%0A50%25");
    }

    #[test]
    fn xml_escapes_markup_and_replaces_forbidden_characters() {
        assert_eq!(xml_text("a & b <c> \"d\" 'e'"), "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;");
        assert_eq!(xml_text("bell\u{7} nul\u{0} ok\u{FFFE}"), "bell\u{FFFD} nul\u{FFFD} ok\u{FFFD}");
        assert_eq!(xml_attr("two\nlines\tand\r"), "two&#10;lines&#9;and&#13;");
        assert_eq!(xml_text("emoji 😀 stays"), "emoji 😀 stays");
    }

    #[test]
    fn formula_looking_cells_are_neutralised() {
        for bad in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\n=1", " =1", "＝1", "＠x"]
        {
            assert!(csv_cell(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(csv_cell("A.6.2.4"), "A.6.2.4");
        assert_eq!(csv_cell("50"), "50");
        assert_eq!(csv_cell("a\u{1b}b"), "a\u{FFFD}b");
        assert_eq!(csv_cell("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(csv_cell("ok\n::error::forged\n  ::warning::x"), "ok\n'::error::forged\n'  ::warning::x");
    }

    #[test]
    fn xlsx_text_keeps_the_text_and_flags_what_looks_like_a_formula() {
        for bad in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\n=1", " =1", "＝1", "＠x"]
        {
            assert!(xlsx_text(bad).1, "{bad:?}");
        }
        // The text itself is unchanged: the workbook marks it as text with the cell's quote prefix instead.
        assert_eq!(xlsx_text("=HYPERLINK(\"http://x\")").0, "=HYPERLINK(\"http://x\")");
        assert_eq!(xlsx_text("A.6.2.4"), (Cow::Borrowed("A.6.2.4"), false));
        assert_eq!(xlsx_text("a\u{1b}b\u{202E}c").0, "a\u{FFFD}b\u{FFFD}c");
        assert_eq!(xlsx_text("a\r\nb\rc").0, "a\nb\nc");
    }

    #[test]
    fn json_strings_escape_c1_and_bidi_and_mean_the_same() {
        let text = "a\u{9b}31m \u{202e}b é";
        let mut serializer = serde_json::Serializer::new(Vec::new());
        serde::Serialize::serialize(text, &mut serializer).unwrap();
        let plain = String::from_utf8(serializer.into_inner()).unwrap();
        let mut out = Vec::new();
        json_fragment(&mut out, &plain).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out, "\"a\\u009b31m \\u202eb é\"");
        assert_eq!(serde_json::from_str::<String>(&out).unwrap(), text);
    }

    #[test]
    fn sarif_brackets_are_not_links() {
        assert_eq!(sarif_text("[click](javascript:x)"), "\\[click\\](javascript:x)");
        assert_eq!(sarif_text("a\\[b"), "a\\\\\\[b");
        assert_eq!(sarif_text("C:\\dir x"), "C:\\dir x");
    }
}
