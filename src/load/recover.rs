//! Deserialising a file that has problems without stopping at the first one.
//!
//! serde stops at the first error it meets, so a file with three misspelt values would take three runs to fix.
//! When the fast path fails, the file is read into a [`Node`] tree and deserialised again through [`Recover`], a
//! deserializer that, instead of failing, records each problem with its place and hands the type a stand-in value
//! (an empty text, the first allowed value, an empty list or record) so that the rest of the file is still read.
//! The value built this way is only used to find further problems; the loader never assesses a file that had any.
//!
//! A required field that is absent cannot be stood in for from inside the deserializer (serde's derived code
//! decides that after reading the mapping), so the first run that meets one learns which field of which type is
//! required and the file is deserialised once more, this time with a stand-in for it. Each round learns at least
//! one (type, field) pair, so the number of rounds is bounded by the number of required fields in the raw types.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::tree::{Node, Value};
use crate::rules::Code;

/// One problem found while deserialising, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    pub line: u32,
    pub column: u32,
    pub code: Code,
    pub message: String,
    pub help: String,
}

/// What the rounds of one file share: the problems of the current round and the required fields learnt so far.
#[derive(Default)]
struct Context {
    problems: RefCell<Vec<Problem>>,
    required: RefCell<HashSet<(&'static str, &'static str)>>,
}

impl Context {
    fn report(&self, node: &Node, code: Code, message: String, help: String) {
        self.problems.borrow_mut().push(Problem { line: node.line, column: node.column, code, message, help });
    }
}

/// Deserialises `T` from `root`, collecting every problem. `None` when the type could not be built at all (a
/// serde error that is not about the input's shape, which the caller then reports as the fast path did).
pub(super) fn recover<T: de::DeserializeOwned>(root: &Node) -> Option<(T, Vec<Problem>)> {
    let context = Context::default();
    // More rounds than the raw types have required fields; the bound only guards against a bug.
    for _ in 0..64 {
        context.problems.borrow_mut().clear();
        match T::deserialize(Recover::new(root, &context, None)) {
            Ok(value) => return Some((value, context.problems.take())),
            Err(Fail::Retry) => continue,
            Err(_) => return None,
        }
    }
    None
}

/// Why [`Recover`] stopped: serde's derived code met a missing required field (learnt, then [`Fail::Retry`]), or
/// something else went wrong.
#[derive(Debug)]
enum Fail {
    Missing(&'static str),
    Retry,
    Other(String),
}

impl fmt::Display for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fail::Missing(field) => write!(f, "missing field `{field}`"),
            Fail::Retry => f.write_str("retry"),
            Fail::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Fail {}

impl de::Error for Fail {
    fn custom<M: fmt::Display>(message: M) -> Self {
        Fail::Other(message.to_string())
    }
    fn missing_field(field: &'static str) -> Self {
        Fail::Missing(field)
    }
}

/// serde-saphyr's `Spanned<T>` asks for a newtype of this name, then for a map with its location fields.
const SAPHYR_SPANNED: &str = "__yaml_spanned";
const SAPHYR_MARKER: &str = "__serde_saphyr_private_spanned";
/// toml's `Spanned<T>` asks for a struct of this name with these fields (start and end byte offsets, then the value).
const TOML_SPANNED: &str = "$__serde_spanned_private_Spanned";
const TOML_SPANNED_FIELDS: [&str; 3] =
    ["$__serde_spanned_private_start", "$__serde_spanned_private_end", "$__serde_spanned_private_value"];
/// toml's `Datetime` asks for a struct of this name with one field holding the date as text.
const TOML_DATETIME: &str = "$__toml_private_Datetime";
const TOML_DATETIME_FIELD: &str = "$__toml_private_datetime";

/// A value absent from its mapping, handed to a required field that an earlier round learnt about.
static ABSENT: Node = Node { value: Value::Null, line: 0, column: 0, start: 0, end: 0 };

/// The deserializer over one [`Node`]. `field` is the key the value sits under (for messages); `quiet` stands in
/// without reporting (inside a value whose problem is already reported); `absent` marks a required field that is
/// not there, reported once at `at` (the mapping that lacks it).
#[derive(Clone, Copy)]
struct Recover<'a> {
    node: &'a Node,
    context: &'a Context,
    field: Option<&'a str>,
    quiet: bool,
    /// Where a stand-in's location points: the node itself; for an absent field, the mapping that lacks it, or the
    /// misspelt key that was meant to be it (so that later checks of the stand-in land on a reported place).
    at: &'a Node,
    absent: bool,
    /// The node is an item of the list under `field`.
    item: bool,
}

