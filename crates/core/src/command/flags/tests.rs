//! Tests of the flag parsers: pflag's, Go's flag package's and getopt's
//! readings and error texts, and the Go number, duration and size parsers.

use super::*;

fn v(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

const DEFS: &[FlagDef] = &[
    b("detach").short('d'),
    b("interactive").short('i'),
    b("tty").short('t'),
    s("name"),
    s("namespace").short('n'),
    FlagDef::new("time", Kind::Int).short('t'),
    FlagDef::new("replicas", Kind::Int32),
    FlagDef::new("memory", Kind::MemBytes).short('m'),
    s("dry-run").no_opt("unchanged"),
    FlagDef::new("timeout", Kind::Duration),
];
const OPTS: PflagOpts = PflagOpts {
    interspersed: true,
    normalize_underscores: false,
};

fn perr(args: &[&str]) -> String {
    parse_pflag(&v(args), DEFS, OPTS).unwrap_err().message
}

#[test]
fn pflag_forms() {
    let p = parse_pflag(
        &v(&[
            "run",
            "-it",
            "-n",
            "kube-system",
            "x",
            "--name=web",
            "-nfoo",
            "--dry-run",
            "--",
            "a",
            "-b",
        ]),
        DEFS,
        OPTS,
    )
    .unwrap();
    assert!(p.flag("interactive"));
    assert_eq!(p.last("namespace"), Some("foo"));
    assert_eq!(p.all("namespace"), ["kube-system", "foo"]);
    assert_eq!(p.last("name"), Some("web"));
    assert_eq!(p.last("dry-run"), Some("unchanged"));
    assert_eq!(p.args, ["run", "x", "a", "-b"]);
    assert_eq!(p.dash_at, Some(2));
    let p = parse_pflag(&v(&["-n=x", "--detach=false", "-m", "64m"]), DEFS, OPTS).unwrap();
    assert_eq!(p.last("namespace"), Some("x"));
    assert!(!p.flag("detach"));
    assert_eq!(p.last("memory"), Some("64m"));
}

#[test]
fn pflag_non_interspersed_stops_at_first_arg() {
    let opts = PflagOpts {
        interspersed: false,
        normalize_underscores: false,
    };
    let p = parse_pflag(&v(&["-d", "nginx", "-d", "--x"]), DEFS, opts).unwrap();
    assert_eq!(p.args, ["nginx", "-d", "--x"]);
    assert!(p.flag("detach"));
}

#[test]
fn pflag_errors() {
    assert_eq!(perr(&["--foo"]), "unknown flag: --foo");
    assert_eq!(perr(&["--foo=1"]), "unknown flag: --foo");
    assert_eq!(perr(&["-x"]), "unknown shorthand flag: 'x' in -x");
    assert_eq!(perr(&["-dxy"]), "unknown shorthand flag: 'x' in -xy");
    assert_eq!(perr(&["--name"]), "flag needs an argument: --name");
    assert_eq!(perr(&["-n"]), "flag needs an argument: 'n' in -n");
    assert_eq!(perr(&["---x"]), "bad flag syntax: ---x");
    assert_eq!(perr(&["--=x"]), "bad flag syntax: --=x");
    assert_eq!(
        perr(&["--replicas", "abc"]),
        r#"invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax"#
    );
    assert_eq!(
        perr(&["--replicas=3000000000"]),
        r#"invalid argument "3000000000" for "--replicas" flag: strconv.ParseInt: parsing "3000000000": value out of range"#
    );
    assert_eq!(
        perr(&["-m", "lots"]),
        r#"invalid argument "lots" for "-m, --memory" flag: invalid size: 'lots'"#
    );
    assert_eq!(
        perr(&["--detach=maybe"]),
        r#"invalid argument "maybe" for "-d, --detach" flag: strconv.ParseBool: parsing "maybe": invalid syntax"#
    );
    assert_eq!(
        perr(&["--timeout", "soon"]),
        r#"invalid argument "soon" for "--timeout" flag: time: invalid duration "soon""#
    );
}

const GO: &[FlagDef] = &[
    b("all").aliases(&["a"]),
    b("force").aliases(&["f"]),
    s("bundle").aliases(&["b"]),
    FlagDef::new("timeout", Kind::Int).aliases(&["t"]),
    b("interactive").aliases(&["i"]),
    b("tty").aliases(&["t2"]),
];

fn gerr(args: &[&str], o: GoFlagOpts) -> String {
    parse_goflag(&v(args), GO, o).unwrap_err().message
}
const V1: GoFlagOpts = GoFlagOpts {
    reorder: true,
    short_handling: false,
};
const V2: GoFlagOpts = GoFlagOpts {
    reorder: false,
    short_handling: true,
};

#[test]
fn goflag_forms() {
    let p = parse_goflag(&v(&["--bundle", "b", "-f", "id", "-a"]), GO, V2).unwrap();
    assert_eq!(p.last("bundle"), Some("b"));
    assert!(p.flag("force"));
    assert_eq!(p.args, ["id", "-a"]);
    // v1 moves known flags before the arguments.
    let p = parse_goflag(
        &v(&["id", "-a", "--bundle=x", "SIGKILL", "--unknown"]),
        GO,
        V1,
    )
    .unwrap();
    assert!(p.flag("all"));
    assert_eq!(p.last("bundle"), Some("x"));
    assert_eq!(p.args, ["id", "SIGKILL", "--unknown"]);
    let p = parse_goflag(&v(&["id", "-t", "5"]), GO, V1).unwrap();
    assert_eq!(p.int("timeout"), Some(5));
    assert_eq!(p.args, ["id"]);
    let p = parse_goflag(&v(&["-a", "--", "-x"]), GO, V1).unwrap();
    assert_eq!(p.args, ["-x"]);
    // v2 short option handling.
    let p = parse_goflag(&v(&["-ia", "x"]), GO, V2).unwrap();
    assert!(p.flag("interactive") && p.flag("all"));
    let p = parse_goflag(&v(&["--help"]), GO, V2).unwrap();
    assert!(p.flag("help"));
}

#[test]
fn goflag_errors() {
    assert_eq!(gerr(&["--foo"], V2), "flag provided but not defined: -foo");
    assert_eq!(gerr(&["-ix"], V2), "flag provided but not defined: -ix");
    assert_eq!(gerr(&["-ia"], V1), "flag provided but not defined: -ia");
    assert_eq!(gerr(&["--bundle"], V2), "flag needs an argument: -bundle");
    assert_eq!(
        gerr(&["-t", "x"], V2),
        r#"invalid value "x" for flag -t: parse error"#
    );
    assert_eq!(
        gerr(&["-t", "99999999999999999999"], V2),
        r#"invalid value "99999999999999999999" for flag -t: value out of range"#
    );
    assert_eq!(
        gerr(&["-a=maybe"], V2),
        r#"invalid boolean value "maybe" for -a: parse error"#
    );
    assert_eq!(gerr(&["---a"], V2), "bad flag syntax: ---a");
    assert_eq!(gerr(&["-=a"], V2), "bad flag syntax: -=a");
}

#[test]
fn getopt_forms_and_errors() {
    const G: &[FlagDef] = &[
        s("bundle").short('b'),
        b("detach").short('d'),
        b("debug"),
        s("pid-file"),
    ];
    let p = parse_getopt(
        &v(&["-db", "x", "id", "--pid", "f", "--bundle=y", "--", "-z"]),
        G,
    )
    .unwrap();
    assert!(p.flag("detach"));
    assert_eq!(p.last("bundle"), Some("y"));
    assert_eq!(p.last("pid-file"), Some("f"));
    assert_eq!(p.args, ["id", "-z"]);
    let e = |a: &[&str]| parse_getopt(&v(a), G).unwrap_err().message;
    assert_eq!(e(&["--foo"]), "unrecognized option '--foo'");
    assert_eq!(
        e(&["--de"]),
        "option '--de' is ambiguous; possibilities: '--detach' '--debug'"
    );
    assert_eq!(e(&["-x"]), "invalid option -- 'x'");
    assert_eq!(e(&["--bundle"]), "option '--bundle' requires an argument");
    assert_eq!(e(&["-b"]), "option requires an argument -- 'b'");
    assert_eq!(
        e(&["--detach=1"]),
        "option '--detach' doesn't allow an argument"
    );
}

#[test]
fn numbers() {
    assert_eq!(parse_go_int("0x10", 64), Ok(16));
    assert_eq!(parse_go_int("-010", 64), Ok(-8));
    assert_eq!(parse_go_int("1_000", 64), Ok(1000));
    assert_eq!(parse_go_int("-9223372036854775808", 64), Ok(i64::MIN));
    assert_eq!(
        parse_go_int("9223372036854775808", 64),
        Err(NumError::Range)
    );
    assert_eq!(parse_go_int("2147483648", 32), Err(NumError::Range));
    assert_eq!(parse_go_int("-2147483648", 32), Ok(-2147483648));
    assert_eq!(parse_go_int("", 64), Err(NumError::Syntax));
    assert_eq!(parse_go_int("-", 64), Err(NumError::Syntax));
    assert_eq!(parse_go_int("1e3", 64), Err(NumError::Syntax));
    assert!(valid_go_duration("1m30s") && valid_go_duration("0") && valid_go_duration("1.5h"));
    assert!(!valid_go_duration("10") && !valid_go_duration("") && !valid_go_duration("1x"));
    assert_eq!(ram_in_bytes("64m"), Some(64 << 20));
    assert_eq!(ram_in_bytes("1.5g"), Some(3 << 29));
    assert_eq!(ram_in_bytes("512"), Some(512));
    assert_eq!(ram_in_bytes("2 GiB"), Some(2 << 30));
    assert_eq!(ram_in_bytes("64x"), None);
    assert_eq!(ram_in_bytes("m"), None);
    assert_eq!(ram_in_bytes("99999999999p"), None);
}
