//! runc's CVE-2019-5736 defence: the init process (and `exec`'s
//! `init-exec`) runs from a sealed in-memory copy of this binary, so a
//! container cannot overwrite the host's binary through `/proc/PID/exe`.

use crate::error::{Result, SysContext};
use std::os::fd::OwnedFd;

/// A sealed memfd copy of `/proc/self/exe`. `name` shows in `/proc/PID/exe`
/// as `/memfd:NAME (deleted)`.
pub fn sealed_copy(name: &str) -> Result<OwnedFd> {
    use nix::sys::memfd::{memfd_create, MFdFlags};
    let fd = memfd_create(name, MFdFlags::MFD_CLOEXEC | MFdFlags::MFD_ALLOW_SEALING)
        .ctx(|| "memfd_create".into())?;
    let mut exe = std::fs::File::open("/proc/self/exe").ctx(|| "open /proc/self/exe".into())?;
    let mut out = std::fs::File::from(fd);
    std::io::copy(&mut exe, &mut out).ctx(|| "copy /proc/self/exe".into())?;
    let fd = OwnedFd::from(out);
    use nix::fcntl::SealFlag;
    let seal = || {
        nix::fcntl::fcntl(
            &fd,
            nix::fcntl::FcntlArg::F_ADD_SEALS(
                SealFlag::F_SEAL_SEAL
                    | SealFlag::F_SEAL_SHRINK
                    | SealFlag::F_SEAL_GROW
                    | SealFlag::F_SEAL_WRITE,
            ),
        )
    };
    // F_SEAL_WRITE fails with EBUSY while any page of the file has a reference
    // beyond its mappings. Right after the copy, the new pages can still sit in
    // another CPU's LRU batch (the kernel drains only the calling CPU's before
    // it waits ~150 ms): seen once in ~30 creates on a busy 2-core machine. The
    // batch drains as that CPU goes on, so the seal is tried again 10 times
    // (0.55 s of sleeps, plus the kernel's own wait each time: ~2 s at worst)
    // before the create fails.
    let mut tries = 0u64;
    loop {
        match seal() {
            Err(nix::errno::Errno::EBUSY) if tries < 10 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(10 * tries));
            }
            r => {
                r.ctx(|| "seal the copy".into())?;
                break;
            }
        }
    }
    Ok(fd)
}
