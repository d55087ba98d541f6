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

use crate::assess::eu_obligations::EuAiActResult;
use crate::assess::{Assessment, Report};

/// Requirements in one piece of work: one, as the per-system ones are large (one entry, its evidence record and
/// maybe a finding per system: about 40 MB each at 100,000 systems).
const REQUIREMENTS_PER_PIECE: usize = 1;
/// Systems in one piece of work: each is small (about 1 KB).
const SYSTEMS_PER_PIECE: usize = 256;
/// EU AI Act systems in one piece of work: each lists its obligations (a few KB for a high-risk system).
const EU_SYSTEMS_PER_PIECE: usize = 64;

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
    let mut object = Object { out: &mut out, first: true, level: 0 };
    object.field("schema_version", schema_version)?;
    object.field("title", title)?;
    object.field("as_of", as_of)?;
    object.field("catalogue", catalogue)?;
    object.field("organisation", organisation)?;
    object.field("review_interval_months", review_interval_months)?;
    object.field("summary", summary)?;
    object.field("groups", groups)?;
    object.list("requirements", requirements, REQUIREMENTS_PER_PIECE)?;
    object.list("systems", systems, SYSTEMS_PER_PIECE)?;
    object.field("waivers", waivers)?;
    match eu_ai_act {
        // Its list of systems holds every classified system's obligations: as large as the requirements at
        // 100,000 systems, so it is written like them.
        Some(eu) => {
            object.key("eu_ai_act")?;
            let EuAiActResult { notice, source, data, coverage_rule, summary, organisation, systems } = eu;
            let mut inner = Object { out: &mut *object.out, first: true, level: 1 };
            inner.field("notice", notice)?;
            inner.field("source", source)?;
            inner.field("data", data)?;
            inner.field("coverage_rule", coverage_rule)?;
            inner.field("summary", summary)?;
            inner.field("organisation", organisation)?;
            inner.list("systems", systems, EU_SYSTEMS_PER_PIECE)?;
            inner.close()?;
        }
        None => object.field("eu_ai_act", eu_ai_act)?,
    }
    object.field("units", units)?;
    // Absent when the workspace keeps no risk records, as serde leaves it out.
    if let Some(risk) = risk {
        object.field("risk", risk)?;
    }
    object.field("gate", gate)?;
    object.close()?;
    out.write_all(b"\n")?;
    out.flush()
}

/// An object being written (it always has fields): its opening brace goes out with the first. `level` is its depth
/// in the document: 0 for the report itself, whose keys are indented by one level.
struct Object<'a, W: Write> {
    out: &'a mut W,
    first: bool,
    level: usize,
}

impl<W: Write> Object<'_, W> {
    fn key(&mut self, name: &str) -> io::Result<()> {
        self.out.write_all(if self.first { b"{" } else { b"," })?;
        self.first = false;
        newline(&mut *self.out, self.level + 1)?;
        serde_json::to_writer(&mut *self.out, name)?;
        self.out.write_all(b": ")
    }

    fn field<T: Serialize>(&mut self, name: &str, value: &T) -> io::Result<()> {
        self.key(name)?;
        serialize_at(value, self.level + 1, &mut *self.out)
    }

    /// The closing brace, on a line of its own at the object's depth.
    fn close(self) -> io::Result<()> {
        newline(&mut *self.out, self.level)?;
        self.out.write_all(b"}")
    }

    /// A list whose items are serialised on all cores and written in order. The items are cut into pieces of
    /// `per_piece`; each worker thread takes the next piece, serialises it into a buffer (with the separators before
    /// each item) and hands it to this thread, which writes the buffers in order as they arrive. A worker only
    /// starts a piece when fewer than one piece per worker waits to be written, so at most that many buffers are
    /// held at once, however long the list.
    fn list<T: Serialize + Sync>(&mut self, name: &str, items: &[T], per_piece: usize) -> io::Result<()> {
        self.key(name)?;
        if items.is_empty() {
            return self.out.write_all(b"[]");
        }
        self.out.write_all(b"[")?;
        let pieces: Vec<&[T]> = items.chunks(per_piece).collect();
        // Each item after its separator; the list's first item has no comma before it.
        let level = self.level + 2;
        let piece = |index: usize, out: &mut Vec<u8>| -> io::Result<()> {
            for (k, item) in pieces[index].iter().enumerate() {
                if index > 0 || k > 0 {
                    out.write_all(b",")?;
                }
                newline(&mut *out, level)?;
                serialize_at(item, level, &mut *out)?;
            }
            Ok(())
        };
        let workers = crate::parallel::threads();
        if workers == 1 || pieces.len() == 1 {
            let mut buffer = Vec::new();
            for index in 0..pieces.len() {
                buffer.clear();
                piece(index, &mut buffer)?;
                self.out.write_all(&buffer)?;
            }
        } else {
            in_order(pieces.len(), workers, piece, &mut *self.out)?;
        }
        newline(&mut *self.out, self.level + 1)?;
        self.out.write_all(b"]")
    }
}