impl<'a> Recover<'a> {
    fn new(node: &'a Node, context: &'a Context, field: Option<&'a str>) -> Self {
        Recover { node, context, field, quiet: false, at: node, absent: false, item: false }
    }

    fn child(&self, node: &'a Node, field: Option<&'a str>) -> Self {
        Recover { node, context: self.context, field, quiet: self.quiet, at: node, absent: false, item: false }
    }

    fn report(&self, code: Code, message: String, help: String) {
        if !self.quiet && !self.absent {
            self.context.report(self.node, code, message, help);
        }
    }

    /// "`field`" or "this value", for messages.
    fn name(&self) -> String {
        match (self.field, self.item) {
            (Some(f), true) => format!("each item of `{f}`"),
            (Some(f), false) => format!("`{f}`"),
            // Only the document itself is read without a key.
            (None, _) => "the file".to_string(),
        }
    }

    /// Reports that the node has the wrong shape for what is expected (`expected` names it with its article).
    fn wrong_shape(&self, expected: &str, example: Option<String>) {
        let message = match (self.field, &self.node.value) {
            (None, Value::Null) => "the file is empty".to_string(),
            _ => format!("{} must be {expected}, found {}", self.name(), self.node.found()),
        };
        let help = example.unwrap_or_else(|| "docs/workspace.md shows each file's layout".to_string());
        self.report(Code::InvalidType, message, help);
    }

    fn text<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        if self.absent {
            return visitor.visit_str("");
        }
        match &self.node.value {
            Value::Text(t) => visitor.visit_str(t),
            Value::Number(t) | Value::Datetime(t) => visitor.visit_str(t),
            Value::Bool(b) => visitor.visit_str(if *b { "true" } else { "false" }),
            Value::Null => {
                self.report(
                    Code::EmptyField,
                    format!("{} is empty", self.name()),
                    "write a value, or remove the key if the field is optional".to_string(),
                );
                visitor.visit_str("")
            }
            Value::Map(_) | Value::List(_) => {
                self.wrong_shape("text", Some(super::shapes::text_help(self.field)));
                visitor.visit_str("")
            }
        }
    }

    fn number<V: Visitor<'a>>(self, visitor: V, whole: bool) -> Result<V::Value, Fail> {
        if let (false, Value::Number(n)) = (self.absent, &self.node.value) {
            if let Ok(i) = n.replace('_', "").parse::<i64>() {
                return visitor.visit_i64(i);
            }
            if let (false, Ok(f)) = (whole, n.replace('_', "").parse::<f64>()) {
                return visitor.visit_f64(f);
            }
        }
        let expected = match (whole, self.field) {
            (true, Some(f)) if f.ends_with("_months") => "a whole number of months",
            (true, _) => "a whole number",
            (false, Some(f)) if f.starts_with("fail_under") => "a percentage (a number from 0 to 100)",
            (false, _) => "a number",
        };
        let help = match (&self.node.value, self.node.scalar_text()) {
            (Value::Number(_), _) => "write a whole number, e.g. 12".to_string(),
            (_, Some(t)) if t.trim().parse::<f64>().is_ok() => {
                format!("write the number without quotes: {}", t.trim())
            }
            _ => "write a plain number without quotes, e.g. 12".to_string(),
        };
        self.report(
            Code::InvalidType,
            format!("{} must be {expected}, found {}", self.name(), self.node.found()),
            help,
        );
        visitor.visit_i64(0)
    }

    fn spanned_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        visitor.visit_map(SpannedAccess { inner: Recover { ..self }, step: 0 })
    }
}

