//! Arbitrary bytes through the loader's per-file path (decode, YAML or TOML parse, diagnostic rendering) for
//! each kind of workspace file. Any panic, stack overflow or runaway allocation is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

const KINDS: [&str; 4] = ["organisation.yaml", "systems/x.yaml", "assessment.yaml", "aims.toml"];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let kind = KINDS[selector as usize % KINDS.len()];
    for diagnostic in aims::load::check_bytes(kind, bytes.to_vec()) {
        let _ = diagnostic.render(false);
    }
});
