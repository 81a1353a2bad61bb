// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.translator.kernel;

/**
 * Where poll(2) sleeps: every change that can make a file ready (data or room in a pipe, an end
 * closed) notifies this one monitor, and pollers re-check their fds. Notifiers must not hold a
 * file's own lock while calling {@link #changed()}; pollers take this monitor first, then files'.
 */
public final class Readiness {
    public static final Object MONITOR = new Object();

    private Readiness() {}

    /** Wakes every poller so it re-checks its fds. */
    public static void changed() {
        synchronized (MONITOR) {
            MONITOR.notifyAll();
        }
    }
}
