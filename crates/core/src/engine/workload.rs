//! What the workload process does once `execve` has run: enough behaviour to
//! tell the stories (servers, `sleep N`, `sh -c 'exit N'`, `true`/`false`,
//! `echo`, a memory hog that exceeds its limit).

/// The behaviour of a container's main process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Workload {
    /// Runs until killed; prints these lines at start.
    Server {
        /// Log lines written at start (stream, text).
        lines: Vec<(&'static str, String)>,
        /// Whether it exits on SIGTERM (pause and nginx do; `sleep` as PID 1 does not).
        honours_sigterm: bool,
    },
    /// Exits by itself after `after_ms` with `code`, having printed `lines`.
    Exits {
        /// Delay after start.
        after_ms: u64,
        /// Exit code.
        code: i32,
        /// Output lines.
        lines: Vec<(&'static str, String)>,
    },
    /// Allocates `bytes` of memory; killed by the kernel OOM killer when over its limit.
    Hog {
        /// Bytes it touches.
        bytes: u64,
    },
    /// `execve` fails: the binary does not exist in the image.
    NotFound {
        /// What runc prints after `exec: `.
        message: String,
    },
}

impl Workload {
    /// Derives the behaviour from the image and the final argv (entrypoint + cmd).
    pub fn from_argv(image: &str, argv: &[String]) -> Workload {
        let base = image.rsplit('/').next().unwrap_or(image);
        let repo = base.split([':', '@']).next().unwrap_or(base);
        let Some(first) = argv.first() else {
            return Workload::from_image(repo);
        };
        let prog = first.rsplit('/').next().unwrap_or(first);
        let rest = &argv[1..];
        match prog {
            "docker-init" | "tini" => {
                let tail: Vec<String> = rest.iter().skip_while(|a| *a == "--").cloned().collect();
                if tail.is_empty() {
                    Workload::from_image(repo)
                } else {
                    Workload::from_argv(image, &tail)
                }
            }
            // catatonit -P: a Podman pod's infra process only pauses.
            "pause" | "catatonit" => Workload::Server {
                lines: vec![],
                honours_sigterm: true,
            },
            "nginx" | "docker-entrypoint.sh" | "/docker-entrypoint.sh" => {
                Workload::from_image("nginx")
            }
            "sleep" => match rest.first().map(String::as_str) {
                Some("infinity") => Workload::Server {
                    lines: vec![],
                    honours_sigterm: false,
                },
                Some(n) => match crate::command::units::decimal(n) {
                    Some(s) if s.is_finite() && s >= 0.0 => Workload::Exits {
                        after_ms: (s * 1000.0) as u64,
                        code: 0,
                        lines: vec![],
                    },
                    _ => Workload::Exits {
                        after_ms: 1,
                        code: 1,
                        lines: vec![("stderr", format!("sleep: invalid number '{n}'"))],
                    },
                },
                None => Workload::Exits {
                    after_ms: 1,
                    code: 1,
                    lines: vec![("stderr", "sleep: missing operand".to_string())],
                },
            },
            "true" => Workload::Exits {
                after_ms: 1,
                code: 0,
                lines: vec![],
            },
            "false" => Workload::Exits {
                after_ms: 1,
                code: 1,
                lines: vec![],
            },
            "echo" => Workload::Exits {
                after_ms: 1,
                code: 0,
                lines: vec![("stdout", rest.join(" "))],
            },
            "sh" | "bash" | "ash" => match rest {
                [c, script, ..] if c == "-c" => Workload::from_script(script),
                [] => Workload::Exits {
                    after_ms: 1,
                    code: 0,
                    lines: vec![],
                },
                [file, ..] => Workload::Exits {
                    after_ms: 1,
                    code: 127,
                    lines: vec![(
                        "stderr",
                        format!("{prog}: can't open '{file}': No such file or directory"),
                    )],
                },
            },
            "stress" => {
                let bytes = rest
                    .windows(2)
                    .find(|w| w[0] == "--vm-bytes")
                    .and_then(|w| parse_stress_bytes(&w[1]))
                    .unwrap_or(256 << 20);
                Workload::Hog { bytes }
            }
            "top" | "tail" | "cat" => Workload::Server {
                lines: vec![],
                honours_sigterm: true,
            },
            "ls" | "date" | "hostname" | "id" | "whoami" | "env" | "ps" | "uname" | "pwd" => {
                Workload::Exits {
                    after_ms: 1,
                    code: 0,
                    lines: busybox_output(prog, rest)
                        .lines()
                        .map(|l| ("stdout", l.to_string()))
                        .collect(),
                }
            }
            _ => {
                let message = if first.contains('/') {
                    format!("exec: \"{first}\": stat {first}: no such file or directory")
                } else {
                    format!("exec: \"{first}\": executable file not found in $PATH")
                };
                Workload::NotFound { message }
            }
        }
    }

    fn from_image(repo: &str) -> Workload {
        match repo {
            "nginx" => Workload::Server {
                lines: vec![
                    ("stdout", "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration".to_string()),
                    ("stdout", "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/".to_string()),
                    ("stdout", "/docker-entrypoint.sh: Configuration complete; ready for start up".to_string()),
                    ("stderr", "[notice] 1#1: nginx/1.27.3".to_string()),
                    ("stderr", "[notice] 1#1: start worker processes".to_string()),
                ],
                honours_sigterm: true,
            },
            "pause" => Workload::Server {
                lines: vec![],
                honours_sigterm: true,
            },
            "busybox" | "alpine" | "ubuntu" | "debian" => Workload::Exits {
                after_ms: 1,
                code: 0,
                lines: vec![],
            },
            "stress" => Workload::Hog { bytes: 256 << 20 },
            "hello-world" => Workload::Exits {
                after_ms: 1,
                code: 0,
                lines: vec![("stdout", "Hello from Docker!".to_string())],
            },
            _ => Workload::Server {
                lines: vec![],
                honours_sigterm: true,
            },
        }
    }

    fn from_script(script: &str) -> Workload {
        let s = script.trim();
        if let Some(w) = Workload::sleep_then_exit(s) {
            return w;
        }
        if let Some(code) = s.strip_prefix("exit") {
            let code = code.trim().parse::<i32>().unwrap_or(0);
            return Workload::Exits {
                after_ms: 10,
                code: code.rem_euclid(256),
                lines: vec![],
            };
        }
        let words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
        if s.starts_with("while") || s.contains("sleep infinity") {
            return Workload::Server {
                lines: vec![],
                honours_sigterm: false,
            };
        }
        if words.first().map(String::as_str) == Some("echo") {
            let text = s
                .trim_start_matches("echo")
                .trim()
                .trim_matches(['"', '\''])
                .to_string();
            return Workload::Exits {
                after_ms: 1,
                code: 0,
                lines: vec![("stdout", text)],
            };
        }
        if words.is_empty() {
            return Workload::Exits {
                after_ms: 1,
                code: 0,
                lines: vec![],
            };
        }
        Workload::from_argv("", &words)
    }

    /// `sleep 2; exit 3` (also with `&&`): exits with the code after the
    /// sleeps (drill D01's crash-looping container).
    fn sleep_then_exit(s: &str) -> Option<Workload> {
        let steps: Vec<&str> = s
            .split(';')
            .flat_map(|p| p.split("&&"))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let (last, sleeps) = steps.split_last()?;
        if sleeps.is_empty() {
            return None;
        }
        let mut after_ms: u64 = 10;
        for step in sleeps {
            let secs = step.strip_prefix("sleep ")?.trim().parse::<u64>().ok()?;
            after_ms = after_ms.saturating_add(secs.saturating_mul(1000));
        }
        let code = last.strip_prefix("exit")?.trim();
        let code = if code.is_empty() {
            0
        } else {
            code.parse::<i32>().ok()?
        };
        Some(Workload::Exits {
            after_ms,
            code: code.rem_euclid(256),
            lines: vec![],
        })
    }

    /// The log lines printed at start.
    pub fn lines(&self) -> &[(&'static str, String)] {
        match self {
            Workload::Server { lines, .. } | Workload::Exits { lines, .. } => lines,
            _ => &[],
        }
    }
}

fn parse_stress_bytes(s: &str) -> Option<u64> {
    let (num, mult) = match s.chars().last()? {
        'K' | 'k' => (&s[..s.len() - 1], 1u64 << 10),
        'M' | 'm' => (&s[..s.len() - 1], 1 << 20),
        'G' | 'g' => (&s[..s.len() - 1], 1 << 30),
        'B' | 'b' => (&s[..s.len() - 1], 1),
        _ => (s, 1),
    };
    num.parse::<u64>().ok()?.checked_mul(mult)
}

/// What busybox prints for the small programs scripts use, in a fresh
/// container whose PID 1 is the program itself. `hostname` and `date` print
/// [`HOSTNAME_MARK`] and [`DATE_MARK`], which the engine replaces with the
/// container's hostname and the world's clock when the process runs.
fn busybox_output(prog: &str, rest: &[String]) -> String {
    match prog {
        "ls" if rest.iter().any(|a| a == "/" ) || rest.is_empty() => {
            "bin\ndev\netc\nhome\nlib\nlib64\nproc\nroot\nsys\ntmp\nusr\nvar".to_string()
        }
        "ls" => rest
            .iter()
            .filter(|a| !a.starts_with('-'))
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
        "date" => DATE_MARK.to_string(),
        "hostname" => HOSTNAME_MARK.to_string(),
        "id" => "uid=0(root) gid=0(root) groups=0(root),10(wheel)".to_string(),
        "whoami" => "root".to_string(),
        "pwd" => "/".to_string(),
        "uname" if rest.iter().any(|a| a == "-r") => "6.1.0-27-amd64".to_string(),
        "uname" if rest.iter().any(|a| a == "-a") => {
            format!("Linux {HOSTNAME_MARK} 6.1.0-27-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01) x86_64 GNU/Linux")
        }
        "uname" => "Linux".to_string(),
        "env" => format!("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME={HOSTNAME_MARK}\nHOME=/root"),
        "ps" => "PID   USER     TIME  COMMAND\n    1 root      0:00 ps".to_string(),
        _ => String::new(),
    }
}

/// Stands for the container's hostname in a workload's output.
pub(crate) const HOSTNAME_MARK: &str = "\u{1}hostname\u{1}";
/// Stands for the time the process runs, as `date` prints it.
pub(crate) const DATE_MARK: &str = "\u{1}date\u{1}";

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn behaviours() {
        assert!(matches!(
            Workload::from_argv("nginx", &[]),
            Workload::Server { .. }
        ));
        assert_eq!(
            Workload::from_argv("busybox", &v(&["sh", "-c", "exit 3"])),
            Workload::Exits {
                after_ms: 10,
                code: 3,
                lines: vec![]
            }
        );
        assert_eq!(
            Workload::from_argv("busybox", &v(&["sh", "-c", "sleep 2; exit 3"])),
            Workload::Exits {
                after_ms: 2010,
                code: 3,
                lines: vec![]
            }
        );
        assert!(matches!(
            Workload::from_argv("busybox", &v(&["sh", "-c", "sleep 1 && sleep x; exit 3"])),
            Workload::Server { .. } | Workload::Exits { code: 0, .. }
        ));
        assert!(matches!(
            Workload::from_argv("busybox", &v(&["sleep", "5"])),
            Workload::Exits {
                after_ms: 5000,
                code: 0,
                ..
            }
        ));
        assert_eq!(
            Workload::from_argv(
                "polinux/stress",
                &v(&["stress", "--vm", "1", "--vm-bytes", "250M"])
            ),
            Workload::Hog { bytes: 250 << 20 }
        );
        assert!(matches!(
            Workload::from_argv("busybox", &v(&["/bin/nonexistent"])),
            Workload::NotFound { .. }
        ));
        assert!(matches!(
            Workload::from_argv(
                "nginx",
                &v(&["/sbin/docker-init", "--", "nginx", "-g", "daemon off;"])
            ),
            Workload::Server { .. }
        ));
    }
}
