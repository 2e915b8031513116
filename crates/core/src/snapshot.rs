//! The map a world's snapshots share: a persistent (structurally shared)
//! ordered map, so that keeping the world after every command for step-back
//! costs what the command changed, not a copy of the world.
//!
//! It is `rpds`'s red-black tree with `Arc` pointers (so a world can cross
//! to a worker) behind the small part of `LiteMap`'s interface the engine
//! uses: cloning is O(1); a change copies the O(log n) path to one entry.
//! Iteration is in key order, as `LiteMap`'s.

use rpds::RedBlackTreeMapSync;
use std::borrow::Borrow;
use std::fmt;

/// An ordered map whose clones share everything unchanged.
#[derive(Clone)]
pub struct Map<K: Ord, V> {
    tree: RedBlackTreeMapSync<K, V>,
}

impl<K: Ord, V> Default for Map<K, V> {
    fn default() -> Self {
        Map {
            tree: RedBlackTreeMapSync::new_sync(),
        }
    }
}

impl<K: Ord + fmt::Debug, V: fmt::Debug> fmt::Debug for Map<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.tree.iter()).finish()
    }
}

impl<K: Ord, V: PartialEq> PartialEq for Map<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.tree == other.tree
    }
}

impl<K: Ord, V: Eq> Eq for Map<K, V> {}

impl<K: Ord + Clone, V: Clone> Map<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Map::default()
    }

    /// The value under a key.
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.tree.get(key)
    }

    /// The value under a key, to change (copies the path to it when shared).
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.tree.get_mut(key)
    }

    /// Whether a key is present.
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.tree.contains_key(key)
    }

    /// Puts a value under a key; gives back the one it replaced.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let old = self.tree.get(&key).cloned();
        self.tree.insert_mut(key, value);
        old
    }

    /// Takes a key out; gives back its value.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let old = self.tree.get(key).cloned();
        if old.is_some() {
            self.tree.remove_mut(key);
        }
        old
    }

    /// The value under a key, inserted from `make` when absent.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        if !self.tree.contains_key(&key) {
            self.tree.insert_mut(key.clone(), make());
        }
        match self.tree.get_mut(&key) {
            Some(v) => v,
            None => unreachable!("inserted just above"),
        }
    }

    /// Keeps only the entries `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &V) -> bool) {
        let gone: Vec<K> = self
            .tree
            .iter()
            .filter(|(k, v)| !keep(k, v))
            .map(|(k, _)| k.clone())
            .collect();
        for k in gone {
            self.tree.remove_mut(&k);
        }
    }

    /// Empties the map.
    pub fn clear(&mut self) {
        *self = Map::default();
    }

    /// The keys, to visit while changing values (`for k in m.keys_vec()
    /// { m.get_mut(&k) }`).
    pub fn keys_vec(&self) -> Vec<K> {
        self.tree.keys().cloned().collect()
    }
}

impl<K: Ord, V> Map<K, V> {
    /// Entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + '_ {
        self.tree.iter()
    }

    /// Keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + '_ {
        self.tree.keys()
    }

    /// Values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + '_ {
        self.tree.values()
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.tree.is_empty()
    }

    /// The entry with the smallest key.
    pub fn first(&self) -> Option<(&K, &V)> {
        self.tree.first()
    }

    /// The entry with the largest key.
    pub fn last(&self) -> Option<(&K, &V)> {
        self.tree.last()
    }
}

#[cfg(test)]
impl<K: Ord + std::borrow::Borrow<Q>, V, Q: Ord + ?Sized> std::ops::Index<&Q> for Map<K, V> {
    type Output = V;
    /// The value under a key; panics when absent (tests only).
    fn index(&self, key: &Q) -> &V {
        match self.tree.get(key) {
            Some(v) => v,
            None => panic!("no such key"),
        }
    }
}

impl<'a, K: Ord, V> IntoIterator for &'a Map<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = rpds::map::red_black_tree_map::Iter<'a, K, V, archery::ArcTK>;
    fn into_iter(self) -> Self::IntoIter {
        self.tree.iter()
    }
}

impl<K: Ord + Clone, V: Clone> FromIterator<(K, V)> for Map<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut m = Map::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_an_ordered_map() {
        let mut m: Map<String, u32> = Map::new();
        assert_eq!(m.insert("b".into(), 2), None);
        assert_eq!(m.insert("a".into(), 1), None);
        assert_eq!(m.insert("b".into(), 3), Some(2));
        assert_eq!(m.first(), Some((&"a".to_string(), &1)));
        let snap = m.clone();
        *m.get_mut("a").unwrap() = 10;
        assert_eq!(m.remove("b"), Some(3));
        *m.get_or_insert_with("c".into(), || 0) += 5;
        assert_eq!(
            m.iter().map(|(k, v)| (k.as_str(), *v)).collect::<Vec<_>>(),
            [("a", 10), ("c", 5)]
        );
        // The snapshot is untouched.
        assert_eq!(snap.values().copied().collect::<Vec<_>>(), [1, 3]);
        m.retain(|_, v| *v > 6);
        assert_eq!(m.len(), 1);
        assert!(!m.is_empty() && m.contains_key("a"));
    }
}
