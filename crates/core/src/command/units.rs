//! Values inside command lines: Kubernetes quantities, docker byte sizes,
//! signal names and decimal numbers.

/// Decimal text (`1.5`, `.5`, `2e-3`) as the nearest `f64`, as
/// `str::parse::<f64>` reads it (a test compares them), or `None`.
///
/// lexical's compact parser rather than std's: the same correctly rounded
/// value, and the browser app's wasm leaves out std's table of 128-bit
/// powers of five (10.4 KB that brotli cannot shrink). Callers handle `inf`
/// and `nan` themselves.
pub(crate) fn decimal(text: &str) -> Option<f64> {
    use lexical_parse_float::FromLexical;
    f64::from_lexical(text.as_bytes()).ok()
}

/// Why a Kubernetes quantity does not give a byte count.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    /// Not a quantity at all (apimachinery `ErrFormatWrong`).
    #[error("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    Format,
    /// The number is fine but the suffix is not (apimachinery `ErrSuffix`).
    #[error("unable to parse quantity's suffix")]
    Suffix,
    /// Negative, where a size is required.
    #[error("quantity {0:?} is negative")]
    Negative(String),
    /// Larger than 2^64 - 1 bytes.
    #[error("quantity {0:?} does not fit in 64 bits")]
    Overflow(String),
}

/// A parsed Kubernetes quantity: `±mantissa × 10^exp10 × 1024^exp1024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity {
    /// Sign.
    pub negative: bool,
    /// Decimal digits without the point.
    pub mantissa: u128,
    /// Power of ten (the fraction digits and decimal suffix folded in).
    pub exp10: i32,
    /// Power of 1024 from a binary suffix (`Ki` = 1 … `Ei` = 6).
    pub exp1024: u32,
}

/// Parses Kubernetes quantity syntax: `128974848`, `129e6`, `129M`, `123Mi`,
/// `0.5Gi`, `100m` (apimachinery `resource.ParseQuantity`).
pub fn parse_quantity(s: &str) -> Result<Quantity, QuantityError> {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..).unwrap_or("")),
        Some(b'+') => (false, s.get(1..).unwrap_or("")),
        _ => (false, s),
    };
    let num_len = body
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .map(|(i, _)| i + 1)
        .last()
        .unwrap_or(0);
    let num = body.get(..num_len).ok_or(QuantityError::Format)?;
    let suffix = body.get(num_len..).ok_or(QuantityError::Format)?;
    if num.is_empty() || num == "." || num.matches('.').count() > 1 {
        return Err(QuantityError::Format);
    }
    let (int_part, frac_part) = num.split_once('.').unwrap_or((num, ""));
    let mut mantissa: u128 = 0;
    let mut digits_kept = 0u32;
    for c in int_part.chars().chain(frac_part.chars()) {
        let d = u128::from(c.to_digit(10).ok_or(QuantityError::Format)?);
        if mantissa == 0 && d == 0 {
            continue;
        }
        digits_kept += 1;
        if digits_kept > 38 {
            return Err(QuantityError::Overflow(s.to_string()));
        }
        mantissa = mantissa * 10 + d;
    }
    let frac_len = i32::try_from(frac_part.len()).map_err(|_| QuantityError::Format)?;
    let (exp10_suffix, exp1024) = parse_suffix(suffix)?;
    Ok(Quantity {
        negative: negative && mantissa != 0,
        mantissa,
        exp10: exp10_suffix.saturating_sub(frac_len),
        exp1024,
    })
}

fn parse_suffix(suffix: &str) -> Result<(i32, u32), QuantityError> {
    Ok(match suffix {
        "" => (0, 0),
        "n" => (-9, 0),
        "u" => (-6, 0),
        "m" => (-3, 0),
        "k" => (3, 0),
        "M" => (6, 0),
        "G" => (9, 0),
        "T" => (12, 0),
        "P" => (15, 0),
        "E" => (18, 0),
        "Ki" => (0, 1),
        "Mi" => (0, 2),
        "Gi" => (0, 3),
        "Ti" => (0, 4),
        "Pi" => (0, 5),
        "Ei" => (0, 6),
        other => {
            let rest = other
                .strip_prefix('e')
                .or_else(|| other.strip_prefix('E'))
                .ok_or(QuantityError::Suffix)?;
            let digits = rest.strip_prefix(['+', '-']).unwrap_or(rest);
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Err(QuantityError::Suffix);
            }
            let e: i32 = rest.parse().map_err(|_| QuantityError::Suffix)?;
            (e, 0)
        }
    })
}

