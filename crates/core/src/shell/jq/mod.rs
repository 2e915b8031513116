//! `jq` with the filters learners use on `crictl inspect`, `kubectl get
//! -o json`: paths (`.a.b`, `.a[0]`, `.["k"]`, `.[]`, `?`), `|`, `,`,
//! `select(…)`, comparisons, `and`/`or`/`not`, `//`, `[…]` and `{k: f}`
//! construction, `keys`, `length`, `map`, `has`, `type`, `first`, `last`,
//! `to_entries`, `test`, `startswith`, `contains`, `tostring`, `add`,
//! `sort`, `unique`, `empty`; `-r`, `-c`, `-e`. Written over serde_json
//! (jaq measured +206 KB brotli in the browser build); objects print with
//! their keys sorted (serde_json's map), where jq keeps the input's order.

mod eval;
mod parse;

use super::text::{Files, Res};
use eval::{eval, truthy};
use parse::P;
use serde_json::Value;

#[derive(Debug, Clone)]
pub(super) enum F {
    Identity,
    Recurse,
    Field(Box<F>, String, bool),
    Index(Box<F>, Box<F>, bool),
    Iter(Box<F>, bool),
    Lit(Value),
    Pipe(Box<F>, Box<F>),
    Comma(Box<F>, Box<F>),
    Bin(&'static str, Box<F>, Box<F>),
    Alt(Box<F>, Box<F>),
    Array(Option<Box<F>>),
    Object(Vec<(F, F)>),
    Call(String, Vec<F>),
    Neg(Box<F>),
}

pub(crate) fn run(args: &[String], f: &mut Files<'_, '_>) -> Res {
    let (mut raw, mut compact, mut exit_status, mut null_input) = (false, false, false, false);
    let mut filter = None;
    let mut files = Vec::new();
    for a in args {
        match a.as_str() {
            "-r" | "--raw-output" => raw = true,
            "-c" | "--compact-output" => compact = true,
            "-e" | "--exit-status" => exit_status = true,
            "-n" | "--null-input" => null_input = true,
            "-M" | "-C" | "-S" | "--sort-keys" => {}
            s if s.starts_with('-')
                && s.len() > 1
                && s.chars().skip(1).all(|c| "rceMCSn".contains(c)) =>
            {
                raw |= s.contains('r');
                compact |= s.contains('c');
                exit_status |= s.contains('e');
                null_input |= s.contains('n');
            }
            s if s.starts_with('-') && s.len() > 1 => {
                return Res::fail(format!("jq: Unknown arguments: {s}\nUse jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://jqlang.github.io/jq\n"), 2);
            }
            _ if filter.is_none() => filter = Some(a.clone()),
            _ => files.push(a.clone()),
        }
    }
    let filter = filter.unwrap_or_else(|| ".".into());
    let mut p = P {
        c: filter.chars().collect(),
        i: 0,
        depth: 0,
    };
    let prog = p.pipe().and_then(|f| {
        if p.peek().is_some() {
            Err(p.err())
        } else {
            Ok(f)
        }
    });
    let prog = match prog {
        Ok(f) => f,
        Err(e) => {
            return Res::fail(
                format!("jq: error: {e} at <top-level>, line 1:\n{filter}\njq: 1 compile error\n"),
                3,
            )
        }
    };
    let mut res = Res::default();
    let mut text = String::new();
    if files.is_empty() {
        text = f.inp.take();
    }
    for name in &files {
        match f.read("jq", name) {
            Ok(t) => text.push_str(&t),
            Err(_) => {
                res.err.push_str(&format!(
                    "jq: error: Could not open {name}: No such file or directory\n"
                ));
                res.status = 2;
            }
        }
    }
    let inputs: Vec<Result<Value, serde_json::Error>> = if null_input {
        vec![Ok(Value::Null)]
    } else {
        serde_json::Deserializer::from_str(&text)
            .into_iter::<Value>()
            .collect()
    };
    let mut last = None;
    for input in inputs {
        let v = match input {
            Ok(v) => v,
            Err(e) => {
                // jq 1.7's words for text that is not JSON.
                res.err.push_str(&format!(
                    "jq: parse error: Invalid numeric literal at line {}, column {}\n",
                    e.line(),
                    e.column()
                ));
                res.status = 2;
                break;
            }
        };
        let mut outs = Vec::new();
        let r = eval(&prog, &v, &mut outs, 0);
        for o in &outs {
            match o {
                Value::String(s) if raw => res.out.push_str(s),
                o if compact => res.out.push_str(&o.to_string()),
                o => res
                    .out
                    .push_str(&serde_json::to_string_pretty(o).unwrap_or_default()),
            }
            res.out.push('\n');
            last = Some(o.clone());
        }
        if let Err(e) = r {
            res.err.push_str(&format!(
                "jq: error (at <stdin>:{}): {e}\n",
                text.lines().count()
            ));
            res.status = 5;
        }
    }
    if exit_status && res.status == 0 {
        res.status = match last {
            None => 4,
            Some(v) if !truthy(&v) => 1,
            Some(_) => 0,
        };
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jq(filter: &str, input: &str) -> Vec<String> {
        let mut p = P {
            c: filter.chars().collect(),
            i: 0,
            depth: 0,
        };
        let f = p.pipe();
        assert!(f.is_ok(), "{f:?}");
        let v: Value = serde_json::from_str(input).unwrap_or(Value::Null);
        let mut out = Vec::new();
        assert!(eval(&f.unwrap_or(F::Identity), &v, &mut out, 0).is_ok());
        out.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn learners_filters() {
        let doc = r#"{"info":{"pid":42,"runtimeSpec":{"process":{"args":["nginx"]}}},"status":{"id":"abc","labels":{"a":"1"}}}"#;
        assert_eq!(jq(".info.pid", doc), ["42"]);
        assert_eq!(jq(".info.runtimeSpec.process.args[0]", doc), ["\"nginx\""]);
        assert_eq!(jq(".status.labels | keys", doc), ["[\"a\"]"]);
        assert_eq!(jq(".status | length", doc), ["2"]);
        let list = r#"{"items":[{"n":"a","s":"Running"},{"n":"b","s":"Exited"}]}"#;
        assert_eq!(
            jq(".items[] | select(.s == \"Running\") | .n", list),
            ["\"a\""]
        );
        assert_eq!(jq("[.items[].n]", list), ["[\"a\",\"b\"]"]);
        assert_eq!(jq(".items | map(.n) | join(\",\")", list), ["\"a,b\""]);
        assert_eq!(
            jq(".items[] | {name: .n}", list),
            ["{\"name\":\"a\"}", "{\"name\":\"b\"}"]
        );
        assert_eq!(jq(".missing // \"none\"", list), ["\"none\""]);
    }
}
