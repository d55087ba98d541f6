//! A parsed file as a tree of located values, for the slow path of validation: when a file does not deserialise
//! at once, it is read again into this tree and deserialised from it by `recover`, which collects every problem
//! instead of stopping at the first. YAML builds the tree through the same parser call and bounds as the fast path;
//! aims.toml builds it from the TOML parser's spanned document.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// One value of a parsed file, with where it starts.
#[derive(Debug, Clone)]
pub(super) struct Node {
    pub value: Value,
    /// 1-based line and column (in characters) where the value starts; the line is 0 when unknown.
    pub line: u32,
    pub column: u32,
    /// The byte range of the value in the file (`start..start` when its end is unknown; 0..0 when both are).
    pub start: usize,
    pub end: usize,
}

/// What a [`Node`] holds. Scalars keep the text as written where it matters (numbers), so a value read as text is
/// the text the user typed (`1.10`, not `1.1`).
#[derive(Debug, Clone)]
pub(super) enum Value {
    /// An empty value (`key:` or `~` in YAML).
    Null,
    Bool(bool),
    /// A number as written (`12`, `4.10`, `1e3`).
    Number(String),
    /// Text, after unquoting and unescaping.
    Text(String),
    /// A date and time literal (TOML only), as written.
    Datetime(String),
    /// A mapping, in file order; keys are nodes too, so an unknown key can be pointed at.
    Map(Vec<(Node, Node)>),
    List(Vec<Node>),
}

impl Node {
    /// A short description of what was found, for "expected …, found …": `text "evidence/a.md"`, `the number 12`,
    /// `a mapping`.
    pub fn found(&self) -> String {
        match &self.value {
            Value::Null => "nothing".to_string(),
            Value::Bool(b) => format!("`{b}`"),
            Value::Number(n) => format!("the number {n}"),
            Value::Text(t) => format!("text \"{}\"", shorten(t)),
            Value::Datetime(d) => format!("the date {d}"),
            Value::Map(_) => "a mapping".to_string(),
            Value::List(_) => "a list".to_string(),
        }
    }

    /// The scalar as text, if the node is a scalar other than null.
    pub fn scalar_text(&self) -> Option<&str> {
        match &self.value {
            Value::Number(t) | Value::Text(t) | Value::Datetime(t) => Some(t),
            Value::Bool(true) => Some("true"),
            Value::Bool(false) => Some("false"),
            _ => None,
        }
    }
}

/// At most 40 characters of `text`, with `…` when cut, for messages.
pub(super) fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

// ----- YAML -----------------------------------------------------------------------------------------------------

/// The YAML tree as serde-saphyr hands it over: every node with its location.
struct YamlNode(Spanned<YamlValue>);

enum YamlValue {
    Null,
    Bool(bool),
    Number(String),
    Text(String),
    Map(Vec<(YamlNode, YamlNode)>),
    List(Vec<YamlNode>),
}

impl<'de> Deserialize<'de> for YamlNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Spanned::<YamlValue>::deserialize(d).map(YamlNode)
    }
}

impl<'de> Deserialize<'de> for YamlValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(YamlVisitor)
    }
}

struct YamlVisitor;

