//! The one order in which IDs are listed: natural order, where a run of digits counts as a number, so that
//! `1`, `2`, `10`, `10-2`, `11` and `A.2.2`, `A.10.1` read as a person counts rather than as text sorts them
//! (`1`, `10`, `10-2`, `11`, `2`). Every list of AI systems (and of anything else listed by ID rather than in
//! catalogue order) is sorted with [`natural_cmp`], and every binary search over such a list uses it too.

use std::cmp::Ordering;

/// Compares two IDs in natural order: the IDs are cut into runs of digits and runs of other characters; digit runs
/// compare by their numeric value (of any length, without overflow), other runs by their characters ignoring ASCII
/// letter case. A shorter ID that is a prefix of a longer one comes first (`10` before `10-2`).
///
/// Ties are broken so that the order is total and agrees with equality: among IDs equal by those rules
/// (`007` and `7`, `DHS-1` and `dhs-1`), fewer leading zeros come first, then the plain byte order decides.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    // Leading bytes the two IDs share compare equal under every rule below, and leave no tie-break behind, so the
    // walk starts after them: at the start of the digit run the first difference falls in (a number compares
    // whole), else at the first difference. IDs of one inventory (`dhs-2363`, `dhs-2388`) share most of their bytes.
    let mut same = x.iter().zip(y).take_while(|(p, q)| p == q).count();
    while same > 0 && x[same - 1].is_ascii_digit() {
        same -= 1;
    }
    compare_from(a, b, same)
}

/// [`natural_cmp`]'s rules applied from byte `start` of both IDs on (a byte offset both share and that does not fall
/// inside a digit run); the final byte-order tie-break still compares the whole IDs.
fn compare_from(a: &str, b: &str, start: usize) -> Ordering {
    let (mut x, mut y) = (&a.as_bytes()[start..], &b.as_bytes()[start..]);
    // The first tie-break found (leading zeros), used only if nothing else differs.
    let mut zeros = Ordering::Equal;
    loop {
        match (x.first(), y.first()) {
            (None, None) => return zeros.then_with(|| a.cmp(b)),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) if p.is_ascii_digit() && q.is_ascii_digit() => {
                let (run_x, rest_x) = split_digits(x);
                let (run_y, rest_y) = split_digits(y);
                let (value_x, value_y) = (trim_zeros(run_x), trim_zeros(run_y));
                let by_value = value_x.len().cmp(&value_y.len()).then_with(|| value_x.cmp(value_y));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                if zeros == Ordering::Equal {
                    zeros = run_x.len().cmp(&run_y.len());
                }
                (x, y) = (rest_x, rest_y);
            }
            (Some(p), Some(q)) => {
                let order = p.to_ascii_lowercase().cmp(&q.to_ascii_lowercase());
                if order != Ordering::Equal {
                    // A digit sorts before any other character, so `a1` < `a-1` < `ab` stays consistent.
                    return match (p.is_ascii_digit(), q.is_ascii_digit()) {
                        (true, false) => Ordering::Less,
                        (false, true) => Ordering::Greater,
                        _ => order,
                    };
                }
                (x, y) = (&x[1..], &y[1..]);
            }
        }
    }
}

/// Sorts IDs (or anything with an ID) in natural order; a stable sort.
pub fn sort_naturally<T>(items: &mut [T], id: impl Fn(&T) -> &str) {
    items.sort_by(|a, b| natural_cmp(id(a), id(b)));
}

fn split_digits(bytes: &[u8]) -> (&[u8], &[u8]) {
    let end = bytes.iter().position(|b| !b.is_ascii_digit()).unwrap_or(bytes.len());
    bytes.split_at(end)
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let start = digits.iter().position(|&b| b != b'0').unwrap_or(digits.len());
    &digits[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(ids: &[&str]) -> Vec<String> {
        let mut ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
        ids.sort_by(|a, b| natural_cmp(a, b));
        ids
    }

    #[test]
    fn numbers_sort_by_value() {
        assert_eq!(sorted(&["11", "10-2", "2", "10", "1"]), ["1", "2", "10", "10-2", "11"]);
        assert_eq!(sorted(&["A.10.1", "A.2.2", "A.9.4", "A.2.10"]), ["A.2.2", "A.2.10", "A.9.4", "A.10.1"]);
        assert_eq!(sorted(&["dhs-2388", "dhs-100", "doc-7", "dhs-2363"]), ["dhs-100", "dhs-2363", "dhs-2388", "doc-7"]);
        assert_eq!(
            sorted(&["x99999999999999999999999999", "x100000000000000000000000000"]),
            ["x99999999999999999999999999", "x100000000000000000000000000"]
        );
    }

    #[test]
    fn the_order_is_total_and_agrees_with_equality() {
        let ids = ["7", "007", "07", "a", "A", "a1", "a-1", "a01", "ab", "", "-", "1a", "1-", "10", "1.5"];
        for a in ids {
            for b in ids {
                let ab = natural_cmp(a, b);
                assert_eq!(ab, natural_cmp(b, a).reverse(), "{a:?} {b:?}");
                assert_eq!(ab == Ordering::Equal, a == b, "{a:?} {b:?}");
                for c in ids {
                    if ab == Ordering::Less && natural_cmp(b, c) == Ordering::Less {
                        assert_eq!(natural_cmp(a, c), Ordering::Less, "{a:?} < {b:?} < {c:?}");
                    }
                }
            }
        }
        assert_eq!(sorted(&["007", "7", "07"]), ["7", "07", "007"]);
    }

    /// The order without skipping the shared leading bytes: the same rules walked from the first byte.
    fn reference(a: &str, b: &str) -> Ordering {
        super::compare_from(a, b, 0)
    }

    #[test]
    fn skipping_the_shared_leading_bytes_changes_no_comparison() {
        let parts = ["", "a", "A", "-", "0", "1", "9", "00", "01", "10", "19", "100", "x", "sys-", "dhs-0"];
        let mut ids = Vec::new();
        for p in parts {
            for q in parts {
                for r in ["", "0", "2", "b", "-3"] {
                    ids.push(format!("{p}{q}{r}"));
                }
            }
        }
        for a in &ids {
            for b in &ids {
                assert_eq!(natural_cmp(a, b), reference(a, b), "{a:?} {b:?}");
            }
        }
    }
}
