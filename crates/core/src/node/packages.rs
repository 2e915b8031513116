//! Installed packages (dpkg's status database), `dpkg -i/-s/-l` and
//! `apt install ./FILE.deb`, with dpkg 1.21's and apt 2.4's words (Ubuntu
//! 22.04). A `.deb` on the node is a file that starts as an ar archive does
//! (`!<arch>`) and carries the package's control fields ([`deb_text`]).

use super::Io;
use crate::config::{Config, Runtime};
use crate::engine::{Outcome, World};
use litemap::LiteMap;

/// One installed package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// `Package:`.
    pub name: String,
    /// `Version:`.
    pub version: String,
    /// `Architecture:`.
    pub arch: String,
    /// `Section:`.
    pub section: String,
    /// `Installed-Size:` (KiB).
    pub size_kib: u64,
    /// `Maintainer:`.
    pub maintainer: String,
    /// `Description:` (its first line).
    pub description: String,
}

fn pkg(name: &str, version: &str, section: &str, maintainer: &str, description: &str) -> Package {
    Package {
        name: name.into(),
        version: version.into(),
        arch: "amd64".into(),
        section: section.into(),
        size_kib: 0,
        maintainer: maintainer.into(),
        description: description.into(),
    }
}

const K8S: &str = "Kubernetes Authors <dev@kubernetes.io>";
const DOCKER: &str = "Docker <support@docker.com>";

/// The packages a configuration's node has installed (the Kubernetes
/// packages from pkgs.k8s.io, `-1.1` revisions from 1.24, the legacy
/// apt.kubernetes.io `-00` before; Docker's repository for containerd.io and
/// docker-ce; containerd 2.x installed from its release tarball has none).
pub fn installed(cfg: &Config) -> LiteMap<String, Package> {
    let mut m = LiteMap::new();
    let mut add = |p: Package| {
        m.insert(p.name.clone(), p);
    };
    add(pkg(
        "kmod",
        "29-1ubuntu1",
        "admin",
        "Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>",
        "tools for managing Linux kernel modules",
    ));
    add(pkg(
        "procps",
        "2:3.3.17-6ubuntu2.1",
        "admin",
        "Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>",
        "/proc file system utilities",
    ));
    let rt = cfg.runtime;
    let v = cfg.k8s.0;
    if rt == Runtime::Containerd17 || rt.has_docker() {
        add(pkg(
            "containerd.io",
            "1.7.27-1",
            "devel",
            "Containerd team <help@containerd.io>",
            "An open and reliable container runtime",
        ));
    }
    if rt.has_docker() {
        for (name, desc) in [
            (
                "docker-ce",
                "Docker: the open-source application container engine",
            ),
            (
                "docker-ce-cli",
                "Docker CLI: the open-source application container engine",
            ),
        ] {
            add(pkg(
                name,
                "5:27.5.1-1~ubuntu.22.04~jammy",
                "admin",
                DOCKER,
                desc,
            ));
        }
    }
    if rt == Runtime::CriDockerd {
        add(cri_dockerd("0.3.16.3-0.ubuntu-jammy"));
    }
    if rt == Runtime::CriO {
        add(pkg(
            "cri-o",
            &format!("1.{v}.0-1.1"),
            "admin",
            "CRI-O developers <cri-o-maintainers@googlegroups.com>",
            "Open Container Initiative-based implementation of Kubernetes Container Runtime Interface",
        ));
    }
    if rt.has_kubernetes() {
        let rev = if v >= 24 { "1.1" } else { "00" };
        for (name, desc) in [
            ("kubelet", "Node agent for Kubernetes clusters"),
            (
                "kubeadm",
                "Command-line utility for administering a Kubernetes cluster",
            ),
            (
                "kubectl",
                "Command-line utility for interacting with a Kubernetes cluster",
            ),
        ] {
            add(pkg(name, &format!("1.{v}.4-{rev}"), "admin", K8S, desc));
        }
        add(pkg(
            "cri-tools",
            &format!("1.{v}.0-{rev}"),
            "admin",
            K8S,
            "Command-line utility for interacting with a container runtime",
        ));
    }
    m
}

/// The cri-dockerd package (Mirantis/cri-dockerd `packaging/deb/common/control`).
fn cri_dockerd(version: &str) -> Package {
    Package {
        // The size of the 0.3.x binary and units, approximately.
        size_kib: 47104,
        ..pkg(
            "cri-dockerd",
            version,
            "admin",
            "Mirantis <support@mirantis.com>",
            "cri-dockerd is a lightweight implementation of the CRI specification which talks to docker.",
        )
    }
}

