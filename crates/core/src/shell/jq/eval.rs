//! Running a jq filter over a value: every output, in order.

use super::F;
use serde_json::{Map, Value};

const MAX_RESULTS: usize = 100_000;

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

pub(super) fn truthy(v: &Value) -> bool {
    !matches!(v, Value::Null | Value::Bool(false))
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 11 {
        format!("{}...", s.chars().take(10).collect::<String>())
    } else {
        s
    }
}

fn cmp(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let rank = |v: &Value| match v {
        Value::Null => 0,
        Value::Bool(false) => 1,
        Value::Bool(true) => 2,
        Value::Number(_) => 3,
        Value::String(_) => 4,
        Value::Array(_) => 5,
        Value::Object(_) => 6,
    };
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Array(x), Value::Array(y)) => {
            for (p, q) in x.iter().zip(y) {
                let c = cmp(p, q);
                if !c.is_eq() {
                    return c;
                }
            }
            x.len().cmp(&y.len())
        }
        _ => rank(a).cmp(&rank(b)),
    }
}

fn num(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9e15 {
        Value::from(f as i64)
    } else {
        serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}

pub(super) fn eval(f: &F, v: &Value, out: &mut Vec<Value>, depth: u32) -> Result<(), String> {
    if out.len() > MAX_RESULTS || depth > 200 {
        return Err("too many results".into());
    }
    let d = depth + 1;
    let one = |f: &F, v: &Value| -> Result<Vec<Value>, String> {
        let mut o = Vec::new();
        eval(f, v, &mut o, d)?;
        Ok(o)
    };
    match f {
        F::Identity => out.push(v.clone()),
        F::Recurse => {
            fn all(v: &Value, out: &mut Vec<Value>) {
                out.push(v.clone());
                match v {
                    Value::Array(a) => a.iter().for_each(|x| all(x, out)),
                    Value::Object(m) => m.values().for_each(|x| all(x, out)),
                    _ => {}
                }
            }
            all(v, out);
        }
        F::Lit(x) => out.push(x.clone()),
        F::Field(base, name, opt) => {
            for b in one(base, v)? {
                match &b {
                    Value::Object(m) => out.push(m.get(name).cloned().unwrap_or(Value::Null)),
                    Value::Null => out.push(Value::Null),
                    other if !opt => {
                        return Err(format!("Cannot index {} with \"{name}\"", type_name(other)))
                    }
                    _ => {}
                }
            }
        }
        F::Index(base, ix, opt) => {
            for b in one(base, v)? {
                for i in one(ix, v)? {
                    match (&b, &i) {
                        (Value::Array(a), Value::Number(n)) => {
                            let k = n.as_f64().unwrap_or(0.0) as i64;
                            let k = if k < 0 { a.len() as i64 + k } else { k };
                            out.push(
                                usize::try_from(k)
                                    .ok()
                                    .and_then(|k| a.get(k))
                                    .cloned()
                                    .unwrap_or(Value::Null),
                            );
                        }
                        (Value::Object(m), Value::String(s)) => {
                            out.push(m.get(s).cloned().unwrap_or(Value::Null))
                        }
                        (Value::Null, _) => out.push(Value::Null),
                        _ if *opt => {}
                        (x, y) => {
                            return Err(format!(
                                "Cannot index {} with {}",
                                type_name(x),
                                type_name(y)
                            ))
                        }
                    }
                }
            }
        }
        F::Iter(base, opt) => {
            for b in one(base, v)? {
                match b {
                    Value::Array(a) => out.extend(a),
                    Value::Object(m) => out.extend(m.into_iter().map(|(_, x)| x)),
                    _ if *opt => {}
                    other => {
                        return Err(format!(
                            "Cannot iterate over {}",
                            if matches!(other, Value::Null) {
                                "null".to_string()
                            } else {
                                format!("{} ({})", type_name(&other), short(&other))
                            }
                        ))
                    }
                }
            }
        }
        F::Pipe(a, b) => {
            for x in one(a, v)? {
                eval(b, &x, out, d)?;
            }
        }
        F::Comma(a, b) => {
            eval(a, v, out, d)?;
            eval(b, v, out, d)?;
        }
        F::Alt(a, b) => {
            let xs: Vec<Value> = one(a, v)
                .unwrap_or_default()
                .into_iter()
                .filter(truthy)
                .collect();
            if xs.is_empty() {
                eval(b, v, out, d)?;
            } else {
                out.extend(xs);
            }
        }
        F::Neg(a) => {
            for x in one(a, v)? {
                match x.as_f64() {
                    Some(n) => out.push(num(-n)),
                    None => {
                        return Err(format!(
                            "{} ({}) cannot be negated",
                            type_name(&x),
                            short(&x)
                        ))
                    }
                }
            }
        }
        F::Bin(op, a, b) => {
            for r in one(b, v)? {
                for l in one(a, v)? {
                    out.push(binary(op, &l, &r)?);
                }
            }
        }
        F::Array(None) => out.push(Value::Array(Vec::new())),
        F::Array(Some(inner)) => out.push(Value::Array(one(inner, v)?)),
        F::Object(pairs) => {
            let mut objs = vec![Map::new()];
            for (k, val) in pairs {
                let mut next = Vec::new();
                for key in one(k, v)? {
                    let Value::String(key) = key else {
                        return Err("Object keys must be strings".to_string());
                    };
                    for x in one(val, v)? {
                        for o in &objs {
                            let mut o = o.clone();
                            o.insert(key.clone(), x.clone());
                            next.push(o);
                        }
                    }
                }
                objs = next;
            }
            out.extend(objs.into_iter().map(Value::Object));
        }
        F::Call(n, args) => call(n, args, v, out, d)?,
    }
    Ok(())
}

fn binary(op: &str, l: &Value, r: &Value) -> Result<Value, String> {
    Ok(match op {
        "==" => Value::Bool(cmp(l, r).is_eq()),
        "!=" => Value::Bool(!cmp(l, r).is_eq()),
        "<" => Value::Bool(cmp(l, r).is_lt()),
        "<=" => Value::Bool(cmp(l, r).is_le()),
        ">" => Value::Bool(cmp(l, r).is_gt()),
        ">=" => Value::Bool(cmp(l, r).is_ge()),
        "and" => Value::Bool(truthy(l) && truthy(r)),
        "or" => Value::Bool(truthy(l) || truthy(r)),
        _ => match (l, r) {
            (Value::Number(x), Value::Number(y)) => {
                let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
                num(match op {
                    "+" => x + y,
                    "-" => x - y,
                    "*" => x * y,
                    _ if y == 0.0 => {
                        return Err(format!(
                            "{} and {} cannot be divided because the divisor is zero",
                            short(l),
                            short(r)
                        ))
                    }
                    _ => x / y,
                })
            }
            (Value::Null, x) | (x, Value::Null) if op == "+" => x.clone(),
            (Value::String(x), Value::String(y)) if op == "+" => Value::String(format!("{x}{y}")),
            (Value::Array(x), Value::Array(y)) if op == "+" => {
                Value::Array(x.iter().chain(y).cloned().collect())
            }
            (Value::Object(x), Value::Object(y)) if op == "+" => {
                let mut m = x.clone();
                for (k, v) in y {
                    m.insert(k.clone(), v.clone());
                }
                Value::Object(m)
            }
            _ => {
                let verb = match op {
                    "+" => "added",
                    "-" => "subtracted",
                    "*" => "multiplied",
                    _ => "divided",
                };
                return Err(format!(
                    "{} ({}) and {} ({}) cannot be {verb}",
                    type_name(l),
                    short(l),
                    type_name(r),
                    short(r)
                ));
            }
        },
    })
}

fn call(n: &str, args: &[F], v: &Value, out: &mut Vec<Value>, d: u32) -> Result<(), String> {
    let arg = |k: usize, x: &Value| -> Result<Vec<Value>, String> {
        let mut o = Vec::new();
        if let Some(f) = args.get(k) {
            eval(f, x, &mut o, d)?;
        }
        Ok(o)
    };
    let s_arg = |x: &Value| -> Result<String, String> {
        match arg(0, x)?.into_iter().next() {
            Some(Value::String(s)) => Ok(s),
            Some(o) => Err(format!(
                "{} ({}) cannot be matched, as it is not a string",
                type_name(&o),
                short(&o)
            )),
            None => Ok(String::new()),
        }
    };
    let arr = |x: &Value| -> Result<Vec<Value>, String> {
        match x {
            Value::Array(a) => Ok(a.clone()),
            Value::Object(m) if matches!(n, "map" | "add" | "map_values" | "any" | "all") => {
                Ok(m.values().cloned().collect())
            }
            o => Err(format!(
                "Cannot iterate over {} ({})",
                type_name(o),
                short(o)
            )),
        }
    };
    match n {
        "empty" => {}
        "not" => out.push(Value::Bool(!truthy(v))),
        "type" => out.push(Value::String(type_name(v).into())),
        "length" => out.push(match v {
            Value::Null => Value::from(0),
            Value::Bool(_) => return Err("boolean (true) has no length".into()),
            Value::Number(x) => num(x.as_f64().unwrap_or(0.0).abs()),
            Value::String(s) => Value::from(s.chars().count()),
            Value::Array(a) => Value::from(a.len()),
            Value::Object(m) => Value::from(m.len()),
        }),
        "keys" | "keys_unsorted" => match v {
            Value::Object(m) => {
                out.push(Value::Array(m.keys().cloned().map(Value::String).collect()))
            }
            Value::Array(a) => out.push(Value::Array((0..a.len()).map(Value::from).collect())),
            o => return Err(format!("{} ({}) has no keys", type_name(o), short(o))),
        },
        "values" => {
            if !matches!(v, Value::Null) {
                out.push(v.clone());
            }
        }
        "arrays" | "objects" | "strings" | "numbers" => {
            let t = type_name(v);
            if n.starts_with(t) {
                out.push(v.clone());
            }
        }
        "select" => {
            if arg(0, v)?.iter().any(truthy) {
                out.push(v.clone());
            }
        }
        "map" => {
            let mut o = Vec::new();
            for x in arr(v)? {
                o.extend(arg(0, &x)?);
            }
            out.push(Value::Array(o));
        }
        "has" => {
            for k in arg(0, v)? {
                out.push(Value::Bool(match (v, &k) {
                    (Value::Object(m), Value::String(s)) => m.contains_key(s),
                    (Value::Array(a), Value::Number(i)) => {
                        (i.as_f64().unwrap_or(-1.0) as usize) < a.len()
                    }
                    _ => {
                        return Err(format!(
                            "Cannot check whether {} has a {} key",
                            type_name(v),
                            type_name(&k)
                        ))
                    }
                }));
            }
        }
        "first" | "last" if args.is_empty() => {
            let a = arr(v)?;
            out.push(
                if n == "first" { a.first() } else { a.last() }
                    .cloned()
                    .unwrap_or(Value::Null),
            );
        }
        "first" => {
            if let Some(x) = arg(0, v)?.into_iter().next() {
                out.push(x);
            }
        }
        "reverse" => out.push(Value::Array(arr(v)?.into_iter().rev().collect())),
        "sort" | "unique" => {
            let mut a = arr(v)?;
            crate::order::sort_by(&mut a, cmp);
            if n == "unique" {
                a.dedup_by(|x, y| cmp(x, y).is_eq());
            }
            out.push(Value::Array(a));
        }
        "sort_by" | "unique_by" | "group_by" | "min_by" | "max_by" => {
            let mut keyed = Vec::new();
            for x in arr(v)? {
                keyed.push((Value::Array(arg(0, &x)?), x));
            }
            crate::order::sort_by(&mut keyed, |a, b| cmp(&a.0, &b.0));
            match n {
                "sort_by" => out.push(Value::Array(keyed.into_iter().map(|(_, x)| x).collect())),
                "unique_by" => {
                    keyed.dedup_by(|x, y| cmp(&x.0, &y.0).is_eq());
                    out.push(Value::Array(keyed.into_iter().map(|(_, x)| x).collect()));
                }
                "min_by" => out.push(keyed.first().map(|k| k.1.clone()).unwrap_or(Value::Null)),
                "max_by" => out.push(keyed.last().map(|k| k.1.clone()).unwrap_or(Value::Null)),
                _ => {
                    let mut groups: Vec<(Value, Vec<Value>)> = Vec::new();
                    for (k, x) in keyed {
                        match groups.last_mut() {
                            Some((gk, g)) if cmp(gk, &k).is_eq() => g.push(x),
                            _ => groups.push((k, vec![x])),
                        }
                    }
                    out.push(Value::Array(
                        groups.into_iter().map(|(_, g)| Value::Array(g)).collect(),
                    ));
                }
            }
        }
        "min" | "max" => {
            let mut a = arr(v)?;
            crate::order::sort_by(&mut a, cmp);
            out.push(
                if n == "min" { a.first() } else { a.last() }
                    .cloned()
                    .unwrap_or(Value::Null),
            );
        }
        "add" => {
            let mut acc = Value::Null;
            for x in arr(v)? {
                acc = binary("+", &acc, &x)?;
            }
            out.push(acc);
        }
        "any" | "all" => {
            let mut bools = Vec::new();
            for x in arr(v)? {
                bools.push(arg(0, &x)?.iter().any(truthy));
            }
            out.push(Value::Bool(if n == "any" {
                bools.iter().any(|b| *b)
            } else {
                bools.iter().all(|b| *b)
            }));
        }
        "to_entries" => match v {
            Value::Object(m) => out.push(Value::Array(
                m.iter()
                    .map(|(k, x)| {
                        let mut e = Map::new();
                        e.insert("key".into(), Value::String(k.clone()));
                        e.insert("value".into(), x.clone());
                        Value::Object(e)
                    })
                    .collect(),
            )),
            o => return Err(format!("{} ({}) has no keys", type_name(o), short(o))),
        },
        "from_entries" => {
            let mut m = Map::new();
            for e in arr(v)? {
                let k = e
                    .get("key")
                    .or_else(|| e.get("name"))
                    .cloned()
                    .unwrap_or(Value::Null);
                let k = match k {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                m.insert(k, e.get("value").cloned().unwrap_or(Value::Null));
            }
            out.push(Value::Object(m));
        }
        "with_entries" | "map_values" => {
            let Value::Object(m) = v else {
                return Err(format!("{} ({}) has no keys", type_name(v), short(v)));
            };
            let mut res = Map::new();
            for (k, x) in m {
                if n == "map_values" {
                    if let Some(y) = arg(0, x)?.into_iter().next() {
                        res.insert(k.clone(), y);
                    }
                    continue;
                }
                let mut e = Map::new();
                e.insert("key".into(), Value::String(k.clone()));
                e.insert("value".into(), x.clone());
                for y in arg(0, &Value::Object(e))? {
                    let key = match y.get("key") {
                        Some(Value::String(s)) => s.clone(),
                        Some(o) => o.to_string(),
                        None => k.clone(),
                    };
                    res.insert(key, y.get("value").cloned().unwrap_or(Value::Null));
                }
            }
            out.push(Value::Object(res));
        }
        "tostring" => out.push(Value::String(match v {
            Value::String(s) => s.clone(),
            o => o.to_string(),
        })),
        "tojson" => out.push(Value::String(v.to_string())),
        "tonumber" => match v {
            Value::Number(_) => out.push(v.clone()),
            Value::String(s) => match crate::shell::arith::float(s.trim()).ok_or(()) {
                Ok(f) => out.push(num(f)),
                Err(_) => return Err(format!("Cannot parse '{s}' as JSON")),
            },
            o => {
                return Err(format!(
                    "{} ({}) cannot be parsed as a number",
                    type_name(o),
                    short(o)
                ))
            }
        },
        "floor" => out.push(num(v.as_f64().unwrap_or(0.0).floor())),
        "ascii_downcase" | "ascii_upcase" => match v {
            Value::String(s) => out.push(Value::String(if n == "ascii_downcase" {
                s.to_ascii_lowercase()
            } else {
                s.to_ascii_uppercase()
            })),
            o => return Err(format!("{n} input must be a string, not {}", type_name(o))),
        },
        "test" | "startswith" | "endswith" | "ltrimstr" | "rtrimstr" | "split" | "contains"
        | "join" => {
            if n == "contains" {
                for x in arg(0, v)? {
                    out.push(Value::Bool(contains(v, &x)));
                }
                return Ok(());
            }
            if n == "join" {
                let sep = s_arg(v)?;
                let parts: Vec<String> = arr(v)?
                    .iter()
                    .map(|x| match x {
                        Value::String(s) => s.clone(),
                        Value::Null => String::new(),
                        o => o.to_string(),
                    })
                    .collect();
                out.push(Value::String(parts.join(&sep)));
                return Ok(());
            }
            let pat = s_arg(v)?;
            let Value::String(s) = v else {
                if matches!(n, "ltrimstr" | "rtrimstr") {
                    out.push(v.clone());
                    return Ok(());
                }
                return Err(format!(
                    "{} ({}) cannot be matched, as it is not a string",
                    type_name(v),
                    short(v)
                ));
            };
            out.push(match n {
                "test" => Value::Bool(
                    crate::shell::grep::compile(&pat, true, false)
                        .map_err(|e| format!("{pat} (at offset 0) is not a valid regex: {e}"))?
                        .is_match(s),
                ),
                "startswith" => Value::Bool(s.starts_with(&pat)),
                "endswith" => Value::Bool(s.ends_with(&pat)),
                "ltrimstr" => Value::String(s.strip_prefix(pat.as_str()).unwrap_or(s).to_string()),
                "rtrimstr" => Value::String(s.strip_suffix(pat.as_str()).unwrap_or(s).to_string()),
                _ => Value::Array(
                    s.split(pat.as_str())
                        .map(|x| Value::String(x.into()))
                        .collect(),
                ),
            });
        }
        _ => return Err(format!("{n}/{} is not defined", args.len())),
    }
    Ok(())
}

fn contains(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.contains(y.as_str()),
        (Value::Array(x), Value::Array(y)) => y.iter().all(|q| x.iter().any(|p| contains(p, q))),
        (Value::Object(x), Value::Object(y)) => y
            .iter()
            .all(|(k, q)| x.get(k).is_some_and(|p| contains(p, q))),
        _ => a == b,
    }
}
