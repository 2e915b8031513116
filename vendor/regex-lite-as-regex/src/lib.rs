//! `regex` re-exported from `regex-lite`: same API for what our dependencies
//! call, no Unicode tables, no DFA (see Cargo.toml for why).

pub use regex_lite::{
    escape, CaptureLocations, CaptureMatches, CaptureNames, Captures, Error, Match, Matches, Regex,
    RegexBuilder, Replacer, Split, SplitN, SubCaptureMatches,
};
