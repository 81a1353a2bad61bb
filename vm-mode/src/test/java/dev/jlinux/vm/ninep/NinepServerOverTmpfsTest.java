// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vm.ninep;

import dev.jlinux.vfs.FileSystem;
import dev.jlinux.vfs.tmpfs.TmpFs;

/** The 9P server over a tmpfs. */
class NinepServerOverTmpfsTest extends NinepServerContract {
    @Override
    FileSystem fileSystem() {
        return new TmpFs(0x2a, 1L << 30, () -> System.currentTimeMillis() * 1_000_000L, 0777, 0, 0);
    }
}
