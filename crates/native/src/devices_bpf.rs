//! cgroup v2 device rules as an eBPF program (`BPF_PROG_TYPE_CGROUP_DEVICE`),
//! as runc 1.1.5 builds it (`cgroups/ebpf/devicefilter`): the rules are first
//! reduced by cgroup v1's semantics (`cgroups/devices` emulator: a default
//! action and the exceptions to it, sorted by major, minor, type), then each
//! exception becomes a block of instructions that returns its verdict when
//! the device matches, and the last block returns the default. The encoder is
//! pure; [`attach`] loads the program and attaches it to a cgroup directory
//! with `bpf(2)`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// `BPF_DEVCG_ACC_MKNOD`, `_READ`, `_WRITE`.
const ACC_MKNOD: u8 = 1;
const ACC_READ: u8 = 2;
const ACC_WRITE: u8 = 4;
const ACC_ALL: u8 = ACC_MKNOD | ACC_READ | ACC_WRITE;
/// `BPF_DEVCG_DEV_BLOCK`, `_CHAR`.
const DEV_BLOCK: i32 = 1;
const DEV_CHAR: i32 = 2;

/// One device cgroup rule (`c 1:3 rwm`, allow or deny); `-1` is `*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// `a`, `b` or `c`.
    pub kind: char,
    /// Major, `-1` for any.
    pub major: i64,
    /// Minor, `-1` for any.
    pub minor: i64,
    /// `ACC_*` bits.
    pub access: u8,
    /// Allow (else deny).
    pub allow: bool,
}

impl Rule {
    /// From a devices.allow line (`c *:* m`, `a`).
    pub fn parse(line: &str, allow: bool) -> Option<Rule> {
        let mut w = line.split_whitespace();
        let kind = w.next()?.chars().next()?;
        if kind == 'a' && w.clone().next().is_none() {
            return Some(Rule {
                kind,
                major: -1,
                minor: -1,
                access: ACC_ALL,
                allow,
            });
        }
        let (maj, min) = w.next()?.split_once(':')?;
        let num = |s: &str| if s == "*" { Some(-1) } else { s.parse().ok() };
        Some(Rule {
            kind,
            major: num(maj)?,
            minor: num(min)?,
            access: access_bits(w.next().unwrap_or("rwm")),
            allow,
        })
    }
}

/// `rwm` → bits.
pub fn access_bits(s: &str) -> u8 {
    s.chars().fold(0, |a, c| {
        a | match c {
            'r' => ACC_READ,
            'w' => ACC_WRITE,
            'm' => ACC_MKNOD,
            _ => 0,
        }
    })
}

/// cgroup v1's device semantics: a default and its exceptions (runc's
/// `devices.Emulator`).
#[derive(Debug, Default)]
struct Emulator {
    default_allow: bool,
    /// `(major, minor, type)` → access: sorted as runc sorts them.
    rules: BTreeMap<(i64, i64, char), u8>,
}

impl Emulator {
    fn apply(&mut self, r: &Rule) -> Result<(), String> {
        if r.kind == 'a' {
            *self = Emulator {
                default_allow: r.allow,
                rules: BTreeMap::new(),
            };
            return Ok(());
        }
        let key = (r.major, r.minor, r.kind);
        if r.allow == self.default_allow {
            // Removing an exception: never a hole in a wildcard exception.
            for partial in [
                (-1, r.minor, r.kind),
                (r.major, -1, r.kind),
                (-1, -1, r.kind),
            ] {
                if partial != key && self.rules.get(&partial).is_some_and(|p| p & r.access != 0) {
                    return Err(format!(
                        "requested rule [{} {}:{}] not supported by devices cgroupv1 (cannot punch hole in existing wildcard rule)",
                        r.kind, r.major, r.minor
                    ));
                }
            }
            let left = self.rules.get(&key).copied().unwrap_or(0) & !r.access;
            if left == 0 {
                self.rules.remove(&key);
            } else {
                self.rules.insert(key, left);
            }
        } else {
            *self.rules.entry(key).or_insert(0) |= r.access;
        }
        Ok(())
    }
}

/// One eBPF instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Insn {
    /// Opcode.
    pub code: u8,
    /// Destination register.
    pub dst: u8,
    /// Source register.
    pub src: u8,
    /// Offset (jumps: instructions to skip).
    pub off: i16,
    /// Immediate.
    pub imm: i32,
}

const LDX_MEM_W: u8 = 0x61;
const AND32_IMM: u8 = 0x54;
const RSH32_IMM: u8 = 0x74;
const MOV32_REG: u8 = 0xbc;
const MOV32_IMM: u8 = 0xb4;
const JNE_IMM: u8 = 0x55;
const JNE_REG: u8 = 0x5d;
const EXIT: u8 = 0x95;