impl Quantity {
    /// The value in bytes, rounded up as apimachinery's `Value()` does.
    pub fn to_bytes(&self, original: &str) -> Result<u64, QuantityError> {
        if self.negative {
            return Err(QuantityError::Negative(original.to_string()));
        }
        let overflow = || QuantityError::Overflow(original.to_string());
        let mut v: u128 = self.mantissa;
        for _ in 0..self.exp1024 {
            v = v.checked_mul(1024).ok_or_else(overflow)?;
        }
        if self.exp10 >= 0 {
            for _ in 0..self.exp10 {
                if v == 0 {
                    break;
                }
                v = v.checked_mul(10).ok_or_else(overflow)?;
            }
        } else {
            let mut div: u128 = 1;
            for _ in 0..self.exp10.unsigned_abs() {
                match div.checked_mul(10) {
                    Some(d) => div = d,
                    None => {
                        // Divisor beyond u128: the value is below one.
                        return Ok(u64::from(v != 0));
                    }
                }
            }
            v = v / div + u128::from(!v.is_multiple_of(div));
        }
        u64::try_from(v).map_err(|_| overflow())
    }
}

/// Parses a memory quantity (`64Mi`, `1G`, `134217728`) into bytes, with
/// overflow checks.
pub fn parse_memory_bytes(s: &str) -> Result<u64, QuantityError> {
    parse_quantity(s)?.to_bytes(s)
}

/// docker / go-units `RAMInBytes` (`64m`, `1.5g`, `512`, binary multiples).
pub fn parse_ram_bytes(s: &str) -> Option<u64> {
    super::flags::ram_in_bytes(s).and_then(|v| u64::try_from(v).ok())
}

/// Linux signal names and numbers (x86-64 and arm64 agree on these), as Go's
/// `golang.org/x/sys/unix` signal table names them.
pub const SIGNALS: [(&str, u8); 31] = [
    ("SIGHUP", 1),
    ("SIGINT", 2),
    ("SIGQUIT", 3),
    ("SIGILL", 4),
    ("SIGTRAP", 5),
    ("SIGABRT", 6),
    ("SIGBUS", 7),
    ("SIGFPE", 8),
    ("SIGKILL", 9),
    ("SIGUSR1", 10),
    ("SIGSEGV", 11),
    ("SIGUSR2", 12),
    ("SIGPIPE", 13),
    ("SIGALRM", 14),
    ("SIGTERM", 15),
    ("SIGSTKFLT", 16),
    ("SIGCHLD", 17),
    ("SIGCONT", 18),
    ("SIGSTOP", 19),
    ("SIGTSTP", 20),
    ("SIGTTIN", 21),
    ("SIGTTOU", 22),
    ("SIGURG", 23),
    ("SIGXCPU", 24),
    ("SIGXFSZ", 25),
    ("SIGVTALRM", 26),
    ("SIGPROF", 27),
    ("SIGWINCH", 28),
    ("SIGIO", 29),
    ("SIGPWR", 30),
    ("SIGSYS", 31),
];

/// The number of a signal given by name, with or without `SIG`, any case.
pub fn signal_number(name: &str) -> Option<u8> {
    let upper = name.to_ascii_uppercase();
    let full = if upper.starts_with("SIG") {
        upper
    } else {
        format!("SIG{upper}")
    };
    SIGNALS.iter().find(|(n, _)| *n == full).map(|(_, v)| *v)
}

/// The name (`SIGTERM`) of a signal number.
pub fn signal_name(number: i64) -> Option<&'static str> {
    SIGNALS
        .iter()
        .find(|(_, v)| i64::from(*v) == number)
        .map(|(n, _)| *n)
}

/// A signal as a tool accepts it: a number, or a name resolved to its number.
pub fn parse_signal(raw: &str) -> Option<i64> {
    go_atoi(raw).or_else(|| signal_number(raw).map(i64::from))
}

