//! Work spread over the machine's cores, in order. Parsing thousands of system files and assessing thousands of
//! systems are independent item by item; the results come back in the items' order, so output stays deterministic.

/// How many threads [`map`] and [`map_with`] use at most: the machine's cores, at most eight.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
}

/// `items.iter().map(f).collect()`, on up to eight threads when there is enough work. Items are dealt out in turn
/// (item i to thread i mod n), so clusters of expensive items, such as the per-system controls of one Annex A
/// objective, are shared between threads.
pub fn map<T: Sync, R: Send>(items: &[T], min_items: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_with(items, min_items, || (), |(), item| f(item)).0
}

/// Like [`map`], with a state of its own for each thread (a cache, a list of diagnostics), made by `init` and
/// returned beside the results, one per thread that ran.
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
    let (f, init) = (&f, &init);
    let (mut parts, states): (Vec<std::vec::IntoIter<R>>, Vec<S>) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let mut state = init();
                    let results: Vec<R> =
                        items.iter().skip(t).step_by(threads).map(|item| f(&mut state, item)).collect();
                    (results.into_iter(), state)
                })
            })
            .collect();
        // A worker only fails by panicking, which nothing here is meant to do: pass the panic on unchanged.
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).unzip()
    });
    let mut out = Vec::with_capacity(items.len());
    for i in 0..items.len() {
        if let Some(r) = parts[i % threads].next() {
            out.push(r);
        }
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
    }
}