fn insn(code: u8, dst: u8, src: u8, off: i16, imm: i32) -> Insn {
    Insn {
        code,
        dst,
        src,
        off,
        imm,
    }
}

/// The program and the index where each block starts (for the listing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// The instructions.
    pub insns: Vec<Insn>,
    /// First instruction of `block-N`.
    pub blocks: Vec<usize>,
    /// Nothing denied: a load failure may be ignored (runc's `canSkipEBPFError`).
    pub allow_all: bool,
}

/// runc's `DeviceFilter`: the rules in the order they are applied.
pub fn device_filter(rules: &[Rule]) -> Result<Program, String> {
    let mut emu = Emulator::default();
    for r in rules {
        emu.apply(r)?;
    }
    let mut p = vec![
        insn(LDX_MEM_W, 2, 1, 0, 0),
        insn(AND32_IMM, 2, 0, 0, 0xFFFF),
        insn(LDX_MEM_W, 3, 1, 0, 0),
        insn(RSH32_IMM, 3, 0, 0, 16),
        insn(LDX_MEM_W, 4, 1, 4, 0),
        insn(LDX_MEM_W, 5, 1, 8, 0),
    ];
    let mut blocks = Vec::new();
    // Jumps to "next block" are patched once the block's end is known.
    for (&(major, minor, kind), &access) in &emu.rules {
        let start = p.len();
        blocks.push(start);
        let typ = if kind == 'b' { DEV_BLOCK } else { DEV_CHAR };
        let mut jumps = vec![p.len()];
        p.push(insn(JNE_IMM, 2, 0, 0, typ));
        if access != ACC_ALL {
            p.push(insn(MOV32_REG, 1, 3, 0, 0));
            p.push(insn(AND32_IMM, 1, 0, 0, access.into()));
            jumps.push(p.len());
            p.push(insn(JNE_REG, 1, 3, 0, 0));
        }
        if major >= 0 {
            jumps.push(p.len());
            p.push(insn(JNE_IMM, 4, 0, 0, major as i32));
        }
        if minor >= 0 {
            jumps.push(p.len());
            p.push(insn(JNE_IMM, 5, 0, 0, minor as i32));
        }
        p.push(insn(MOV32_IMM, 0, 0, 0, i32::from(!emu.default_allow)));
        p.push(insn(EXIT, 0, 0, 0, 0));
        let next = p.len();
        for j in jumps {
            p[j].off = i16::try_from(next - j - 1).unwrap_or(i16::MAX);
        }
    }
    blocks.push(p.len());
    p.push(insn(MOV32_IMM, 0, 0, 0, i32::from(emu.default_allow)));
    p.push(insn(EXIT, 0, 0, 0, 0));
    Ok(Program {
        insns: p,
        blocks,
        allow_all: emu.default_allow && emu.rules.is_empty(),
    })
}

impl Program {
    /// cilium/ebpf's listing (`asm.Instructions.String()`), as runc's tests
    /// print it: `block-N:` labels, jumps as `off: -1 … <block-N>`.
    pub fn listing(&self) -> String {
        let mut s = String::new();
        for (i, x) in self.insns.iter().enumerate() {
            if let Some(b) = self.blocks.iter().position(|b| *b == i) {
                let _ = writeln!(s, "block-{b}:");
            }
            let target = |off: i16| {
                let t = i + 1 + usize::try_from(off).unwrap_or(0);
                self.blocks
                    .iter()
                    .position(|b| *b == t)
                    .map_or(String::new(), |b| format!(" <block-{b}>"))
            };
            let line = match x.code {
                LDX_MEM_W => format!(
                    "LdXMemW dst: r{} src: r{} off: {} imm: {}",
                    x.dst, x.src, x.off, x.imm
                ),
                AND32_IMM => format!("And32Imm dst: r{} imm: {}", x.dst, x.imm),
                RSH32_IMM => format!("RSh32Imm dst: r{} imm: {}", x.dst, x.imm),
                MOV32_REG => format!("Mov32Reg dst: r{} src: r{}", x.dst, x.src),
                MOV32_IMM => format!("Mov32Imm dst: r{} imm: {}", x.dst, x.imm),
                JNE_IMM => format!(
                    "JNEImm dst: r{} off: -1 imm: {}{}",
                    x.dst,
                    x.imm,
                    target(x.off)
                ),
                JNE_REG => format!(
                    "JNEReg dst: r{} off: -1 src: r{}{}",
                    x.dst,
                    x.src,
                    target(x.off)
                ),
                EXIT => "Exit".to_string(),
                c => format!("code {c:#x}"),
            };
            let _ = writeln!(s, "{i}: {line}");
        }
        s
    }

