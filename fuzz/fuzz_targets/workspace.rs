//! Arbitrary bytes as a whole workspace (see `aims_fuzz` for the format: files separated by 0xFF, each a path, a
//! newline and its bytes) through loading from memory, which runs the loader's full validation, then, when the
//! workspace is valid, assessment, the gate and every report and document. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    aims_fuzz::check(data);
});
