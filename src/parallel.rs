//! Work spread over the machine's cores, in order. Parsing thousands of system files and assessing thousands of
//! systems are independent item by item; the results come back in the items' order, so output stays deterministic.

/// `items.iter().map(f).collect()`, on up to eight threads when there is enough work. Items are dealt out in turn
/// (item i to thread i mod n), so clusters of expensive items, such as the per-system controls of one Annex A
/// objective, are shared between threads.
pub fn map<T: Sync, R: Send>(items: &[T], min_items: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if threads == 1 || items.len() < min_items.max(2) {
        return items.iter().map(f).collect();
    }
    let f = &f;
    let mut parts: Vec<std::vec::IntoIter<R>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| scope.spawn(move || items.iter().skip(t).step_by(threads).map(f).collect::<Vec<R>>()))
            .collect();
        // A worker only fails by panicking, which nothing here is meant to do: pass the panic on unchanged.
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)).into_iter()).collect()
    });
    let mut out = Vec::with_capacity(items.len());
    for i in 0..items.len() {
        if let Some(r) = parts[i % threads].next() {
            out.push(r);
        }
    }
    out
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