/// The text of a `.deb` file for a package (what a drill's set-up drops
/// on the node): the ar magic, then the control fields.
pub fn deb_text(package: &str, version: &str) -> String {
    let p = if package == "cri-dockerd" {
        cri_dockerd(version)
    } else {
        Package {
            size_kib: 1024,
            ..pkg(package, version, "admin", "", package)
        }
    };
    format!(
        "!<arch>\nPackage: {}\nVersion: {}\nArchitecture: {}\nSection: {}\nInstalled-Size: {}\nMaintainer: {}\nDescription: {}\n",
        p.name, p.version, p.arch, p.section, p.size_kib, p.maintainer, p.description
    )
}

/// Reads a `.deb`'s control fields; `None` when it is not an ar archive.
fn read_deb(text: &str) -> Option<Package> {
    let body = text.strip_prefix("!<arch>\n")?;
    let mut p = pkg("", "", "admin", "", "");
    for line in body.lines() {
        let Some((k, v)) = line.split_once(": ") else {
            continue;
        };
        match k {
            "Package" => p.name = v.into(),
            "Version" => p.version = v.into(),
            "Architecture" => p.arch = v.into(),
            "Section" => p.section = v.into(),
            "Installed-Size" => p.size_kib = v.parse().unwrap_or(0),
            "Maintainer" => p.maintainer = v.into(),
            "Description" => p.description = v.into(),
            _ => {}
        }
    }
    (!p.name.is_empty() && !p.version.is_empty()).then_some(p)
}

impl World {
    /// Drops a `.deb` for a package at an absolute path on the node (a
    /// drill's set-up: `~/cri-dockerd_0.3.9.3-0.ubuntu-jammy_amd64.deb`).
    pub fn put_deb(&mut self, path: &str, package: &str, version: &str) {
        self.node.fs.put_file(path, deb_text(package, version));
    }
}

/// What dpkg's `summarize_filename` shows of an archive's path.
fn summarize(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => format!(".../{}", &path[i + 1..]),
        None => path.to_string(),
    }
}

/// The number dpkg counts in its database (files and directories of the
/// installed packages; a fixed base for a minimal Ubuntu with Kubernetes).
fn db_count(w: &World) -> usize {
    64_312 + w.node.kernel.packages.len() * 37
}

/// Unpacks and sets up a package read from `path` (already checked):
/// dpkg's lines, and what the package puts on the node.
fn install(w: &mut World, path: &str, p: Package) -> String {
    let old = w.node.kernel.packages.get(&p.name).cloned();
    let mut s = String::new();
    if old.is_none() {
        s.push_str(&format!(
            "Selecting previously unselected package {}.\n",
            p.name
        ));
    }
    s.push_str(&format!(
        "(Reading database ... {} files and directories currently installed.)\n",
        db_count(w)
    ));
    s.push_str(&format!("Preparing to unpack {} ...\n", summarize(path)));
    match &old {
        Some(o) => s.push_str(&format!(
            "Unpacking {} ({}) over ({}) ...\n",
            p.name, p.version, o.version
        )),
        None => s.push_str(&format!("Unpacking {} ({}) ...\n", p.name, p.version)),
    }
    s.push_str(&format!("Setting up {} ({}) ...\n", p.name, p.version));
    if p.name == "cri-dockerd" {
        // packaging/deb/common/rules: the binary and the two units.
        w.node.fs.put(
            "/usr/bin/cri-dockerd",
            super::fs::Entry::File {
                text: "\u{7f}ELF\n".into(),
                mode: 0o755,
            },
        );
        let now = w.now_ms;
        let node = &mut w.node;
        node.units.install_package(&mut node.fs, "cri-dockerd", now);
    }
    w.node.kernel.packages.insert(p.name.clone(), p);
    s
}

/// `dpkg -i FILE…`, `dpkg -s NAME…`, `dpkg -l [NAME…]`, `dpkg -L NAME`.
pub(crate) fn dpkg(w: &mut World, args: &[String], io: &Io<'_>) -> Outcome {
    let Some(action) = args.first() else {
        return Outcome::err(
            2,
            "dpkg: error: need an action option\n\nType dpkg --help for help about installing and deinstalling packages [*];\nUse 'apt' or 'aptitude' for user-friendly package management;\nType dpkg -Dhelp for a list of dpkg debug flag values;\nType dpkg --force-help for a list of forcing options;\nType dpkg-deb --help for help about manipulating *.deb files;\n\nOptions marked [*] produce a lot of output - pipe it through 'less' or 'more' !",
        );
    };
    let rest = args.get(1..).unwrap_or_default();
    match action.as_str() {
        "-i" | "--install" => dpkg_install(w, rest, io),
        "-s" | "--status" => dpkg_status(w, rest),
        "-l" | "--list" => dpkg_list(w, rest),
        _ => Outcome::said(
            1,
            crate::msg!("files-dpkg-action", action = action.as_str()),
        ),
    }
}

