//! Criterion benchmarks of each pipeline stage on its own, over a generated workspace of 1,000 AI systems:
//! `load` (read, parse, validate), `assess` (the pure engine) and `render` (JSON and Markdown).
//! Run with `cargo bench --bench pipeline`; docs/performance.md has the figures and the whole-process benchmark.

use std::hint::black_box;

use aims::catalogue::Catalogue;
use aims::date::Date;
use criterion::{Criterion, criterion_group, criterion_main};

fn pipeline(c: &mut Criterion) {
    let catalogue = Catalogue::bundled().expect("bundled catalogue");
    let as_of: Date = "2026-11-27".parse().expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    aims::generate::generate(&catalogue, dir.path(), 1_000, 42).expect("generate");

    let mut group = c.benchmark_group("1000 systems");
    group.sample_size(10);
    group.bench_function("load", |b| b.iter(|| black_box(aims::load::load(dir.path(), &catalogue, as_of))));
    let workspace = aims::load::load(dir.path(), &catalogue, as_of).workspace.expect("valid workspace");
    group.bench_function("assess", |b| b.iter(|| black_box(aims::assess::assess(&catalogue, &workspace, as_of))));
    let assessment = aims::assess::assess(&catalogue, &workspace, as_of);
    let report = aims::assess::Report::new(&assessment, None);
    group.bench_function("render json", |b| {
        b.iter(|| aims::render::report_json_to(&report, &mut std::io::sink()).expect("written"))
    });
    let options = aims::render::Options::default();
    group.bench_function("render markdown", |b| {
        b.iter(|| black_box(aims::render::render(&report, aims::render::Format::Markdown, options)))
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