    /// The instructions as the kernel takes them (`struct bpf_insn`).
    fn raw(&self) -> Vec<u64> {
        self.insns
            .iter()
            .map(|x| {
                u64::from(x.code)
                    | (u64::from(x.dst & 0xf) << 8)
                    | (u64::from(x.src & 0xf) << 12)
                    | (u64::from(x.off as u16) << 16)
                    | (u64::from(x.imm as u32) << 32)
            })
            .collect()
    }
}

/// `bpf_attr` for `BPF_PROG_LOAD` (the fields up to `expected_attach_type`).
#[repr(C)]
#[derive(Default)]
struct ProgLoad {
    prog_type: u32,
    insn_cnt: u32,
    insns: u64,
    license: u64,
    log_level: u32,
    log_size: u32,
    log_buf: u64,
    kern_version: u32,
    prog_flags: u32,
    prog_name: [u8; 16],
    prog_ifindex: u32,
    expected_attach_type: u32,
}

/// `bpf_attr` for `BPF_PROG_ATTACH`.
#[repr(C)]
#[derive(Default)]
struct ProgAttach {
    target_fd: u32,
    attach_bpf_fd: u32,
    attach_type: u32,
    attach_flags: u32,
    replace_bpf_fd: u32,
}

const BPF_PROG_LOAD: libc::c_long = 5;
const BPF_PROG_ATTACH: libc::c_long = 8;
const BPF_PROG_TYPE_CGROUP_DEVICE: u32 = 15;
const BPF_CGROUP_DEVICE: u32 = 6;
const BPF_F_ALLOW_MULTI: u32 = 2;

/// Loads the program and attaches it to the cgroup directory `dir`
/// (`BPF_F_ALLOW_MULTI`, as runc). The program stays attached after its fd
/// is closed; removing the cgroup frees it.
pub fn attach(p: &Program, dir: &std::path::Path) -> std::io::Result<()> {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    let raw = p.raw();
    let license = b"Apache\0";
    let mut name = [0u8; 16];
    name[..6].copy_from_slice(b"atlas\0");
    let load = ProgLoad {
        prog_type: BPF_PROG_TYPE_CGROUP_DEVICE,
        insn_cnt: u32::try_from(raw.len()).unwrap_or(u32::MAX),
        insns: raw.as_ptr() as u64,
        license: license.as_ptr() as u64,
        prog_name: name,
        ..ProgLoad::default()
    };
    // SAFETY: `load` points at live buffers (`raw`, `license`) for the call;
    // the kernel reads `size_of` bytes of it.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_bpf,
            BPF_PROG_LOAD,
            &load as *const ProgLoad,
            std::mem::size_of::<ProgLoad>(),
        )
    };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: the kernel just returned this new descriptor.
    let prog = unsafe { OwnedFd::from_raw_fd(fd as i32) };
    let dirf = std::fs::File::open(dir)?;
    let at = ProgAttach {
        target_fd: dirf.as_raw_fd() as u32,
        attach_bpf_fd: prog.as_raw_fd() as u32,
        attach_type: BPF_CGROUP_DEVICE,
        attach_flags: BPF_F_ALLOW_MULTI,
        replace_bpf_fd: 0,
    };
    // SAFETY: `at` is a plain struct read by the kernel for the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_bpf,
            BPF_PROG_ATTACH,
            &at as *const ProgAttach,
            std::mem::size_of::<ProgAttach>(),
        )
    };
    if r < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(lines: &[(&str, bool)]) -> Vec<Rule> {
        lines
            .iter()
            .map(|(l, a)| Rule::parse(l, *a).expect("rule"))
            .collect()
    }

    /// The instruction lines of a listing (labels and comments dropped, as
    /// runc's test compares them).
    fn body(s: &str) -> Vec<String> {
        s.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//") && !l.starts_with("block-"))
            .map(str::to_string)
            .collect()
    }

    const PROLOGUE: &str = "0: LdXMemW dst: r2 src: r1 off: 0 imm: 0