/// A line break and the indentation of `level` (two spaces a level).
fn newline<W: Write + ?Sized>(out: &mut W, level: usize) -> io::Result<()> {
    out.write_all(b"\n")?;
    for _ in 0..level {
        out.write_all(b"  ")?;
    }
    Ok(())
}

/// Which pieces the workers have taken and this thread has written, shared by [`in_order`]'s threads.
struct Progress {
    /// The next piece a worker takes.
    taken: usize,
    /// How many pieces are written (they are written in order).
    written: usize,
    /// A worker panicked or a write failed: the workers stop taking pieces.
    stopped: bool,
}

/// Makes pieces `0..count` with `make` on `workers` threads and writes them to `out` in order, holding at most
/// `workers` pieces made but not yet written. Passes on the first error of `make` or of the writes (no piece after
/// it is written); a worker's panic stops the others and is passed on as a panic.
fn in_order(
    count: usize,
    workers: usize,
    make: impl Fn(usize, &mut Vec<u8>) -> io::Result<()> + Sync,
    out: &mut dyn Write,
) -> io::Result<()> {
    use std::sync::{Condvar, Mutex, PoisonError, mpsc};
    let progress = Mutex::new(Progress { taken: 0, written: 0, stopped: false });
    let turn = Condvar::new();
    let stop = || {
        progress.lock().unwrap_or_else(PoisonError::into_inner).stopped = true;
        turn.notify_all();
    };
    let (made, arrived) = mpsc::channel::<(usize, io::Result<Vec<u8>>)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (made, progress, turn, make, stop) = (made.clone(), &progress, &turn, &make, &stop);
            scope.spawn(move || {
                loop {
                    let index = {
                        let mut p = progress.lock().unwrap_or_else(PoisonError::into_inner);
                        while !p.stopped && p.taken < count && p.taken >= p.written + workers {
                            p = turn.wait(p).unwrap_or_else(PoisonError::into_inner);
                        }
                        if p.stopped || p.taken >= count {
                            return;
                        }
                        p.taken += 1;
                        p.taken - 1
                    };
                    let mut buffer = Vec::new();
                    let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| make(index, &mut buffer)));
                    match done {
                        Ok(result) => {
                            if made.send((index, result.map(|()| buffer))).is_err() {
                                return;
                            }
                        }
                        Err(panic) => {
                            stop();
                            std::panic::resume_unwind(panic);
                        }
                    }
                }
            });
        }
        drop(made);
        // Pieces that arrived before their turn, by index.
        let mut early = std::collections::BTreeMap::new();
        let mut next = 0;
        for (index, piece) in arrived {
            early.insert(index, piece);
            while let Some(piece) = early.remove(&next) {
                if let Err(e) = piece.and_then(|bytes| out.write_all(&bytes)) {
                    stop();
                    return Err(e);
                }
                next += 1;
                progress.lock().unwrap_or_else(PoisonError::into_inner).written = next;
                turn.notify_all();
            }
        }
        Ok(())
    })
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
        newline(out, self.level)
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