impl<'a> Deserializer<'a> for Recover<'a> {
    type Error = Fail;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        if self.absent {
            return visitor.visit_unit();
        }
        match &self.node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match n.parse::<i64>() {
                Ok(i) => visitor.visit_i64(i),
                Err(_) => match n.parse::<f64>() {
                    Ok(f) => visitor.visit_f64(f),
                    Err(_) => visitor.visit_str(n),
                },
            },
            Value::Text(t) | Value::Datetime(t) => visitor.visit_str(t),
            Value::Map(entries) => visitor.visit_map(Entries { owner: self, entries: entries.iter(), value: None }),
            Value::List(items) => visitor.visit_seq(Items { owner: self, items: items.iter() }),
        }
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        match (self.absent, &self.node.value) {
            (false, Value::Bool(b)) => visitor.visit_bool(*b),
            _ => {
                self.report(
                    Code::InvalidType,
                    format!("{} must be true or false, found {}", self.name(), self.node.found()),
                    "write `true` or `false` without quotes; aims does not read yes/no/on/off as true or false"
                        .to_string(),
                );
                visitor.visit_bool(false)
            }
        }
    }

    fn deserialize_i8<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.number(v, true)
    }
    fn deserialize_i16<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.number(v, true)
    }
    fn deserialize_i32<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.number(v, true)
    }
    fn deserialize_i64<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.number(v, true)
    }
    fn deserialize_u8<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.number(v, true)
    }
    fn deserialize_u16<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.number(v, true)
    }
    fn deserialize_u32<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.number(v, true)
    }
    fn deserialize_u64<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.number(v, true)
    }
    fn deserialize_f32<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.number(v, false)
    }
    fn deserialize_f64<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.number(v, false)
    }
    fn deserialize_char<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.text(v)
    }
    fn deserialize_str<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.text(v)
    }
    fn deserialize_string<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.text(v)
    }
    fn deserialize_bytes<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.text(v)
    }
    fn deserialize_byte_buf<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.text(v)
    }
    fn deserialize_identifier<V: Visitor<'a>>(self, v: V) -> Result<V::Value, Fail> {
        self.text(v)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        match (self.absent, &self.node.value) {
            (true, _) | (false, Value::Null) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        visitor.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'a>>(self, _: &'static str, visitor: V) -> Result<V::Value, Fail> {
        visitor.visit_unit()
    }
    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(self, name: &'static str, visitor: V) -> Result<V::Value, Fail> {
        if name == SAPHYR_SPANNED {
            // The visitor calls `deserialize_any` next and expects the location map.
            return visitor.visit_newtype_struct(SpannedRequest(self));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        match (self.absent, &self.node.value) {
            (false, Value::List(items)) => visitor.visit_seq(Items { owner: self, items: items.iter() }),
            // An empty value is an empty list, as an absent one is.
            (true, _) | (false, Value::Null) => visitor.visit_seq(Items { owner: self, items: [].iter() }),
            _ => {
                self.wrong_shape("a list", Some(super::shapes::list_help(self.field, self.node)));
                visitor.visit_seq(Items { owner: self, items: [].iter() })
            }
        }
    }
    fn deserialize_tuple<V: Visitor<'a>>(self, _: usize, v: V) -> Result<V::Value, Fail> {
        self.deserialize_seq(v)
    }
    fn deserialize_tuple_struct<V: Visitor<'a>>(self, _: &'static str, _: usize, v: V) -> Result<V::Value, Fail> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        match (self.absent, &self.node.value) {
            (false, Value::Map(entries)) => {
                visitor.visit_map(Entries { owner: self, entries: entries.iter(), value: None })
            }
            _ => {
                if !matches!(self.node.value, Value::Null) {
                    self.wrong_shape("a mapping", None);
                }
                visitor.visit_map(Entries { owner: self, entries: [].iter(), value: None })
            }
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fail> {
        if name == TOML_SPANNED {
            return visitor.visit_map(TomlSpannedAccess { inner: self, step: 0 });
        }
        if name == TOML_DATETIME {
            return self.datetime(visitor);
        }
        let mut quiet = self.quiet || self.absent;
        let entries: &'a [(Node, Node)] = match (self.absent, &self.node.value) {
            (false, Value::Map(entries)) => entries,
            _ => {
                if !quiet {
                    let (expected, example) = super::shapes::record(name, self.field, self.node);
                    self.wrong_shape(&expected, Some(example));
                }
                quiet = true;
                &[]
            }
        };
        let owner = Recover { quiet, ..self };
        let mut present = Vec::with_capacity(entries.len());
        // Fields that an unknown key was probably meant to be: their absence is already explained.
        let mut meant = Vec::new();
        for (key, value) in entries {
            let key_text = key.scalar_text().unwrap_or("");
            match fields.iter().find(|f| **f == key_text) {
                Some(field) => present.push((*field, owner.child(value, Some(field)))),
                None => {
                    let (message, help, best) = super::shapes::unknown_field(key_text, fields);
                    meant.extend(best.map(|field| (field, key)));
                    if !quiet {
                        self.context.report(key, Code::UnknownField, message, help);
                    }
                }
            }
        }
        let required = self.context.required.borrow().clone();
        let mut missing = Vec::new();
        for field in fields {
            if required.contains(&(name, *field)) && !present.iter().any(|(f, _)| f == field) {
                // A field that a misspelt key was meant to be is explained at that key, and stands in there.
                let misspelt = meant.iter().find(|(f, _)| f == field).map(|&(_, key)| key);
                if misspelt.is_none() {
                    missing.push(*field);
                }
                let at = misspelt.unwrap_or(self.node);
                let stand_in = Recover { node: &ABSENT, at, absent: true, field: Some(field), ..owner };
                present.push((*field, stand_in));
            }
        }
        if !quiet && !missing.is_empty() {
            let (message, help) = super::shapes::missing(name, &missing);
            self.context.report(self.node, Code::MissingField, message, help);
        }
        let access = Fields { entries: present.into_iter(), value: None };
        match visitor.visit_map(access) {
            Err(Fail::Missing(field)) => {
                self.context.required.borrow_mut().insert((name, field));
                Err(Fail::Retry)
            }
            other => other,
        }
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fail> {
        let written = if self.absent { None } else { self.node.scalar_text() };
        if let Some(written) = written
            && variants.contains(&written)
        {
            return visitor.visit_enum(StrDeserializer::<Fail>::new(written));
        }
        if !self.absent {
            let (message, help) = super::shapes::bad_choice(name, self.field, self.node, variants);
            self.report(Code::InvalidValue, message, help);
        }
        let stand_in = variants.first().copied().unwrap_or("");
        visitor.visit_enum(stand_in.into_deserializer())
    }

    fn is_human_readable(&self) -> bool {
        true
    }
}

