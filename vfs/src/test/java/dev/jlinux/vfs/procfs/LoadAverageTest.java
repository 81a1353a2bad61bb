// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** kernel/sched/loadavg.c's arithmetic, sample by sample. */
class LoadAverageTest {
    @Test
    void startsAtZero() {
        assertThat(new LoadAverage().format()).isEqualTo("0.00 0.00 0.00");
    }

    @Test
    void oneRunningTaskForOneSample() {
        LoadAverage l = new LoadAverage();
        l.sample(1);
        // 1.0 * (1 - EXP_n), rounded up while rising: 164, 34 and 11 / 2048.
        assertThat(l.averages()).containsExactly(164, 34, 11);
        assertThat(l.format()).isEqualTo("0.08 0.02 0.01");
    }

    @Test
    void aMinuteOfOneTaskThenIdleDecays() {
        LoadAverage l = new LoadAverage();
        for (int i = 0; i < 12; i++) l.sample(1);
        // 1 - (1884/2048)^12 = 0.63 over one minute of one running task.
        assertThat(l.format()).startsWith("0.63 ");
        long before = l.averages()[0];
        l.sample(0);
        assertThat(l.averages()[0]).isEqualTo(before * 1884 / 2048);
    }

    @Test
    void convergesOnTheNumberOfActiveTasks() {
        LoadAverage l = new LoadAverage();
        for (int i = 0; i < 2000; i++) l.sample(3);
        assertThat(l.format()).isEqualTo("3.00 3.00 3.00");
    }
}