fn dpkg_install(w: &mut World, files: &[String], io: &Io<'_>) -> Outcome {
    if files.is_empty() {
        return Outcome::err(
            2,
            "dpkg: error: --install needs at least one package archive file argument\n\nType dpkg --help for help about installing and deinstalling packages [*];\nUse 'apt' or 'aptitude' for user-friendly package management;\nType dpkg -Dhelp for a list of dpkg debug flag values;\nType dpkg --force-help for a list of forcing options;\nType dpkg-deb --help for help about manipulating *.deb files;\n\nOptions marked [*] produce a lot of output - pipe it through 'less' or 'more' !",
        );
    }
    let mut out = String::new();
    let mut err = String::new();
    let mut failed = Vec::new();
    for f in files {
        let path = super::fs::normalize(io.cwd, f);
        let text = match w.read_file(&path) {
            Ok(t) => t,
            Err(e) => {
                return Outcome {
                    exit: 2,
                    stdout: out,
                    stderr: format!("{err}dpkg: error: cannot access archive '{f}': {e}\n"),
                    ..Outcome::default()
                };
            }
        };
        match read_deb(&text) {
            Some(p) => out.push_str(&install(w, f, p)),
            None => {
                err.push_str(&format!(
                    "dpkg-deb: error: '{f}' is not a Debian format archive\ndpkg: error processing archive {f} (--install):\n dpkg-deb --control subprocess returned error exit status 2\n"
                ));
                failed.push(f.clone());
            }
        }
    }
    let mut o = Outcome::ok(out);
    if !failed.is_empty() {
        err.push_str("Errors were encountered while processing:\n");
        for f in failed {
            err.push_str(&format!(" {f}\n"));
        }
        o.exit = 1;
    }
    o.stderr = err;
    o
}

fn dpkg_status(w: &World, names: &[String]) -> Outcome {
    if names.is_empty() {
        return Outcome::err(
            2,
            "dpkg-query: error: --status needs at least one package name argument\n\nUse --help for help about querying packages.",
        );
    }
    let mut out = String::new();
    let mut err = String::new();
    for n in names {
        match w.node.kernel.package(n) {
            Some(p) => {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&format!(
                    "Package: {}\nStatus: install ok installed\nPriority: optional\nSection: {}\nInstalled-Size: {}\nMaintainer: {}\nArchitecture: {}\nVersion: {}\nDescription: {}\n",
                    p.name, p.section, p.size_kib, p.maintainer, p.arch, p.version, p.description
                ));
            }
            None => err.push_str(&format!(
                "dpkg-query: package '{n}' is not installed and no information is available\n"
            )),
        }
    }
    if !err.is_empty() {
        err.push_str("Use dpkg --info (= dpkg-deb --info) to examine archive files.\n");
    }
    Outcome {
        exit: i32::from(!err.is_empty()),
        stdout: out,
        stderr: err,
        ..Outcome::default()
    }
}

fn dpkg_list(w: &World, names: &[String]) -> Outcome {
    let k = &w.node.kernel;
    let mut rows: Vec<&Package> = Vec::new();
    let mut err = String::new();
    if names.is_empty() {
        rows.extend(k.packages.values());
    }
    for n in names {
        let found: Vec<&Package> = k
            .packages
            .values()
            .filter(|p| glob_match(n, &p.name))
            .collect();
        if found.is_empty() {
            err.push_str(&format!("dpkg-query: no packages found matching {n}\n"));
        }
        rows.extend(found);
    }
    if rows.is_empty() {
        return Outcome::err(1, err);
    }
    // dpkg-query's columns grow to fit what they list; the description
    // takes what is left of 80 columns.
    let nw = rows.iter().map(|p| p.name.len()).max().unwrap_or(0).max(14);
    let vw = rows
        .iter()
        .map(|p| p.version.len())
        .max()
        .unwrap_or(0)
        .max(12);
    let aw = 12;
    let dw = 80usize.saturating_sub(4 + nw + 1 + vw + 1 + aw + 1).max(1);
    let mut s = String::from(
        "Desired=Unknown/Install/Remove/Purge/Hold\n| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n",
    );
    s.push_str(&format!(
        "||/ {:<nw$} {:<vw$} {:<aw$} Description\n",
        "Name", "Version", "Architecture"
    ));
    s.push_str(&format!(
        "+++-{}-{}-{}-{}\n",
        "=".repeat(nw),
        "=".repeat(vw),
        "=".repeat(aw),
        "=".repeat(dw)
    ));
    for p in rows {
        let d: String = p.description.chars().take(dw).collect();
        s.push_str(&format!(
            "ii  {:<nw$} {:<vw$} {:<aw$} {d}\n",
            p.name, p.version, p.arch
        ));
    }
    Outcome {
        exit: i32::from(!err.is_empty()),
        stdout: s,
        stderr: err,
        ..Outcome::default()
    }
}