impl<'de> Visitor<'de> for YamlVisitor {
    type Value = YamlValue;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<YamlValue, E> {
        Ok(YamlValue::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<YamlValue, E> {
        Ok(YamlValue::Number(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<YamlValue, E> {
        Ok(YamlValue::Number(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<YamlValue, E> {
        Ok(YamlValue::Number(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<YamlValue, E> {
        Ok(YamlValue::Number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<YamlValue, E> {
        Ok(YamlValue::Number(v.to_string()))
    }
    fn visit_char<E: de::Error>(self, v: char) -> Result<YamlValue, E> {
        Ok(YamlValue::Text(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<YamlValue, E> {
        Ok(YamlValue::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<YamlValue, E> {
        Ok(YamlValue::Text(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<YamlValue, E> {
        Ok(YamlValue::Text(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<YamlValue, E> {
        Ok(YamlValue::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<YamlValue, E> {
        Ok(YamlValue::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<YamlValue, D::Error> {
        YamlValue::deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<YamlValue, D::Error> {
        YamlValue::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YamlValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<YamlNode>()? {
            items.push(item);
        }
        Ok(YamlValue::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YamlValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<YamlNode, YamlNode>()? {
            entries.push(entry);
        }
        Ok(YamlValue::Map(entries))
    }
}

/// Converts serde-saphyr's tree into a [`Node`], taking each number's text from the source.
fn from_yaml(node: YamlNode, text: &str) -> Node {
    let Spanned { value, referenced, .. } = node.0;
    let value = match value {
        YamlValue::Null => Value::Null,
        YamlValue::Bool(b) => Value::Bool(b),
        YamlValue::Number(n) => {
            let span = referenced.span();
            let written = span
                .byte_offset()
                .zip(span.byte_len())
                .and_then(|(start, len)| text.get(start as usize..(start + len) as usize))
                .map(str::trim)
                .filter(|w| !w.is_empty() && !w.contains(['\n', ':', '#']));
            Value::Number(written.map_or(n, str::to_string))
        }
        YamlValue::Text(t) => Value::Text(t),
        YamlValue::Map(entries) => {
            Value::Map(entries.into_iter().map(|(k, v)| (from_yaml(k, text), from_yaml(v, text))).collect())
        }
        YamlValue::List(items) => Value::List(items.into_iter().map(|i| from_yaml(i, text)).collect()),
    };
    let span = referenced.span();
    let start = span.byte_offset().unwrap_or(0) as usize;
    let end = start + span.byte_len().unwrap_or(0) as usize;
    Node { value, line: referenced.line() as u32, column: referenced.column() as u32, start, end }
}

/// Parses YAML `text` into a tree with the options `opts` (the fast path's), or the parser's error.
pub(super) fn yaml(text: &str, opts: serde_saphyr::Options) -> Result<Node, serde_saphyr::Error> {
    let root: Option<YamlNode> = serde_saphyr::from_str_with_options(text, opts)?;
    Ok(match root {
        Some(root) => from_yaml(root, text),
        None => Node { value: Value::Null, line: 1, column: 1, start: 0, end: 0 },
    })
}

// ----- TOML -----------------------------------------------------------------------------------------------------

/// Parses TOML `text` into a tree, or the parser's message and byte span.
pub(super) fn toml(text: &str) -> Result<Node, (String, Option<std::ops::Range<usize>>)> {
    let table = toml::de::DeTable::parse(text).map_err(|e| (e.message().to_string(), e.span()))?;
    let span = table.span();
    Ok(from_toml_table(table.into_inner(), span, text))
}

type Span = std::ops::Range<usize>;

fn from_toml_table(table: toml::de::DeTable<'_>, at: Span, text: &str) -> Node {
    let entries = table
        .into_iter()
        .map(|(key, value)| {
            let key_node = located(Value::Text(key.get_ref().to_string()), key.span(), text);
            let span = value.span();
            (key_node, from_toml_value(value.into_inner(), span, text))
        })
        .collect();
    located(Value::Map(entries), at, text)
}

fn from_toml_value(value: toml::de::DeValue<'_>, at: Span, text: &str) -> Node {
    use toml::de::DeValue;
    let value = match value {
        DeValue::String(s) => Value::Text(s.into_owned()),
        DeValue::Integer(i) => Value::Number(i.as_str().to_string()),
        DeValue::Float(f) => Value::Number(f.as_str().to_string()),
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(items) => Value::List(
            items
                .into_iter()
                .map(|item| {
                    let span = item.span();
                    from_toml_value(item.into_inner(), span, text)
                })
                .collect(),
        ),
        DeValue::Table(table) => return from_toml_table(table, at, text),
    };
    located(value, at, text)
}

fn located(value: Value, at: Span, text: &str) -> Node {
    let (line, column) = super::line_col(text, at.start);
    Node { value, line, column, start: at.start, end: at.end }
}
