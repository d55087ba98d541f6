//! What counts as "no text" in a required field. A reason, an owner or a justification that shows nothing on the
//! screen is empty, however many characters it holds: whitespace of any script, control characters, and the
//! invisible format characters (zero-width spaces and joiners, direction marks, the byte order mark, variation
//! selectors, tag characters, fillers that render as blank).

/// Whether `text` would show nothing to a reader: it holds only Unicode whitespace, control characters and
/// invisible format characters (see the module documentation). `""`, `"  "`, `"\u{200B}"` and `"\u{3000}\u{FEFF}"`
/// are blank; `"-"` and `"a\u{200B}"` are not. Every required text field of a workspace is checked with this.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_invisible)
}

/// A character that renders as nothing (or as plain space) in reports, terminals and editors.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'                          // soft hyphen
            | '\u{034F}'                        // combining grapheme joiner
            | '\u{061C}'                        // Arabic letter mark
            | '\u{115F}' | '\u{1160}'           // Hangul fillers
            | '\u{17B4}' | '\u{17B5}'           // Khmer inherent vowels
            | '\u{180B}'..='\u{180F}'           // Mongolian variation selectors and vowel separator
            | '\u{200B}'..='\u{200F}'           // zero-width space, joiners, direction marks
            | '\u{202A}'..='\u{202E}'           // bidirectional embeddings and overrides
            | '\u{2060}'..='\u{206F}'           // word joiner, invisible operators, isolates
            | '\u{2800}'                        // braille blank
            | '\u{3164}'                        // Hangul filler
            | '\u{FE00}'..='\u{FE0F}'           // variation selectors
            | '\u{FEFF}'                        // byte order mark, zero-width no-break space
            | '\u{FFA0}'                        // half-width Hangul filler
            | '\u{FFF9}'..='\u{FFFB}'           // interlinear annotation marks
            | '\u{1BCA0}'..='\u{1BCA3}'         // shorthand format controls
            | '\u{1D159}'                       // musical symbol null notehead
            | '\u{1D173}'..='\u{1D17A}'         // musical symbol format controls
            | '\u{E0000}'..='\u{E0FFF}' // tags and variation selectors supplement
        )
}

#[cfg(test)]
mod tests {
    use super::is_blank;

    #[test]
    fn invisible_text_is_blank() {
        for blank in [
            "",
            " ",
            "\t\n",
            "\u{200B}",
            "\u{200B}\u{200C}\u{200D}",
            "\u{3000}\u{FEFF}",
            "\u{00A0}",
            "\u{2800}",
            "\u{1D159}",
        ] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for text in ["-", "a", "a\u{200B}", " x ", "\u{1F600}", "名"] {
            assert!(!is_blank(text), "{text:?}");
        }
    }
}
