//! The process's limit on open files, raised at start to what the system allows.
//!
//! Every peer is a socket, and every document being typed in holds its log file open (see
//! [`crate::store`]). The soft limit most systems start a process with, 1024, is a few hundred
//! users; the hard limit (524,288 under systemd's defaults) is what the operator allows. Raising
//! the soft limit to the hard one at start, as Go's runtime and many servers do, spares operators
//! from editing unit files before the first busy day.

use std::io;

/// Raises the soft limit on open files to the hard limit (Linux only; elsewhere nothing
/// changes). Returns the soft limit before and after.
pub fn raise_to_hard_limit() -> io::Result<(u64, u64)> {
    #[cfg(target_os = "linux")]
    {
        let mut limit = open_files_limit()?;
        let before = limit.rlim_cur;
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max;
            // SAFETY: setrlimit only reads the struct it is given.
            if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) } != 0 {
                return Err(io::Error::last_os_error());
            }
        }
        Ok((before, limit.rlim_cur))
    }
    #[cfg(not(target_os = "linux"))]
    Ok((0, 0))
}

/// The soft and hard limits on open files, as the kernel has them now.
#[cfg(target_os = "linux")]
fn open_files_limit() -> io::Result<libc::rlimit> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(limit)
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn limits() -> (u64, u64) {
        let limit = open_files_limit().unwrap();
        (limit.rlim_cur, limit.rlim_max)
    }

    #[test]
    fn the_soft_limit_ends_at_the_hard_one() {
        // Start from a low soft limit, as most systems give a process.
        let (_, hard) = limits();
        let low = libc::rlimit {
            rlim_cur: hard.min(1024) / 2,
            rlim_max: hard,
        };
        // SAFETY: setrlimit only reads the struct it is given.
        assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &low) }, 0);
        let (before, after) = raise_to_hard_limit().unwrap();
        assert_eq!((before, after), (hard.min(1024) / 2, hard));
        assert_eq!(limits(), (hard, hard));
    }
}