impl<'a> Recover<'a> {
    /// toml's `Datetime`: a TOML date literal, or (accepted the same) a date written as quoted text.
    fn datetime<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fail> {
        let written = match (self.absent, &self.node.value) {
            (false, Value::Datetime(d)) => Some(d.as_str()),
            (false, Value::Text(t)) if t.trim().parse::<toml::value::Datetime>().is_ok() => Some(t.trim()),
            _ => None,
        };
        let written = written.unwrap_or_else(|| {
            self.report(
                Code::InvalidDate,
                format!("{} must be a date, found {}", self.name(), self.node.found()),
                format!("write the date as YYYY-MM-DD, e.g. {} = 2027-03-31", self.field.unwrap_or("expires")),
            );
            "1970-01-01"
        });
        visitor.visit_map(DatetimeAccess { text: Some(written) })
    }
}

/// `Spanned<T>` of serde-saphyr: after the newtype request, the location map.
struct SpannedRequest<'a>(Recover<'a>);

impl<'de> Deserializer<'de> for SpannedRequest<'de> {
    type Error = Fail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fail> {
        self.0.spanned_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The map serde-saphyr's `Spanned<T>` reads: its marker, the value, and the location twice (where the value is
/// referenced and where it is defined; the tree keeps one).
struct SpannedAccess<'a> {
    inner: Recover<'a>,
    step: u8,
}

