//! The serde bridge: a [`Tree`] as a serde `Deserializer`, so oci-spec's
//! types are read from the spans already parsed (the text is parsed once),
//! and a fault names the innermost value concerned.

use super::*;

/// Why a value could not be deserialized, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeError {
    /// serde's description.
    pub message: String,
    /// The innermost value concerned.
    pub node: Option<NodeId>,
}

impl DeError {
    fn at(mut self, id: NodeId) -> DeError {
        self.node.get_or_insert(id);
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl serde::de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            message: msg.to_string(),
            node: None,
        }
    }
}

impl<'t> Tree<'t> {
    /// Deserializes the document from the tree, without reading the text
    /// again. The values in `skip` (sorted: array elements or object members)
    /// are left out; pass the earlier members of repeated keys to read only
    /// the last one, as Go does.
    pub(crate) fn deserialize<T: serde::Deserialize<'t>>(
        &self,
        skip: &[NodeId],
    ) -> Result<T, DeError> {
        T::deserialize(ValueDe {
            tree: self,
            id: self.root(),
            skip,
        })
    }
}

/// One value of a tree as a serde `Deserializer`.
struct ValueDe<'a, 't> {
    tree: &'a Tree<'t>,
    id: NodeId,
    skip: &'a [NodeId],
}

impl<'a, 't> ValueDe<'a, 't> {
    fn child(&self, id: NodeId) -> ValueDe<'a, 't> {
        ValueDe {
            tree: self.tree,
            id,
            skip: self.skip,
        }
    }

    fn kind(&self) -> Kind {
        self.tree.kind(self.id)
    }

    /// serde's "invalid type: …, expected …" for this value. One function for
    /// every visitor (`exp` is a trait object), so that each typed hint below
    /// costs one branch per visitor instead of one call per JSON kind.
    #[cold]
    #[inline(never)]
    fn invalid(&self, exp: &dyn serde::de::Expected) -> DeError {
        use serde::de::{Error, Unexpected};
        let t = self.tree;
        let id = self.id;
        let raw = t.raw(id);
        let text = t.str(id);
        let unexp = match t.kind(id) {
            Kind::Null => Unexpected::Unit,
            Kind::Bool => Unexpected::Bool(raw == "true"),
            Kind::Number => {
                if let Ok(u) = raw.parse::<u64>() {
                    Unexpected::Unsigned(u)
                } else if let Ok(i) = raw.parse::<i64>() {
                    Unexpected::Signed(i)
                } else {
                    Unexpected::Float(raw.parse::<f64>().unwrap_or(f64::NAN))
                }
            }
            Kind::String => Unexpected::Str(text.as_deref().unwrap_or("")),
            Kind::Array => Unexpected::Seq,
            Kind::Object => Unexpected::Map,
        };
        DeError::invalid_type(unexp, exp).at(id)
    }

    fn visit_number<V: serde::de::Visitor<'t>>(&self, v: V) -> Result<V::Value, DeError> {
        let raw = self.tree.raw(self.id);
        if let Ok(u) = raw.parse::<u64>() {
            v.visit_u64(u)
        } else if let Ok(i) = raw.parse::<i64>() {
            v.visit_i64(i)
        } else {
            v.visit_f64(raw.parse::<f64>().unwrap_or(f64::NAN))
        }
    }

    fn visit_string<V: serde::de::Visitor<'t>>(&self, v: V) -> Result<V::Value, DeError> {
        let t = self.tree;
        let n = t.node(self.id);
        let inner = t
            .text
            .get(n.start as usize + 1..(n.end as usize).saturating_sub(1))
            .unwrap_or("");
        if n.flags & VALUE_ESCAPED != 0 {
            v.visit_string(unescape(inner))
        } else {
            v.visit_borrowed_str(inner)
        }
    }

    fn seq(self) -> SeqDe<'a, 't> {
        let next = self.tree.node(self.id).first;
        SeqDe { de: self, next }
    }

    fn map(self) -> MapDe<'a, 't> {
        let next = self.tree.node(self.id).first;
        MapDe {
            de: self,
            next,
            value: None,
        }
    }
}

/// The typed hints accept exactly the JSON kind they name (as Go's
/// encoding/json does: an array is not a struct) and call one visitor
/// method, so a derived visitor's other methods are never instantiated for
/// this deserializer; anything else is [`ValueDe::invalid`].
macro_rules! hint {
    ($($method:ident)*, $kind:ident => |$de:ident, $v:ident| $body:expr) => {
        $(
            fn $method<V: serde::de::Visitor<'t>>(self, $v: V) -> Result<V::Value, DeError> {
                let $de = self;
                if $de.kind() != Kind::$kind {
                    return Err($de.invalid(&$v));
                }
                let id = $de.id;
                $body.map_err(|e: DeError| e.at(id))
            }
        )*
    };
}