/// Go `strconv.Atoi`: optional sign, decimal digits only.
pub(crate) fn go_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `decimal` reads decimal text exactly as `str::parse::<f64>` does:
    /// the same accepted texts and the same bits.
    #[test]
    fn decimal_reads_like_std() {
        let mut texts: Vec<String> = [
            "0",
            "1",
            "1.5",
            ".5",
            "5.",
            "+1",
            "-1",
            "-0",
            "1e3",
            "1E-3",
            "1e",
            "e1",
            "",
            ".",
            "-",
            "+",
            "1_0",
            "0.1",
            "0.3",
            "0.7",
            "2.675",
            "1.2.3",
            "--1",
            "+-1",
            "1e+5",
            "1e-5",
            "1e400",
            "-1e400",
            "4.9e-324",
            "2.4e-324",
            "2.2250738585072011e-308",
            "1.7976931348623157e308",
            "123456789012345678901234567890",
            "0.1000000000000000055511151231257827",
            "9007199254740993",
            "9007199254740992.5",
            "1.00000000000000011102230246251565404236316680908203125",
            "00001.50000",
            "1.5e",
            "1.5e+",
            "0e0",
            "0.000000000000000000000000000001",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // A deterministic sweep over the characters such text is made of.
        let alphabet = b"0123456789.eE+-";
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut t = String::new();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 24) as usize;
            let mut y = x;
            for _ in 0..len {
                y = y.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                t.push(char::from(
                    alphabet[((y >> 33) % alphabet.len() as u64) as usize],
                ));
            }
            texts.push(t);
        }
        for t in &texts {
            let std = t.parse::<f64>().ok().map(f64::to_bits);
            assert_eq!(decimal(t).map(f64::to_bits), std, "{t:?}");
        }
    }

    fn bytes(s: &str) -> Result<u64, QuantityError> {
        parse_memory_bytes(s)
    }

    #[test]
    fn quantities() {
        assert_eq!(bytes("64Mi"), Ok(64 * 1024 * 1024));
        assert_eq!(bytes("1Gi"), Ok(1 << 30));
        assert_eq!(bytes("1G"), Ok(1_000_000_000));
        assert_eq!(bytes("128974848"), Ok(128_974_848));
        assert_eq!(bytes("129e6"), Ok(129_000_000));
        assert_eq!(bytes("129E+6"), Ok(129_000_000));
        assert_eq!(bytes("0.5Gi"), Ok(1 << 29));
        assert_eq!(bytes("1.5k"), Ok(1500));
        assert_eq!(bytes("1Ki"), Ok(1024));
        assert_eq!(bytes("+2k"), Ok(2000));
        assert_eq!(bytes("100m"), Ok(1), "rounded up");
        assert_eq!(bytes("1500m"), Ok(2));
        assert_eq!(bytes("1n"), Ok(1));
        assert_eq!(bytes("0"), Ok(0));
        assert_eq!(bytes("0.0Mi"), Ok(0));
        assert_eq!(bytes(".5Ki"), Ok(512));
        assert_eq!(bytes("1e-50"), Ok(1));
        assert_eq!(bytes("16Ei"), Err(QuantityError::Overflow("16Ei".into())));
        assert_eq!(bytes("15Ei"), Ok(15 << 60));
        assert_eq!(bytes("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(
            bytes("18446744073709551616"),
            Err(QuantityError::Overflow("18446744073709551616".into()))
        );
        assert_eq!(bytes("1e400"), Err(QuantityError::Overflow("1e400".into())));
        assert_eq!(bytes("-1Mi"), Err(QuantityError::Negative("-1Mi".into())));
        assert_eq!(bytes("-0"), Ok(0));
        assert_eq!(bytes("64MB"), Err(QuantityError::Suffix));
        assert_eq!(bytes("64mi"), Err(QuantityError::Suffix));
        assert_eq!(bytes("Mi"), Err(QuantityError::Format));
        assert_eq!(bytes(""), Err(QuantityError::Format));
        assert_eq!(bytes("1.2.3"), Err(QuantityError::Format));
        assert_eq!(bytes("1e"), Err(QuantityError::Suffix));
        assert_eq!(bytes("1e99999999999"), Err(QuantityError::Suffix));
    }

    #[test]
    fn ram_sizes() {
        assert_eq!(parse_ram_bytes("64m"), Some(64 << 20));
        assert_eq!(parse_ram_bytes("64M"), Some(64 << 20));
        assert_eq!(parse_ram_bytes("64MiB"), Some(64 << 20));
        assert_eq!(parse_ram_bytes("x"), None);
    }

    #[test]
    fn signals() {
        assert_eq!(signal_number("KILL"), Some(9));
        assert_eq!(signal_number("sigterm"), Some(15));
        assert_eq!(signal_number("SIGIOT"), None);
        assert_eq!(signal_name(15), Some("SIGTERM"));
        assert_eq!(parse_signal("9"), Some(9));
        assert_eq!(parse_signal("-1"), Some(-1));
        assert_eq!(parse_signal("term"), Some(15));
        assert_eq!(parse_signal("NOTASIG"), None);
        assert_eq!(parse_signal("0x9"), None);
    }
}
