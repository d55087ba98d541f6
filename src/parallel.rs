//! Work spread over the machine's cores, in order. Parsing thousands of system files and assessing thousands of
//! systems are independent item by item; the results come back in the items' order, so output stays deterministic.

/// How many threads [`map`] and [`map_with`] use at most: the machine's cores, at most eight.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
}

/// `items.iter().map(f).collect()`, on up to eight threads when there is enough work. Threads take the next run
/// of a few items from a shared counter until none is left, so a thread that the machine runs slower (another
/// process on its core, a cluster of expensive items) does not hold the others up; the results come back in the
/// items' order whatever thread made them.
pub fn map<T: Sync, R: Send>(items: &[T], min_items: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_with(items, min_items, || (), |(), item| f(item)).0
}

/// Like [`map`], with a state of its own for each thread (a cache, a list of diagnostics), made by `init` and
/// returned beside the results, one per thread that ran. Which items a thread's state saw depends on scheduling:
/// whatever is merged from the states must be put in an order of its own (diagnostics are sorted).
pub fn map_with<T: Sync, R: Send, S: Send>(
    items: &[T],
    min_items: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> (Vec<R>, Vec<S>) {
    let threads = threads();
    if threads == 1 || items.len() < min_items.max(2) {
        let mut state = init();
        let results = items.iter().map(|item| f(&mut state, item)).collect();
        return (results, vec![state]);
    }
    // Runs small enough that the threads finish together (about 64 per thread), large enough that taking one costs
    // nothing beside the work.
    let run = (items.len() / (threads * 64)).clamp(1, 256);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (f, init, next) = (&f, &init, &next);
    // Each thread's runs: where a run starts among the items, and its results.
    type Runs<R> = Vec<(usize, Vec<R>)>;
    let (runs, states): (Vec<Runs<R>>, Vec<S>) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut state = init();
                    let mut done = Vec::new();
                    loop {
                        let start = next.fetch_add(run, std::sync::atomic::Ordering::Relaxed);
                        if start >= items.len() {
                            break;
                        }
                        let end = (start + run).min(items.len());
                        done.push((start, items[start..end].iter().map(|item| f(&mut state, item)).collect()));
                    }
                    (done, state)
                })
            })
            .collect();
        // A worker only fails by panicking, which nothing here is meant to do: pass the panic on unchanged.
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).unzip()
    });
    let mut runs: Runs<R> = runs.into_iter().flatten().collect();
    runs.sort_unstable_by_key(|(start, _)| *start);
    let mut out = Vec::with_capacity(items.len());
    for (_, results) in runs {
        out.extend(results);
    }
    (out, states)
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order_of_the_items() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(super::map(&items, 1, |x| x * 2), items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert_eq!(super::map(&items[..3], 100, |x| x + 1), vec![1, 2, 3]);
        assert!(super::map(&[] as &[u32], 1, |x| *x).is_empty());
        let many: Vec<u32> = (0..100_003).collect();
        assert_eq!(
            super::map(&many, 1, |x| u64::from(*x) + 1),
            many.iter().map(|x| u64::from(*x) + 1).collect::<Vec<_>>()
        );
    }

    #[test]
    fn every_item_is_seen_by_exactly_one_thread_state() {
        let items: Vec<u32> = (0..10_000).collect();
        let (results, states) = super::map_with(&items, 1, Vec::new, |seen: &mut Vec<u32>, x| {
            seen.push(*x);
            *x
        });
        assert_eq!(results, items);
        let mut seen: Vec<u32> = states.into_iter().flatten().collect();
        seen.sort_unstable();
        assert_eq!(seen, items);
    }
}
