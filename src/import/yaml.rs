//! Writing system files. Every string is double-quoted with escapes, so no cell text can change meaning on the way
//! back in: `no`, `on`, `1.0`, `0017`, `2024-01-01`, `#`, `: `, quotes, backslashes, tabs and control characters all
//! come back as the same text. Multi-line text stays readable: each line of the value is a line of the file, joined
//! by YAML's escaped line break (`\n\` at the end of a line).

use std::fmt::Write as _;

/// `text` as a YAML double-quoted scalar. Continuation lines (for text with line breaks) are indented by `indent`
/// spaces, which must be deeper than the key the scalar belongs to.
pub fn quote(text: &str, indent: usize) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut line_start = true;
    let mut first_line = true;
    for c in text.chars() {
        // After an escaped line break the parser drops the next line's leading spaces, so a space that starts a
        // continuation line is written as an escape.
        if line_start && !first_line && c == ' ' {
            out.push_str("\\x20");
            line_start = false;
            continue;
        }
        line_start = false;
        match c {
            '\n' => {
                out.push_str("\\n\\\n");
                out.extend(std::iter::repeat_n(' ', indent));
                line_start = true;
                first_line = false;
            }
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if needs_escape(c) => {
                let code = c as u32;
                if code <= 0xFF {
                    let _ = write!(out, "\\x{code:02X}");
                } else if code <= 0xFFFF {
                    let _ = write!(out, "\\u{code:04X}");
                } else {
                    let _ = write!(out, "\\U{code:08X}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters YAML does not allow raw in a scalar (outside its printable set), plus those that some readers take
/// for line breaks (NEL, LS, PS) or a byte order mark.
fn needs_escape(c: char) -> bool {
    let code = c as u32;
    code < 0x20
        || (0x7F..=0x9F).contains(&code)
        || matches!(code, 0x2028 | 0x2029 | 0xFEFF | 0xFFFE | 0xFFFF)
        || (0xD800..=0xDFFF).contains(&code)
}

/// Appends `key: "value"` at `indent` spaces.
pub fn field(out: &mut String, indent: usize, key: &str, value: &str) {
    out.extend(std::iter::repeat_n(' ', indent));
    out.push_str(key);
    out.push_str(": ");
    out.push_str(&quote(value, indent + 2));
    out.push('\n');
}

/// Appends `key: value` with a value that is a fixed identifier (an enum name or `true`/`false`), never quoted.
pub fn plain(out: &mut String, indent: usize, key: &str, value: &str) {
    debug_assert!(value.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
    out.extend(std::iter::repeat_n(' ', indent));
    out.push_str(key);
    out.push_str(": ");
    out.push_str(value);
    out.push('\n');
}

/// Appends a block list of quoted strings.
pub fn list(out: &mut String, indent: usize, key: &str, items: &[String]) {
    out.extend(std::iter::repeat_n(' ', indent));
    out.push_str(key);
    out.push_str(":\n");
    for item in items {
        out.extend(std::iter::repeat_n(' ', indent + 2));
        out.push_str("- ");
        out.push_str(&quote(item, indent + 4));
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(serde::Deserialize)]
    struct Doc {
        key: String,
        list: Vec<String>,
    }

    fn round_trip(text: &str) -> (String, String) {
        let mut yaml = String::new();
        field(&mut yaml, 0, "key", text);
        list(&mut yaml, 0, "list", &[text.to_string()]);
        let opts = serde_saphyr::options! { strict_booleans: true };
        let doc: Doc =
            serde_saphyr::from_str_with_options(&yaml, opts).unwrap_or_else(|e| panic!("{e}\n--- yaml ---\n{yaml}"));
        (doc.key, doc.list.into_iter().next().unwrap())
    }

    #[test]
    fn yaml_lookalikes_stay_text() {
        for text in [
            "no",
            "on",
            "yes",
            "off",
            "y",
            "~",
            "null",
            "1.0",
            "0017",
            "2024-01-01",
            "# not a comment",
            "a: b",
            "- item",
            "[a, b]",
            "{a: b}",
            "&anchor",
            "*alias",
            "!tag",
            "|",
            ">",
            "'",
            "\"",
            "\\",
            "%TAG",
            "@",
            "`",
            "",
            " ",
            "  leading",
            "trailing  ",
            "\t",
            "a\nb",
            "\n",
            "\n\n",
            "a\n",
            "\na",
            "a\n  indented",
            "a\r\nb",
            "\u{0}\u{7}\u{1b}",
            "\u{85}\u{2028}\u{2029}\u{feff}",
            "é – ü 漢字 🚀",
            "\\n",
            "a\\\nb",
            "x\n\u{20}\u{20}",
        ] {
            let (key, item) = round_trip(text);
            assert_eq!(key, text, "as a mapping value");
            assert_eq!(item, text, "as a list item");
        }
    }

    #[test]
    fn multi_line_text_is_one_file_line_per_text_line() {
        assert_eq!(quote("one\ntwo", 2), "\"one\\n\\\n  two\"");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn any_text_round_trips(text in any::<String>()) {
            let (key, item) = round_trip(&text);
            prop_assert_eq!(&key, &text);
            prop_assert_eq!(&item, &text);
        }

        #[test]
        fn spreadsheet_like_text_round_trips(text in "[ a-z:#\"'\\\\\n\t-]{0,40}") {
            let (key, item) = round_trip(&text);
            prop_assert_eq!(&key, &text);
            prop_assert_eq!(&item, &text);
        }
    }
}