impl<'a, 't> serde::Deserializer<'t> for ValueDe<'a, 't> {
    type Error = DeError;

    fn deserialize_any<V: serde::de::Visitor<'t>>(self, v: V) -> Result<V::Value, DeError> {
        let id = self.id;
        let r = match self.kind() {
            Kind::Null => v.visit_unit(),
            Kind::Bool => v.visit_bool(self.tree.raw(id) == "true"),
            Kind::Number => self.visit_number(v),
            Kind::String => self.visit_string(v),
            Kind::Array => v.visit_seq(self.seq()),
            Kind::Object => v.visit_map(self.map()),
        };
        r.map_err(|e| e.at(id))
    }

    hint!(deserialize_bool, Bool => |de, v| v.visit_bool(de.tree.raw(de.id) == "true"));
    hint!(
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64,
        Number => |de, v| de.visit_number(v)
    );
    hint!(
        deserialize_char deserialize_str deserialize_string deserialize_identifier,
        String => |de, v| de.visit_string(v)
    );
    hint!(deserialize_unit, Null => |de, v| v.visit_unit());
    hint!(deserialize_seq, Array => |de, v| v.visit_seq(de.seq()));
    hint!(deserialize_map, Object => |de, v| v.visit_map(de.map()));

    fn deserialize_unit_struct<V: serde::de::Visitor<'t>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(v)
    }

    fn deserialize_tuple<V: serde::de::Visitor<'t>>(
        self,
        _len: usize,
        v: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: serde::de::Visitor<'t>>(
        self,
        _name: &'static str,
        _len: usize,
        v: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(v)
    }

    fn deserialize_struct<V: serde::de::Visitor<'t>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(v)
    }

    /// The tree already holds the whole value: nothing to skip over.
    fn deserialize_ignored_any<V: serde::de::Visitor<'t>>(self, v: V) -> Result<V::Value, DeError> {
        v.visit_unit()
    }

    fn deserialize_option<V: serde::de::Visitor<'t>>(self, v: V) -> Result<V::Value, DeError> {
        if self.kind() == Kind::Null {
            v.visit_none()
        } else {
            let id = self.id;
            v.visit_some(self).map_err(|e| e.at(id))
        }
    }

    fn deserialize_newtype_struct<V: serde::de::Visitor<'t>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, DeError> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: serde::de::Visitor<'t>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        use serde::de::IntoDeserializer;
        let id = self.id;
        match self.tree.str(id) {
            Some(s) => v
                .visit_enum(s.into_owned().into_deserializer())
                .map_err(|e: DeError| e.at(id)),
            None => self.deserialize_any(v),
        }
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'t>>
        bytes byte_buf
    }
}

struct SeqDe<'a, 't> {
    de: ValueDe<'a, 't>,
    next: u32,
}

impl<'a, 't> serde::de::SeqAccess<'t> for SeqDe<'a, 't> {
    type Error = DeError;

    fn next_element_seed<S: serde::de::DeserializeSeed<'t>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, DeError> {
        loop {
            if self.next == NONE {
                return Ok(None);
            }
            let id = NodeId(self.next);
            self.next = self.de.tree.node(id).next;
            if self.de.skip.binary_search(&id).is_ok() {
                continue;
            }
            return seed.deserialize(self.de.child(id)).map(Some);
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.de.tree.len(self.de.id) as usize)
    }
}

struct MapDe<'a, 't> {
    de: ValueDe<'a, 't>,
    next: u32,
    value: Option<NodeId>,
}

impl<'a, 't> serde::de::MapAccess<'t> for MapDe<'a, 't> {
    type Error = DeError;

    fn next_key_seed<K: serde::de::DeserializeSeed<'t>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
        let t = self.de.tree;
        loop {
            if self.next == NONE {
                return Ok(None);
            }
            let id = NodeId(self.next);
            self.next = t.node(id).next;
            if self.de.skip.binary_search(&id).is_ok() {
                continue;
            }
            self.value = Some(id);
            let n = t.node(id);
            let inner = t
                .text
                .get(n.key_start as usize + 1..(n.key_end as usize).saturating_sub(1))
                .unwrap_or("");
            let key = if n.flags & KEY_ESCAPED != 0 {
                seed.deserialize(StringDeserializer::<DeError>::new(unescape(inner)))
            } else {
                seed.deserialize(BorrowedStrDeserializer::<DeError>::new(inner))
            };
            return key.map(Some).map_err(|e| e.at(id));
        }
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'t>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some(id) => seed.deserialize(self.de.child(id)),
            None => Err(serde::de::Error::custom("a value without its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.de.tree.len(self.de.id) as usize)
    }
}