/// dpkg-query's package patterns: `*` and `?`.
fn glob_match(pat: &str, name: &str) -> bool {
    fn go(p: &[char], n: &[char]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some('*'), _) => go(&p[1..], n) || (!n.is_empty() && go(p, &n[1..])),
            (Some('?'), Some(_)) => go(&p[1..], &n[1..]),
            (Some(a), Some(b)) if a == b => go(&p[1..], &n[1..]),
            _ => false,
        }
    }
    let p: Vec<char> = pat.chars().collect();
    let n: Vec<char> = name.chars().collect();
    go(&p, &n)
}

/// `apt install ./FILE.deb` / `apt-get install -y ./FILE.deb` (apt 2.4).
pub(crate) fn apt(w: &mut World, prog: &str, args: &[String], io: &Io<'_>) -> Outcome {
    let mut words = Vec::new();
    for a in args {
        match a.as_str() {
            "-y" | "--yes" | "--assume-yes" | "-q" | "-qq" | "--quiet" => {}
            s => words.push(s),
        }
    }
    let line = std::iter::once(prog)
        .chain(args.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    let Some((&"install", targets)) = words.split_first() else {
        return Outcome::said(100, crate::msg!("files-apt-not-modelled", command = line));
    };
    if targets.is_empty()
        || !targets
            .iter()
            .all(|t| t.contains('/') && t.ends_with(".deb"))
    {
        return Outcome::said(100, crate::msg!("files-apt-no-network", command = line));
    }
    let mut debs = Vec::new();
    for t in targets {
        let path = super::fs::normalize(io.cwd, t);
        match w.read_file(&path).ok().as_deref().and_then(read_deb) {
            Some(p) => debs.push((path, t.to_string(), p)),
            None => {
                return Outcome::err(100, format!("E: Unsupported file {t} given on commandline"))
            }
        }
    }
    let mut s = String::from(
        "Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n",
    );
    let mut new = Vec::new();
    for (_, t, p) in &debs {
        s.push_str(&format!("Note, selecting '{}' instead of '{t}'\n", p.name));
        match w.node.kernel.package(&p.name) {
            Some(o) if o.version == p.version => s.push_str(&format!(
                "{} is already the newest version ({}).\n",
                p.name, p.version
            )),
            _ => new.push(p.clone()),
        }
    }
    if new.is_empty() {
        s.push_str("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
        return Outcome::ok(s);
    }
    s.push_str("The following NEW packages will be installed:\n ");
    for p in &new {
        s.push(' ');
        s.push_str(&p.name);
    }
    let total: u64 = new.iter().map(|p| p.size_kib).sum();
    s.push_str(&format!(
        "\n0 upgraded, {} newly installed, 0 to remove and 0 not upgraded.\n",
        new.len()
    ));
    s.push_str(&format!(
        "Need to get 0 B/{} of archives.\nAfter this operation, {} of additional disk space will be used.\n",
        human(total * 1024 / 4),
        human(total * 1024)
    ));
    let mut err = String::new();
    for (i, (path, _, p)) in debs.iter().enumerate() {
        if !new.iter().any(|n| n.name == p.name) {
            continue;
        }
        s.push_str(&format!(
            "Get:{} {path} {} {} {} [{}]\n",
            i + 1,
            p.name,
            p.arch,
            p.version,
            human(p.size_kib * 1024 / 4)
        ));
        if path.starts_with("/root/") {
            err = format!("N: Download is performed unsandboxed as root as file '{path}' couldn't be accessed by user '_apt'. - pkgAcquire::Run (13: Permission denied)\n");
        }
    }
    for (path, _, p) in debs {
        if new.iter().any(|n| n.name == p.name) {
            s.push_str(&install(w, &path, p));
        }
    }
    Outcome {
        exit: 0,
        stdout: s,
        stderr: err,
        ..Outcome::default()
    }
}

/// apt's sizes: `10.2 MB` (SI units, one decimal under 100).
fn human(bytes: u64) -> String {
    let units = ["B", "kB", "MB", "GB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1000.0 && u + 1 < units.len() {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} B")
    } else if v < 100.0 {
        format!("{v:.1} {}", units[u])
    } else {
        format!("{v:.0} {}", units[u])
    }
}
