//! The node's file system: the files that matter to a person troubleshooting
//! the container stack (configs, unit files, sockets, logs), by absolute path.
//!
//! Paths are kept normalized (absolute, no `.`/`..`, no trailing `/`);
//! symlinks (`/var/run` → `/run`) are resolved on every lookup. `/proc` is not
//! stored here: it is read from the world's processes (see `node::procfs`).

use crate::snapshot::Map;

/// One entry of the file system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A directory.
    Dir {
        /// Permission bits (`0o755`).
        mode: u32,
    },
    /// A regular file.
    File {
        /// Its text.
        text: String,
        /// Permission bits (`0o644`).
        mode: u32,
    },
    /// A symbolic link.
    Symlink {
        /// Where it points (absolute or relative to its directory).
        target: String,
    },
    /// A Unix socket a daemon listens on.
    Socket,
}

/// Why a file operation failed, in the words of `strerror` (what `cat`, `ls`,
/// `rm` print after the path).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FsError {
    /// ENOENT.
    #[error("No such file or directory")]
    NotFound,
    /// EISDIR.
    #[error("Is a directory")]
    IsDir,
    /// ENOTDIR.
    #[error("Not a directory")]
    NotDir,
    /// EEXIST.
    #[error("File exists")]
    Exists,
    /// ENOTEMPTY.
    #[error("Directory not empty")]
    NotEmpty,
    /// EACCES / EPERM (writing `/proc`, a socket).
    #[error("Permission denied")]
    Denied,
    /// ENXIO: opening a socket as a file.
    #[error("No such device or address")]
    NoDevice,
    /// ELOOP.
    #[error("Too many levels of symbolic links")]
    Loop,
    /// EINVAL: a value the kernel refuses (`/proc/sys`).
    #[error("Invalid argument")]
    Invalid,
}

/// The file system.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fs {
    entries: Map<String, Entry>,
}

