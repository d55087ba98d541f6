//! The bounds aims puts on every workspace file it reads. These constants are the only place the numbers live: the
//! reader and the YAML parser are configured from them, the `input-too-large` diagnostic quotes them, and
//! docs/security.md and docs/workspace.md list them (a test checks the docs say the same).
//!
//! Real workspace files are a few kilobytes with a few hundred YAML nodes; the bounds are far above that and far
//! below what would exhaust memory or time on hostile input.

/// Largest workspace file aims reads, in bytes (32 MiB). A larger file is refused before it is read; a file that
/// grows while it is read is cut off at this size plus one byte and refused.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Deepest nesting of YAML mappings and sequences in one file. A workspace file needs about six levels; 64 leaves
/// room and keeps the parser's recursion far from the stack's limit.
pub const MAX_DEPTH: usize = 64;

/// Most YAML nodes (mappings, sequences and scalar values) in one file. A system file has about a hundred; an
/// assessment file with an entry for each of the 70 requirements has a few thousand; a list of 10,000 records of
/// fifteen values each (the size of a large inventory) fits.
pub const MAX_NODES: usize = 250_000;

/// Most aliases (`*name`) in one file. Anchors and aliases are legal YAML, but a workspace never needs many, and
/// alias bombs need thousands.
pub const MAX_ALIASES: usize = 1_000;

/// Most anchors (`&name`) in one file.
pub const MAX_ANCHORS: usize = 1_000;

/// Most YAML events that aliases repeat in one file, in total: an alias of a list of ten values repeats about a
/// dozen events (each value, and the list's start and end).
pub const MAX_ALIAS_EVENTS: usize = 250_000;

/// Most bytes of text values in one file, counting a value again each time an alias repeats it, so that a few
/// aliases of a long value cannot multiply memory use.
pub const MAX_TEXT_BYTES: usize = MAX_FILE_BYTES as usize;

/// The parser's event budget (an event opens or closes a mapping or sequence, or is a scalar or an alias), set so
/// that it can never be reached before [`MAX_NODES`] or [`MAX_ALIASES`]: each node is at most two events, each
/// alias one, and a stream adds a few of its own. One bound, the documented one, is what a user meets.
pub(super) const MAX_EVENTS: usize = 2 * MAX_NODES + MAX_ALIASES + 16;
