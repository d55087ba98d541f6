//! The JSON report, serialised on all cores. At 10,000 systems it is about 39 MB, and one core writing it takes as
//! long as the engine; its two long lists (requirements, with every system's status and finding, and systems) are
//! cut into items that the cores serialise side by side, then written in order. The bytes are exactly those of
//! [`super::json`] over the whole [`Report`]; a test holds the two equal.
//!
//! Both write serde_json's pretty layout, and strings as serde_json escapes them, except that C1 control characters
//! and bidirectional overrides are written as `\u` escapes too ([`super::escape::json_fragment`]): the data is the
//! same once parsed, and a terminal that shows the JSON sees no control sequence from the workspace.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

use crate::assess::{Assessment, Report};

/// Requirements serialised side by side: one per thread. The per-system ones are large (one entry, its evidence
/// record and maybe a finding per system: about 40 MB each at 100,000 systems), and every item of a round but the
/// first is held until the round is written, so more per round would only hold more memory.
fn requirements_per_round() -> usize {
    crate::parallel::threads()
}
/// Systems serialised side by side: each is small.
const SYSTEMS_PER_ROUND: usize = 4096;

/// Writes the report as [`super::json`] would, with a final newline.
pub fn report_to(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    // Every field is named, in declaration order (the order serde writes them): a field added to `Assessment` or
    // `Report` fails to compile here until it is written.
    let Report { assessment, gate } = report;
    let Assessment {
        schema_version,
        title,
        as_of,
        catalogue,
        organisation,
        review_interval_months,
        summary,
        groups,
        requirements,
        systems,
        waivers,
        eu_ai_act,
        units,
        risk,
    } = assessment;
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    let mut object = Object { out: &mut out, first: true };
    object.field("schema_version", schema_version)?;
    object.field("title", title)?;
    object.field("as_of", as_of)?;
    object.field("catalogue", catalogue)?;
    object.field("organisation", organisation)?;
    object.field("review_interval_months", review_interval_months)?;
    object.field("summary", summary)?;
    object.field("groups", groups)?;
    object.list("requirements", requirements, requirements_per_round())?;
    object.list("systems", systems, SYSTEMS_PER_ROUND)?;
    object.field("waivers", waivers)?;
    object.field("eu_ai_act", eu_ai_act)?;
    object.field("units", units)?;
    // Absent when the workspace keeps no risk records, as serde leaves it out.
    if let Some(risk) = risk {
        object.field("risk", risk)?;
    }
    object.field("gate", gate)?;
    out.write_all(b"\n}\n")?;
    out.flush()
}

/// The top-level object being written (it always has fields): its opening brace goes out with the first.
struct Object<'a, W: Write> {
    out: &'a mut W,
    first: bool,
}

impl<W: Write> Object<'_, W> {
    fn key(&mut self, name: &str) -> io::Result<()> {
        self.out.write_all(if self.first { b"{\n  " } else { b",\n  " })?;
        self.first = false;
        serde_json::to_writer(&mut *self.out, name)?;
        self.out.write_all(b": ")
    }

    fn field<T: Serialize>(&mut self, name: &str, value: &T) -> io::Result<()> {
        self.key(name)?;
        serialize_at(value, 1, &mut *self.out)
    }

    /// A list whose items are serialised `per_round` at a time on all cores, and written in order. The first item
    /// of a round is serialised by this thread straight into the output while the other threads serialise the rest
    /// of the round into buffers, written after it: a round holds one item fewer in memory than it has items.
    fn list<T: Serialize + Sync>(&mut self, name: &str, items: &[T], per_round: usize) -> io::Result<()> {
        self.key(name)?;
        if items.is_empty() {
            return self.out.write_all(b"[]");
        }
        self.out.write_all(b"[")?;
        let mut written = 0;
        for round in items.chunks(per_round) {
            let (first, rest) = round.split_first().expect("chunks are never empty");
            let to_buffer = |item: &T| {
                let mut buffer = Vec::new();
                serialize_at(item, 2, &mut buffer).map(|()| buffer)
            };
            let rest = std::thread::scope(|scope| {
                let others = (!rest.is_empty()).then(|| scope.spawn(|| crate::parallel::map(rest, 2, to_buffer)));
                self.out.write_all(if written == 0 { b"\n    " } else { b",\n    " })?;
                serialize_at(first, 2, &mut *self.out)?;
                written += 1;
                io::Result::Ok(match others {
                    Some(others) => others.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    None => Vec::new(),
                })
            })?;
            for item in rest {
                self.out.write_all(b",\n    ")?;
                self.out.write_all(&item?)?;
                written += 1;
            }
        }
        self.out.write_all(b"\n  ]")
    }
}

/// Serialises `value` as it would appear `level` levels deep in a pretty-printed document.
pub(super) fn serialize_at<T: Serialize, W: Write>(value: &T, level: usize, out: W) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, Indented { level, has_value: false });
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// serde_json's pretty layout (two spaces a level, `": "` after keys, empty containers as `[]` and `{}`), starting
/// at a given depth.
struct Indented {
    level: usize,
    has_value: bool,
}

impl Indented {
    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(out)?;
        }
        out.write_all(bracket)
    }

    fn item<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        if !first {
            out.write_all(b",")?;
        }
        self.newline(out)
    }

    fn newline<W: ?Sized + Write>(&self, out: &mut W) -> io::Result<()> {
        out.write_all(b"\n")?;
        for _ in 0..self.level {
            out.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.item(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.item(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + Write>(&mut self, out: &mut W, fragment: &str) -> io::Result<()> {
        super::escape::json_fragment(out, fragment)
    }
}