1: And32Imm dst: r2 imm: 65535
2: LdXMemW dst: r3 src: r1 off: 0 imm: 0
3: RSh32Imm dst: r3 imm: 16
4: LdXMemW dst: r4 src: r1 off: 4 imm: 0
5: LdXMemW dst: r5 src: r1 off: 8 imm: 0";

    #[test]
    fn no_rules_reject_everything() {
        let p = device_filter(&[]).expect("program");
        let want = format!("{PROLOGUE}\n6: Mov32Imm dst: r0 imm: 0\n7: Exit");
        assert_eq!(body(&p.listing()), body(&want));
    }

    /// runc v1.1.5 devicefilter_test.go, TestDeviceFilter_BuiltInAllowList.
    #[test]
    fn runcs_allow_list_compiles_as_runc_compiles_it() {
        let allowed: Vec<(&str, bool)> = crate::cgroup::RUNC_ALLOWED_DEVICES
            .iter()
            .map(|l| (*l, true))
            .collect();
        let p = device_filter(&rules(&allowed)).expect("program");
        let mut want = String::from(PROLOGUE);
        let mut i = 6;
        let mut block = 1;
        // (b *:* m) and (c *:* m): type and access checks only.
        for typ in [1, 2] {
            want += &format!(
                "\n{i}: JNEImm dst: r2 off: -1 imm: {typ} <block-{block}>\n{}: Mov32Reg dst: r1 src: r3\n{}: And32Imm dst: r1 imm: 1\n{}: JNEReg dst: r1 off: -1 src: r3 <block-{block}>\n{}: Mov32Imm dst: r0 imm: 1\n{}: Exit",
                i + 1, i + 2, i + 3, i + 4, i + 5
            );
            i += 6;
            block += 1;
        }
        for (maj, min) in [
            (1, 3),
            (1, 5),
            (1, 7),
            (1, 8),
            (1, 9),
            (5, 0),
            (5, 2),
            (10, 200),
        ] {
            want += &format!(
                "\n{i}: JNEImm dst: r2 off: -1 imm: 2 <block-{block}>\n{}: JNEImm dst: r4 off: -1 imm: {maj} <block-{block}>\n{}: JNEImm dst: r5 off: -1 imm: {min} <block-{block}>\n{}: Mov32Imm dst: r0 imm: 1\n{}: Exit",
                i + 1, i + 2, i + 3, i + 4
            );
            i += 5;
            block += 1;
        }
        want += &format!(
            "\n{i}: JNEImm dst: r2 off: -1 imm: 2 <block-{block}>\n{}: JNEImm dst: r4 off: -1 imm: 136 <block-{block}>\n{}: Mov32Imm dst: r0 imm: 1\n{}: Exit\n{}: Mov32Imm dst: r0 imm: 0\n{}: Exit",
            i + 1, i + 2, i + 3, i + 4, i + 5
        );
        assert_eq!(body(&p.listing()), body(&want));
        assert_eq!(p.insns.len(), 64);
        // Jumps land on the next block.
        assert_eq!(p.insns[6].off, 5);
        assert_eq!(p.insns[9].off, 2);
    }

    /// TestDeviceFilter_Privileged, _PrivilegedExceptSingleDevice, _Weird.
    #[test]
    fn allow_all_and_exceptions() {
        let p = device_filter(&rules(&[("a", true)])).expect("program");
        assert!(p.allow_all);
        assert_eq!(
            body(&p.listing()),
            body(&format!("{PROLOGUE}\n6: Mov32Imm dst: r0 imm: 1\n7: Exit"))
        );
        let single = "6: JNEImm dst: r2 off: -1 imm: 1 <block-1>
7: JNEImm dst: r4 off: -1 imm: 8 <block-1>
8: JNEImm dst: r5 off: -1 imm: MINOR <block-1>
9: Mov32Imm dst: r0 imm: 0
10: Exit
11: Mov32Imm dst: r0 imm: 1
12: Exit";
        let p = device_filter(&rules(&[("a", true), ("b 8:0 rwm", false)])).expect("program");
        assert_eq!(
            body(&p.listing()),
            body(&format!("{PROLOGUE}\n{}", single.replace("MINOR", "0")))
        );
        // 8:1 denied, then everything allowed, then 8:2 denied: only 8:2 is.
        let p = device_filter(&rules(&[
            ("b 8:1 rwm", false),
            ("a", true),
            ("b 8:2 rwm", false),
        ]))
        .expect("program");
        assert_eq!(
            body(&p.listing()),
            body(&format!("{PROLOGUE}\n{}", single.replace("MINOR", "2")))
        );
    }

    #[test]
    fn a_hole_in_a_wildcard_is_refused() {
        let r = device_filter(&rules(&[
            ("a", true),
            ("c *:* rwm", false),
            ("c 1:3 r", true),
        ]));
        assert!(r.is_err());
    }

    #[test]
    fn instructions_encode_as_struct_bpf_insn() {
        let p = Program {
            insns: vec![insn(JNE_IMM, 4, 0, 3, 136), insn(MOV32_REG, 1, 3, 0, 0)],
            blocks: vec![],
            allow_all: false,
        };
        assert_eq!(p.raw(), [0x0000_0088_0003_0455, 0x0000_0000_0000_31bc]);
    }
}