/// Normalizes `path` against the working directory `cwd`: absolute, without
/// `.`, `..`, doubled or trailing slashes (symlinks are not resolved here).
pub fn normalize(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = String::with_capacity(joined.len());
    for p in &parts {
        out.push('/');
        out.push_str(p);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// The directory part of a normalized path (`/` for `/x`).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

/// The last component of a path.
pub fn base(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

impl Fs {
    /// An empty file system with only `/`.
    pub fn new() -> Fs {
        let mut fs = Fs::default();
        fs.entries.insert("/".into(), Entry::Dir { mode: 0o755 });
        fs
    }

    /// Resolves symlinks in every component of a normalized path (the last
    /// one too when `follow_last`).
    pub fn resolve(&self, path: &str, follow_last: bool) -> Result<String, FsError> {
        let mut cur = String::from("/");
        let mut rest: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .rev()
            .collect();
        let mut hops = 0u32;
        while let Some(part) = rest.pop() {
            let next = normalize(&cur, &part);
            let last = rest.is_empty();
            match self.entries.get(&next) {
                Some(Entry::Symlink { target }) if !last || follow_last => {
                    hops += 1;
                    if hops > 40 {
                        return Err(FsError::Loop);
                    }
                    let t = normalize(&cur, target);
                    for p in t.split('/').filter(|s| !s.is_empty()).rev() {
                        rest.push(p.to_string());
                    }
                    cur = String::from("/");
                }
                Some(Entry::Dir { .. }) => cur = next,
                Some(_) if !last => return Err(FsError::NotDir),
                _ => cur = next,
            }
        }
        Ok(cur)
    }

    /// The entry at a path (symlinks followed, the last one too).
    pub fn get(&self, path: &str) -> Result<&Entry, FsError> {
        let p = self.resolve(&normalize("/", path), true)?;
        self.entries.get(&p).ok_or(FsError::NotFound)
    }

    /// The entry at a path, a final symlink not followed (`ls -l`, `rm`).
    pub fn get_link(&self, path: &str) -> Result<(String, &Entry), FsError> {
        let p = self.resolve(&normalize("/", path), false)?;
        let e = self.entries.get(&p).ok_or(FsError::NotFound)?;
        Ok((p, e))
    }

    /// A regular file's text.
    pub fn read(&self, path: &str) -> Result<&str, FsError> {
        match self.get(path)? {
            Entry::File { text, .. } => Ok(text),
            Entry::Dir { .. } => Err(FsError::IsDir),
            Entry::Socket => Err(FsError::NoDevice),
            Entry::Symlink { .. } => Err(FsError::Loop),
        }
    }

    /// Whether a path exists (symlinks followed).
    pub fn exists(&self, path: &str) -> bool {
        self.get(path).is_ok()
    }

    /// Whether a path is a directory (symlinks followed).
    pub fn is_dir(&self, path: &str) -> bool {
        matches!(self.get(path), Ok(Entry::Dir { .. }))
    }

    /// Writes (or appends to) a regular file; its directory must exist.
    pub fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), FsError> {
        let p = self.resolve(&normalize("/", path), true)?;
        match self.entries.get(parent(&p)) {
            Some(Entry::Dir { .. }) => {}
            Some(_) => return Err(FsError::NotDir),
            None => return Err(FsError::NotFound),
        }
        match self.entries.get_mut(&p) {
            Some(Entry::File { text: t, .. }) => {
                if append {
                    t.push_str(text);
                } else {
                    *t = text.to_string();
                }
                Ok(())
            }
            Some(Entry::Dir { .. }) => Err(FsError::IsDir),
            Some(Entry::Socket) => Err(FsError::NoDevice),
            Some(Entry::Symlink { .. }) => Err(FsError::Loop),
            None => {
                self.entries.insert(
                    p,
                    Entry::File {
                        text: text.to_string(),
                        mode: 0o644,
                    },
                );
                Ok(())
            }
        }
    }

    /// Puts an entry at a normalized path, creating missing parent
    /// directories (what a package or the node's set-up does; no checks).
    pub fn put(&mut self, path: &str, entry: Entry) {
        let p = normalize("/", path);
        let mut dir = parent(&p).to_string();
        let mut missing = Vec::new();
        while !self.entries.contains_key(&dir) {
            missing.push(dir.clone());
            if dir == "/" {
                break;
            }
            dir = parent(&dir).to_string();
        }
        for d in missing {
            self.entries.insert(d, Entry::Dir { mode: 0o755 });
        }
        self.entries.insert(p, entry);
    }

    /// Puts a regular file (mode 0644), creating its directories.
    pub fn put_file(&mut self, path: &str, text: impl Into<String>) {
        self.put(
            path,
            Entry::File {
                text: text.into(),
                mode: 0o644,
            },
        );
    }

    /// Removes one entry (not recursive; a final symlink itself).
    pub fn remove(&mut self, path: &str) -> Result<Entry, FsError> {
        let (p, e) = self.get_link(path)?;
        if matches!(e, Entry::Dir { .. }) && self.children(&p).next().is_some() {
            return Err(FsError::NotEmpty);
        }
        self.entries.remove(&p).ok_or(FsError::NotFound)
    }

    /// Removes a socket if there is one (a daemon stopped); no error if absent.
    pub fn remove_socket(&mut self, path: &str) {
        if let Ok((p, Entry::Socket)) = self.get_link(path).map(|(p, e)| (p, e.clone())) {
            self.entries.remove(&p);
        }
    }

    /// The names directly inside a directory (resolved path), sorted.
    pub fn children<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a str, &'a Entry)> + 'a {
        let prefix = if dir == "/" {
            String::from("/")
        } else {
            format!("{dir}/")
        };
        self.entries
            .iter()
            .filter(move |(k, _)| {
                k.len() > prefix.len() && k.starts_with(&prefix) && !k[prefix.len()..].contains('/')
            })
            .map(move |(k, e)| (base(k), e))
    }

    /// The entries at and under a path (a final symlink not followed),
    /// the path itself first (`cp -r`, `mv`).
    pub fn subtree(&self, path: &str) -> Result<Vec<(String, Entry)>, FsError> {
        let (p, e) = self.get_link(path)?;
        let mut v = vec![(p.clone(), e.clone())];
        let prefix = if p == "/" { p.clone() } else { format!("{p}/") };
        for (k, e) in self.entries.iter() {
            if k.len() > prefix.len() && k.starts_with(&prefix) {
                v.push((k.clone(), e.clone()));
            }
        }
        Ok(v)
    }

    /// Removes an entry and everything under it (a final symlink itself).
    pub fn remove_tree(&mut self, path: &str) -> Result<(), FsError> {
        for (k, _) in self.subtree(path)? {
            // The root stays, whatever is asked.
            if k != "/" {
                self.entries.remove(&k);
            }
        }
        Ok(())
    }

    /// Sets the permission bits of a file or directory (symlinks followed).
    pub fn set_mode(&mut self, path: &str, new: u32) -> Result<(), FsError> {
        let p = self.resolve(&normalize("/", path), true)?;
        match self.entries.get_mut(&p) {
            Some(Entry::Dir { mode }) | Some(Entry::File { mode, .. }) => {
                *mode = new;
                Ok(())
            }
            Some(_) => Ok(()),
            None => Err(FsError::NotFound),
        }
    }

    /// Every path in the file system, sorted (for tests and `find`).
    pub fn paths(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries.iter().map(|(k, e)| (k.as_str(), e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizing() {
        assert_eq!(normalize("/root", "a/../b/./c/"), "/root/b/c");
        assert_eq!(normalize("/root", "/../.."), "/");
        assert_eq!(normalize("/", "//etc//crictl.yaml"), "/etc/crictl.yaml");
        assert_eq!(parent("/etc/crictl.yaml"), "/etc");
        assert_eq!(parent("/etc"), "/");
    }

    #[test]
    fn var_run_is_run() {
        let mut fs = Fs::new();
        fs.put("/run/containerd/containerd.sock", Entry::Socket);
        fs.put(
            "/var/run",
            Entry::Symlink {
                target: "../run".into(),
            },
        );
        assert_eq!(
            fs.get("/var/run/containerd/containerd.sock"),
            Ok(&Entry::Socket)
        );
        assert_eq!(
            fs.read("/var/run/containerd/containerd.sock"),
            Err(FsError::NoDevice)
        );
        fs.write("/var/run/x", "1", false).unwrap();
        assert_eq!(fs.read("/run/x"), Ok("1"));
        fs.write("/run/x", "2\n", true).unwrap();
        assert_eq!(fs.read("/var/run/x"), Ok("12\n"));
        assert_eq!(fs.write("/nope/x", "", false), Err(FsError::NotFound));
        assert_eq!(fs.remove("/run"), Err(FsError::NotEmpty));
        let names: Vec<&str> = fs.children("/run").map(|(n, _)| n).collect();
        assert_eq!(names, ["containerd", "x"]);
    }

    #[test]
    fn symlink_loops_end() {
        let mut fs = Fs::new();
        fs.put(
            "/a",
            Entry::Symlink {
                target: "/b".into(),
            },
        );
        fs.put(
            "/b",
            Entry::Symlink {
                target: "/a".into(),
            },
        );
        assert_eq!(fs.get("/a"), Err(FsError::Loop));
    }
}
