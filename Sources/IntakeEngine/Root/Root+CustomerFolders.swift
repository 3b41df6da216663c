import IntakeCore
import IntakeSystem

extension Root {
    /// Lays out the folders of a workspace whose customers reach it over a
    /// chrooted SFTP account in `customerGroup` (spec section 3; `intake init`):
    ///
    /// - `inbox/WORKSPACE`: owned by root, mode 0755. The customer's chroot
    ///   shows it as `inbox/`; the customer can neither rename nor replace the
    ///   type folders in it (no link can be put in their place).
    /// - `inbox/WORKSPACE/TYPE` for each permitted type: the daemon's user
    ///   (the owner of `inbox/`) and the customer group, mode 2770: both write
    ///   files there, new files get the group.
    /// - `outbox/WORKSPACE`: the daemon's user and the customer group, mode
    ///   2750: the customer reads its reports, writes nothing.
    ///
    /// Needs root (it gives folders to root and to another user).
    public func layOutCustomerFolders(_ workspace: String, types: [ImportType], customerGroup: UInt32) throws(SystemError) {
        let daemon = try FileStatus.of(inbox).owner
        let home = inbox + "/" + workspace
        try FileSystem.createDirectories(home, mode: 0o755)
        try FileSystem.setOwner(home, uid: 0, gid: 0, mode: 0o755)
        for type in types {
            let folder = home + "/" + type.name
            try FileSystem.createDirectories(folder)
            try FileSystem.setOwner(folder, uid: daemon, gid: customerGroup, mode: 0o2770)
        }
        try FileSystem.createDirectories(outbox(workspace))
        try FileSystem.setOwner(outbox(workspace), uid: daemon, gid: customerGroup, mode: 0o2750)
    }
}
