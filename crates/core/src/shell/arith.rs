//! `$(( … ))`: integer arithmetic as bash does it (64-bit, wrapping), with
//! variables by name.

/// Evaluates an expression; `Err` has bash's words after the expression.
pub fn eval(expr: &str, var: &dyn Fn(&str) -> Option<String>) -> Result<i64, String> {
    let toks = lex(expr)?;
    let mut p = P {
        t: &toks,
        i: 0,
        var,
        depth: 0,
    };
    if toks.is_empty() {
        return Ok(0);
    }
    let v = p.binary(0)?;
    match p.t.get(p.i) {
        None => Ok(v),
        Some(t) => Err(format!(
            "syntax error in expression (error token is \"{t}\")"
        )),
    }
}

fn lex(s: &str) -> Result<Vec<String>, String> {
    let c: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&ch) = c.get(i) {
        if ch.is_whitespace() {
            i += 1;
        } else if ch.is_ascii_alphanumeric() || ch == '_' || ch == '$' {
            let st = i;
            while c
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
            {
                i += 1;
            }
            out.push(
                c[st..i]
                    .iter()
                    .collect::<String>()
                    .trim_start_matches('$')
                    .to_string(),
            );
        } else {
            let two: String = c[i..(i + 2).min(c.len())].iter().collect();
            if ["<=", ">=", "==", "!=", "&&", "||", "**"].contains(&two.as_str()) {
                out.push(two);
                i += 2;
            } else if "+-*/%()<>!".contains(ch) {
                out.push(ch.to_string());
                i += 1;
            } else {
                return Err(format!(
                    "syntax error: operand expected (error token is \"{ch}\")"
                ));
            }
        }
    }
    Ok(out)
}

struct P<'a> {
    t: &'a [String],
    i: usize,
    var: &'a dyn Fn(&str) -> Option<String>,
    depth: u32,
}

fn prec(op: &str) -> Option<u8> {
    Some(match op {
        "||" => 1,
        "&&" => 2,
        "==" | "!=" => 3,
        "<" | ">" | "<=" | ">=" => 4,
        "+" | "-" => 5,
        "*" | "/" | "%" => 6,
        "**" => 7,
        _ => return None,
    })
}

impl P<'_> {
    fn binary(&mut self, min: u8) -> Result<i64, String> {
        let mut l = self.unary()?;
        while let Some(op) = self.t.get(self.i) {
            let Some(p) = prec(op) else { break };
            if p < min {
                break;
            }
            let op = op.clone();
            self.i += 1;
            let r = self.binary(if op == "**" { p } else { p + 1 })?;
            l = match op.as_str() {
                "||" => i64::from(l != 0 || r != 0),
                "&&" => i64::from(l != 0 && r != 0),
                "==" => i64::from(l == r),
                "!=" => i64::from(l != r),
                "<" => i64::from(l < r),
                ">" => i64::from(l > r),
                "<=" => i64::from(l <= r),
                ">=" => i64::from(l >= r),
                "+" => l.wrapping_add(r),
                "-" => l.wrapping_sub(r),
                "*" => l.wrapping_mul(r),
                "**" => l.wrapping_pow(u32::try_from(r).unwrap_or(u32::MAX).min(64)),
                _ => {
                    if r == 0 {
                        return Err("division by 0 (error token is \"0\")".into());
                    }
                    if op == "/" {
                        l.wrapping_div(r)
                    } else {
                        l.wrapping_rem(r)
                    }
                }
            };
        }
        Ok(l)
    }

    fn unary(&mut self) -> Result<i64, String> {
        self.depth += 1;
        if self.depth > 200 {
            return Err("expression recursion level exceeded".into());
        }
        let t = self
            .t
            .get(self.i)
            .cloned()
            .ok_or_else(|| "syntax error: operand expected".to_string())?;
        self.i += 1;
        let v = match t.as_str() {
            "-" => self.unary()?.wrapping_neg(),
            "+" => self.unary()?,
            "!" => i64::from(self.unary()? == 0),
            "(" => {
                let v = self.binary(0)?;
                if self.t.get(self.i).map(String::as_str) != Some(")") {
                    return Err("missing `)'".into());
                }
                self.i += 1;
                v
            }
            t if t.starts_with(|c: char| c.is_ascii_digit()) => t
                .parse::<i64>()
                .map_err(|_| format!("value too great for base (error token is \"{t}\")"))?,
            t if t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') => {
                let v = (self.var)(t).unwrap_or_default();
                v.trim().parse::<i64>().unwrap_or(0)
            }
            t => {
                return Err(format!(
                    "syntax error: operand expected (error token is \"{t}\")"
                ))
            }
        };
        self.depth -= 1;
        Ok(v)
    }
}

/// A decimal number's value (`lexical-parse-float`, the workspace's
/// compact parser), `None` when the text is not one.
pub(crate) fn float(s: &str) -> Option<f64> {
    use lexical_parse_float::FromLexical;
    f64::from_lexical(s.as_bytes()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic() {
        let v = |n: &str| (n == "X").then(|| "5".to_string());
        assert_eq!(eval("1 + 2 * 3", &v), Ok(7));
        assert_eq!(eval("(1 + 2) * 3", &v), Ok(9));
        assert_eq!(eval("X * 2", &v), Ok(10));
        assert_eq!(eval("$X - 6", &v), Ok(-1));
        assert_eq!(eval("X > 3 && 1", &v), Ok(1));
        assert!(eval("1 / 0", &v).is_err());
        assert!(eval("1 +", &v).is_err());
    }
}
