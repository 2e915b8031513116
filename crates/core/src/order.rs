//! Stable sorting with one compiled sort routine.
//!
//! `slice::sort_by` is generic over the element type and the comparison, so
//! every call site with a new element type or closure compiles its own copy of
//! the standard library's driftsort (quicksort, merge, small sorts: 2–5 KB of
//! wasm each); the browser build carried 19 of them, 77 KB raw. The functions
//! here sort a permutation of indices with the comparison behind `dyn`, so the
//! sort itself is compiled once for the whole program, then move the elements
//! into place by following the permutation's cycles (swaps, no clones).
//!
//! The result is exactly `slice::sort_by`'s: stable, O(n log n) comparisons,
//! plus one `Vec<usize>` of the slice's length.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`; the same order as `v.sort_by(cmp)`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut perm: Vec<usize> = (0..v.len()).collect();
    {
        let items: &[T] = v;
        sort_indices(&mut perm, &mut |a, b| cmp(&items[a], &items[b]));
    }
    permute(v, perm);
}

/// Sorts `v` stably by a key; the same order as `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably; the same order as `v.sort()`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The one place the standard library's sort is instantiated.
fn sort_indices(perm: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    perm.sort_by(|&a, &b| cmp(a, b));
}

/// Rearranges `v` so that `v[i]` becomes the old `v[perm[i]]`, cycle by
/// cycle; `perm` is used up as the record of which places are done.
fn permute<T>(v: &mut [T], mut perm: Vec<usize>) {
    for start in 0..v.len() {
        let mut cur = start;
        loop {
            let next = perm[cur];
            perm[cur] = cur;
            if next == start || next == cur {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sorts_like_the_standard_library() {
        let mut a = vec![5, 1, 4, 1, 3, 9, 2, 6];
        sort(&mut a);
        assert_eq!(a, [1, 1, 2, 3, 4, 5, 6, 9]);
        let mut s = vec!["pod-b", "pod-a", "pod-c"];
        sort_by(&mut s, |a, b| b.cmp(a));
        assert_eq!(s, ["pod-c", "pod-b", "pod-a"]);
        let mut empty: Vec<u8> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
    }

    proptest! {
        /// Same result as `sort_by_key`, including the order of equal keys
        /// (each element carries its original position to tell them apart).
        #[test]
        fn stable_and_equal_to_std(keys in proptest::collection::vec(0u8..8, 0..200)) {
            let tagged: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
            let mut ours = tagged.clone();
            sort_by_key(&mut ours, |t| t.0);
            let mut std = tagged;
            std.sort_by_key(|t| t.0);
            prop_assert_eq!(ours, std);
        }

        /// Non-Copy elements are moved, never cloned or lost.
        #[test]
        fn moves_owned_values(words in proptest::collection::vec("[a-c]{0,3}", 0..60)) {
            let mut ours: Vec<String> = words.clone();
            sort(&mut ours);
            let mut std = words;
            std.sort();
            prop_assert_eq!(ours, std);
        }
    }
}