impl<'a> MapAccess<'a> for SpannedAccess<'a> {
    type Error = Fail;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>, Fail> {
        let key = match self.step {
            0 => SAPHYR_MARKER,
            1 => "value",
            2 => "referenced",
            3 => "defined",
            _ => return Ok(None),
        };
        seed.deserialize(StrDeserializer::<Fail>::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Fail> {
        self.step += 1;
        match self.step {
            1 => seed.deserialize(().into_deserializer()),
            2 => seed.deserialize(self.inner),
            _ => {
                let at = self.inner.at;
                let location = serde_json::json!({ "line": at.line, "column": at.column });
                seed.deserialize(location).map_err(|e| Fail::Other(e.to_string()))
            }
        }
    }
}

/// The map toml's `Spanned<T>` reads: start and end offsets (not used by aims, which keeps lines and columns), then
/// the value.
struct TomlSpannedAccess<'a> {
    inner: Recover<'a>,
    step: usize,
}

impl<'a> MapAccess<'a> for TomlSpannedAccess<'a> {
    type Error = Fail;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>, Fail> {
        match TOML_SPANNED_FIELDS.get(self.step) {
            Some(key) => seed.deserialize(BorrowedStrDeserializer::<Fail>::new(key)).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Fail> {
        self.step += 1;
        match self.step {
            1 => seed.deserialize(self.inner.at.start.into_deserializer()),
            2 => seed.deserialize(self.inner.at.end.into_deserializer()),
            _ => seed.deserialize(self.inner),
        }
    }
}

/// The map toml's `Datetime` reads: one field with the date as text.
struct DatetimeAccess<'a> {
    text: Option<&'a str>,
}

impl<'a> MapAccess<'a> for DatetimeAccess<'a> {
    type Error = Fail;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>, Fail> {
        match self.text {
            Some(_) => seed.deserialize(StrDeserializer::<Fail>::new(TOML_DATETIME_FIELD)).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Fail> {
        let text = self.text.take().unwrap_or_default();
        seed.deserialize(StrDeserializer::<Fail>::new(text))
    }
}

/// The known fields of a struct, with their values.
struct Fields<'a, I: Iterator<Item = (&'static str, Recover<'a>)>> {
    entries: I,
    value: Option<Recover<'a>>,
}

impl<'a, I: Iterator<Item = (&'static str, Recover<'a>)>> MapAccess<'a> for Fields<'a, I> {
    type Error = Fail;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>, Fail> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(StrDeserializer::<Fail>::new(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Fail> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(Fail::Other("a value without a key".to_string())),
        }
    }
}

/// The entries of a mapping read as a map (keys and values both as nodes).
struct Entries<'a> {
    owner: Recover<'a>,
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
}

impl<'a> MapAccess<'a> for Entries<'a> {
    type Error = Fail;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>, Fail> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(self.owner.child(key, None)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Fail> {
        match self.value.take() {
            Some(value) => seed.deserialize(self.owner.child(value, self.owner.field)),
            None => Err(Fail::Other("a value without a key".to_string())),
        }
    }
}

/// The items of a list; each is read under the list's key, for messages.
struct Items<'a> {
    owner: Recover<'a>,
    items: std::slice::Iter<'a, Node>,
}

impl<'a> SeqAccess<'a> for Items<'a> {
    type Error = Fail;

    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<Option<T::Value>, Fail> {
        match self.items.next() {
            Some(item) => {
                seed.deserialize(Recover { item: true, ..self.owner.child(item, self.owner.field) }).map(Some)
            }
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}
